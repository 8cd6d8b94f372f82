package compare

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/sfbench/sfbench/reports/format"
)

// The paired comparison's renderings: text, Markdown and JUnit XML, as
// Comparison has them.

var (
	pairColumns = []string{"problem", "metric", "lr A", "lr B", "A (mean ± s.e.)", "B (mean ± s.e.)", "B - A (mean ± s.e.)",
		"delta", "p", "seeds", "verdict"}
	pairAligns = []format.Align{format.Left, format.Left, format.Right, format.Right, format.Right, format.Right, format.Right,
		format.Right, format.Right, format.Right, format.Left}
)

// Table lays the paired comparison out for the notations of package
// format: a row per problem, B's worse verdicts in bold.
func (p *Pairing) Table() *format.Table {
	t := &format.Table{Header: pairColumns, Align: pairAligns}
	for i := range p.Rows {
		r := &p.Rows[i]
		cells := format.Plain(r.cells()...)
		cells[len(cells)-1].Bold = r.Verdict == Regression
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// cells are a row's table cells, in the order of pairColumns.
func (r *PairRow) cells() []string {
	return []string{r.Problem, r.Metric, formatRate(r.A.LR), formatRate(r.B.LR), formatMeanSE(len(r.A.Values), r.A.Mean, r.A.SE),
		formatMeanSE(len(r.B.Values), r.B.Mean, r.B.SE), pairDiff(r), formatPairDelta(r.Delta), formatPairP(r.P), r.seedsText(), r.VerdictText()}
}

func pairDiff(r *PairRow) string {
	switch {
	case r.N() == 0:
		return "-"
	case r.N() == 1:
		return fmt.Sprintf("%+.3g", r.Diff)
	}
	return fmt.Sprintf("%+.3g ± %.2g", r.Diff, r.DiffSE)
}

// seedsText is the number of paired seeds, with those only one side lost
// ("10 (failed 0+2)": A lost none, B two).
func (r *PairRow) seedsText() string {
	s := strconv.Itoa(r.N())
	if len(r.LostA)+len(r.LostB) > 0 {
		s += fmt.Sprintf(" (failed %d+%d)", len(r.LostA), len(r.LostB))
	}
	return s
}

// formatPairDelta and formatPairP write a relative change and a p-value
// as compare's table does.
func formatPairDelta(d float64) string {
	switch {
	case math.IsNaN(d):
		return "-"
	case math.IsInf(d, 1):
		return "+Inf%"
	case math.IsInf(d, -1):
		return "-Inf%"
	case math.Abs(d) >= 10:
		return fmt.Sprintf("%+.3g%%", 100*d)
	}
	return fmt.Sprintf("%+.2f%%", 100*d)
}

func formatPairP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "-"
	case p < 0.001:
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

// Settings describes the test and the metric in one line.
func (p *Pairing) Settings() string {
	o := p.Options
	s := fmt.Sprintf("%s on B - A per seed, alpha %s, min effect %s%%; ", o.PairedTestName(),
		strconv.FormatFloat(o.Alpha, 'g', 6, 64), strconv.FormatFloat(100*o.MinEffect, 'g', 6, 64))
	if o.Metric == "" {
		s += "metric: per problem, the one the report shows"
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

// who names the two optimizers and how their rates were chosen.
func (p *Pairing) who() string {
	return fmt.Sprintf("A: %s, B: %s, each at the rate the report selects per problem, runs paired by seed", p.A, p.B)
}

// allWarnings are the comparison's warnings, then each row's, prefixed by
// the row's problem.
func (p *Pairing) allWarnings() []string {
	out := append([]string(nil), p.Warnings...)
	for _, r := range p.Rows {
		for _, w := range r.Warnings {
			out = append(out, r.Problem+": "+w)
		}
	}
	return out
}

func (p *Pairing) lists(onlyA, onlyB, warnings string) []struct {
	title string
	items []string
} {
	return []struct {
		title string
		items []string
	}{{onlyA, p.OnlyA}, {onlyB, p.OnlyB}, {warnings, p.allWarnings()}}
}

// WriteText writes the paired comparison as an aligned table: the input,
// the optimizers and settings, a line per problem, the problems one
// optimizer ran only, the warnings, the overall line and the summary.
func (p *Pairing) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "results: %s (%d records, suite %s)\n", p.Path, p.Records, p.Suite)
	fmt.Fprintf(bw, "%s\n", p.who())
	fmt.Fprintf(bw, "%s\n\n", p.Settings())
	if err := format.Text.Write(bw, p.Table()); err != nil {
		return err
	}
	fmt.Fprintln(bw)
	for _, l := range p.lists("only A ran", "only B ran", "warnings") {
		if len(l.items) == 0 {
			continue
		}
		fmt.Fprintf(bw, "%s (%d):\n", l.title, len(l.items))
		for _, it := range l.items {
			fmt.Fprintf(bw, "  %s\n", it)
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw, p.OverallLine())
	fmt.Fprintln(bw, p.Summary())
	return bw.Flush()
}

// WriteMarkdown writes the same report as GitHub-flavoured Markdown.
func (p *Pairing) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "### sfbench compare: %s (B) against %s (A)\n\n", format.EscapeMarkdown(p.B), format.EscapeMarkdown(p.A))
	fmt.Fprintf(bw, "- results: %s (%d records, suite %s)\n", format.EscapeMarkdown(p.Path), p.Records, format.EscapeMarkdown(p.Suite))
	fmt.Fprintf(bw, "- %s\n", format.EscapeMarkdown(p.who()))
	fmt.Fprintf(bw, "- %s\n\n", format.EscapeMarkdown(p.Settings()))
	if err := format.Markdown.Write(bw, p.Table()); err != nil {
		return err
	}
	fmt.Fprintln(bw)
	for _, l := range p.lists("Only A ran", "Only B ran", "Warnings") {
		if len(l.items) == 0 {
			continue
		}
		fmt.Fprintf(bw, "**%s** (%d):\n\n", l.title, len(l.items))
		for _, it := range l.items {
			fmt.Fprintf(bw, "- %s\n", format.EscapeMarkdown(it))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintf(bw, "%s\n\n", format.EscapeMarkdown(p.OverallLine()))
	fmt.Fprintf(bw, "**%s**\n", format.EscapeMarkdown(p.Summary()))
	return bw.Flush()
}

// Line is a row in words, as the JUnit report gives it: "test_acc A
// 0.9 ± 0.001 at lr 0.01, B 0.85 ± 0.002 at lr 1, B - A -0.05 ± 0.002,
// delta -5.56%, p <0.001, seeds 10: B WORSE".
func (r *PairRow) Line() string {
	c := r.cells()
	return fmt.Sprintf("%s A %s at lr %s, B %s at lr %s, B - A %s, delta %s, p %s, seeds %s: %s",
		c[1], c[4], c[2], c[5], c[3], c[6], c[7], c[8], c[9], c[10])
}

// WriteJUnit writes the paired comparison as JUnit XML: one testcase per
// problem (classname: the problem), a failure where B is worse, skipped
// for the problems without values and those one optimizer ran only (a
// failure for those only A ran, unless AllowMissing).
func (p *Pairing) WriteJUnit(w io.Writer) error {
	name := fmt.Sprintf("sfbench compare -a %s -b %s", p.A, p.B)
	s := junitSuite{Name: name, Time: "0", Properties: []junitProperty{
		{"results", p.Path}, {"a", p.A}, {"b", p.B},
		{"test", p.Options.PairedTestName()},
		{"alpha", strconv.FormatFloat(p.Options.Alpha, 'g', -1, 64)},
		{"min_effect", strconv.FormatFloat(p.Options.MinEffect, 'g', -1, 64)},
		{"metric", cmp.Or(p.Options.Metric, "per problem: the one the report shows")},
	}}
	caseName := func(problem string) string { return fmt.Sprintf("%s: %s against %s", problem, p.B, p.A) }
	for i := range p.Rows {
		r := &p.Rows[i]
		tc := junitCase{Classname: r.Problem, Name: caseName(r.Problem), Time: "0"}
		out := []string{r.Line()}
		for _, w := range r.Warnings {
			out = append(out, "warning: "+w)
		}
		switch r.Verdict {
		case Regression:
			tc.Failure = &junitMessage{Message: r.VerdictText(), Type: "regression", Text: r.Line()}
			out = out[1:]
			s.Failures++
		case Incomparable:
			tc.Skipped = &junitMessage{Message: r.Note}
			s.Skipped++
		}
		tc.SystemOut = strings.Join(out, "\n")
		s.Cases = append(s.Cases, tc)
	}
	for _, prob := range p.OnlyA {
		tc := junitCase{Classname: prob, Name: caseName(prob), Time: "0"}
		if len(p.Missing()) > 0 {
			tc.Failure = &junitMessage{Message: "no runs of B", Type: "missing", Text: fmt.Sprintf("%s: %s ran it, %s did not", prob, p.A, p.B)}
			s.Failures++
		} else {
			tc.Skipped = &junitMessage{Message: "only A ran it"}
			s.Skipped++
		}
		s.Cases = append(s.Cases, tc)
	}
	for _, prob := range p.OnlyB {
		s.Cases = append(s.Cases, junitCase{Classname: prob, Name: caseName(prob), Time: "0", Skipped: &junitMessage{Message: "only B ran it"}})
		s.Skipped++
	}
	s.Tests = len(s.Cases)
	var out []string
	for _, w := range p.Warnings {
		out = append(out, "warning: "+w)
	}
	s.SystemOut = strings.Join(append(out, p.OverallLine(), p.Summary()), "\n")
	all := junitSuites{Name: name, Tests: s.Tests, Failures: s.Failures, Skipped: s.Skipped, Suites: []junitSuite{s}}
	return encodeJUnit(w, all)
}
