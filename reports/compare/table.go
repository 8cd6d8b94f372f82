package compare

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/sfbench/sfbench/reports/format"
)

// columns of the table, in every format, and their alignment.
var (
	columns = []string{"group", "metric", "base (mean ± s.e.)", "new (mean ± s.e.)", "delta", "p", "n", "verdict"}
	aligns  = []format.Align{format.Left, format.Left, format.Right, format.Right, format.Right, format.Right, format.Right, format.Left}
)

// Table lays the comparison out for the notations of package format: a row
// per group compared, regressions' verdicts in bold.
func (c *Comparison) Table() *format.Table {
	t := &format.Table{Header: columns, Align: aligns, Markdown: format.AlignedRows}
	for i := range c.Rows {
		r := &c.Rows[i]
		cells := format.Plain(r.cells()...)
		cells[len(cells)-1].Bold = r.Verdict == Regression
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// cells are a row's table cells, in the order of columns.
func (r *Row) cells() []string {
	metric := r.Metric
	if metric == "" {
		metric = "-"
	}
	return []string{r.Name, metric, meanSE(r.Base), meanSE(r.New), formatDelta(r.Delta), formatP(r.P),
		formatN(r.Base, r.New), r.VerdictText()}
}

func meanSE(s Sample) string { return formatMeanSE(len(s.Values), s.Mean, s.SE) }

// formatMeanSE writes a mean over n values and its standard error: "-"
// without values, the mean alone for one, and a standard error within
// rounding of the mean's last bits (seeds that agree) as 0.
func formatMeanSE(n int, mean, se float64) string {
	switch n {
	case 0:
		return "-"
	case 1:
		return fmt.Sprintf("%.4g", mean)
	}
	if math.Abs(se) <= 1e-12*math.Abs(mean) {
		se = 0
	}
	return fmt.Sprintf("%.4g ± %.2g", mean, se)
}

func formatDelta(d float64) string {
	switch {
	case math.IsNaN(d):
		return "-"
	case math.IsInf(d, 1):
		return "+Inf%"
	case math.IsInf(d, -1):
		return "-Inf%"
	}
	if math.Abs(d) >= 10 {
		return fmt.Sprintf("%+.3g%%", 100*d)
	}
	return fmt.Sprintf("%+.2f%%", 100*d)
}

func formatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "-"
	case p < 0.001:
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

func formatN(b, n Sample) string {
	s := fmt.Sprintf("%d+%d", b.N(), n.N())
	if b.Failed+n.Failed > 0 {
		s += fmt.Sprintf(" (failed %d+%d)", b.Failed, n.Failed)
	}
	return s
}

// Settings describes the options in one line.
func (c *Comparison) Settings() string {
	o := c.Options
	s := fmt.Sprintf("%s, alpha %s, min effect %s%%; ", o.TestName(),
		strconv.FormatFloat(o.Alpha, 'g', 6, 64), strconv.FormatFloat(100*o.MinEffect, 'g', 6, 64))
	if o.Metric == "" {
		s += "metric: per group, the first reported of " + strings.Join(DefaultMetrics, ", ")
		switch o.Goal {
		case GoalMin:
			return s + " (lower is better)"
		case GoalMax:
			return s + " (higher is better)"
		}
		return s + " (higher is better for *_acc, lower otherwise)"
	}
	if o.goalFor(o.Metric) == GoalMax {
		return s + "metric: " + o.Metric + " (higher is better)"
	}
	return s + "metric: " + o.Metric + " (lower is better)"
}

// allWarnings are the comparison's warnings, then each row's, prefixed by
// the row's name.
func (c *Comparison) allWarnings() []string {
	out := append([]string(nil), c.Warnings...)
	for _, r := range c.Rows {
		for _, w := range r.Warnings {
			out = append(out, r.Name+": "+w)
		}
	}
	return out
}

// WriteText writes the comparison as an aligned table, benchstat-like:
// the inputs and settings, one line per group, the groups on one side only,
// the warnings and a one-line summary.
func (c *Comparison) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "base: %s (%d records)\n", c.Base, c.BaseRecords)
	fmt.Fprintf(bw, "new:  %s (%d records)\n", c.New, c.NewRecords)
	fmt.Fprintf(bw, "%s\n\n", c.Settings())
	if len(c.Rows) > 0 {
		if err := format.Text.Write(bw, c.Table()); err != nil {
			return err
		}
		fmt.Fprintln(bw)
	}
	for _, l := range []struct {
		title string
		items []string
	}{{"only in BASE", c.OnlyBase}, {"only in NEW", c.OnlyNew}, {"warnings", c.allWarnings()}} {
		if len(l.items) == 0 {
			continue
		}
		fmt.Fprintf(bw, "%s (%d):\n", l.title, len(l.items))
		for _, it := range l.items {
			fmt.Fprintf(bw, "  %s\n", it)
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw, c.Summary())
	return bw.Flush()
}

// WriteMarkdown writes the same report as GitHub-flavoured Markdown, for a
// pull-request comment or a job summary.
func (c *Comparison) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "### sfbench compare\n\n")
	fmt.Fprintf(bw, "- base: %s (%d records)\n", format.EscapeMarkdown(c.Base), c.BaseRecords)
	fmt.Fprintf(bw, "- new: %s (%d records)\n", format.EscapeMarkdown(c.New), c.NewRecords)
	fmt.Fprintf(bw, "- %s\n\n", format.EscapeMarkdown(c.Settings()))
	if len(c.Rows) > 0 {
		if err := format.Markdown.Write(bw, c.Table()); err != nil {
			return err
		}
		fmt.Fprintln(bw)
	}
	for _, l := range []struct {
		title string
		items []string
	}{{"Only in BASE", c.OnlyBase}, {"Only in NEW", c.OnlyNew}, {"Warnings", c.allWarnings()}} {
		if len(l.items) == 0 {
			continue
		}
		fmt.Fprintf(bw, "**%s** (%d):\n\n", l.title, len(l.items))
		for _, it := range l.items {
			fmt.Fprintf(bw, "- %s\n", format.EscapeMarkdown(it))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintf(bw, "**%s**\n", format.EscapeMarkdown(c.Summary()))
	return bw.Flush()
}
