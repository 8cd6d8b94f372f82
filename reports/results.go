package reports

import (
	"bytes"
	"fmt"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports/format"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Files written by Write into the output folder, besides the figures and
// the table in each format (TableFile).
const (
	ResultsFile   = "RESULTS.md"
	ratesHeading  = "Selected learning rates"
	scoresHeading = "Scores over the problems (AlgoPerf's rules)"
)

// WriteResults writes RESULTS.md: title, description, environment, the
// table, the figures, the selected rates and warnings, and how to
// regenerate each part.
func WriteResults(w io.Writer, a *Analysis, t *Table, targets []TargetRow, src string, figures []figure) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# sfbench results: %s\n\n", a.Suite)
	if a.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(a.Description))
	}
	fmt.Fprintf(&b, "%s\n\n", a.runsAndEnvironment())
	fmt.Fprintf(&b, "Regenerate this report (tables and this file) from the results alone with `sfbench report %s`. "+
		"Interactive charts, every table and figure in one page that opens offline: [%s](%s).\n\n", src, HTMLFile, HTMLFile)
	b.WriteString("## Final metrics at each optimizer's selected rate\n\n")
	var tb bytes.Buffer
	if err := t.WriteMarkdown(&tb); err != nil {
		return err
	}
	b.Write(tb.Bytes())
	var also []string
	for _, f := range format.Files() {
		if f.Name != format.Markdown.Name {
			also = append(also, fmt.Sprintf("%s (`%s`)", f.Title, TableFile(f)))
		}
	}
	fmt.Fprintf(&b, "\nAlso as %s.\n\n", joinAnd(also))
	if len(targets) > 0 {
		b.WriteString("## Steps to reach a target\n\n")
		var tb bytes.Buffer
		if err := format.Markdown.Write(&tb, TargetsTable(a, targets)); err != nil {
			return err
		}
		b.Write(tb.Bytes())
		b.WriteString("\n")
		if len(a.Optimizers) > 1 {
			b.WriteString("## " + scoresHeading + "\n\n")
			tb.Reset()
			if err := format.Markdown.Write(&tb, ScoresTable(a, targets, "")); err != nil {
				return err
			}
			b.Write(tb.Bytes())
			b.WriteString("\n")
		}
	}
	for _, f := range figures {
		fmt.Fprintf(&b, "## %s\n\n![%s](%s)\n\n%s\n\n", figureTitle(f.name), figureTitle(f.name), f.name, f.caption)
	}
	fmt.Fprintf(&b, "## %s\n\n", ratesHeading)
	b.WriteString(SelectionRule + "\n\n")
	if a.HasGrid() {
		b.WriteString(GridRule + "\n\n")
	}
	rates, warnings := ratesTable(a)
	var rb bytes.Buffer
	if err := format.Markdown.Write(&rb, rates); err != nil {
		return err
	}
	b.Write(rb.Bytes())
	if len(warnings) > 0 {
		b.WriteString("\nWarnings recorded with the results:\n\n")
		for _, w := range warnings {
			fmt.Fprintf(&b, "- %s\n", w)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func figureTitle(file string) string {
	name := strings.TrimSuffix(file, filepath.Ext(file))
	return strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "-", " ")
}

// GridRule says how the optimizers with a grid of settings were selected.
const GridRule = "An optimizer entry with a grid of settings (grid:) is selected by the same rule over its whole grid × rates " +
	"(the point selected in the column \"selected setting\"), a tie going to the smaller rate, then the earlier grid point; " +
	"an entry that selects the rate only (select: rate) is shown as one optimizer per grid point, each at its own rate."

// HasGrid reports whether some records are of a point of an optimizer
// entry's grid.
func (a *Analysis) HasGrid() bool {
	for _, g := range a.Groups {
		if g.Grid != nil {
			return true
		}
	}
	return false
}

// fmtRate shows a rate as 2^k when it is a power of two and pow2 is set
// (the grid is one of powers of two), plainly otherwise.
func FormatRate(lr float64, pow2 bool) string {
	if frac, exp := math.Frexp(lr); pow2 && frac == 0.5 {
		return fmt.Sprintf("2^%d", exp-1)
	}
	return strconv.FormatFloat(lr, 'g', 4, 64)
}

// powersOfTwo reports whether every rate is a power of two.
func powersOfTwo(rates []float64) bool {
	for _, r := range rates {
		if frac, _ := math.Frexp(r); frac != 0.5 {
			return false
		}
	}
	return len(rates) > 0
}

func gridText(rates []float64, widened int) string {
	if len(rates) == 0 {
		return ""
	}
	pow2 := powersOfTwo(rates)
	added := ""
	if widened > 0 {
		added = fmt.Sprintf(", %d widened", widened)
	}
	return fmt.Sprintf("%s … %s (%d%s)", FormatRate(rates[0], pow2), FormatRate(rates[len(rates)-1], pow2), len(rates), added)
}

// joinAnd joins items as prose: "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// ratesTable is the table of selected rates (problem × optimizer: rate,
// the setting selected with it for an optimizer entry with a grid selected
// as a whole, what it was selected by, the grid, runs and diverged) and
// the warnings that travel with the results.
func ratesTable(a *Analysis) (*format.Table, []string) {
	settings := false
	for _, c := range a.Choices {
		settings = settings || c.Setting() != ""
	}
	rates := &format.Table{Header: []string{"problem", "optimizer", "selected rate", "selected by", "grid", "runs (diverged)"},
		Align: []format.Align{format.Left, format.Left, format.Right, format.Left, format.Left, format.Right}}
	if settings {
		rates.Header = slices.Insert(rates.Header, 3, "selected setting")
		rates.Align = slices.Insert(rates.Align, 3, format.Left)
	}
	var warnings []string
	for _, p := range a.Problems {
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				continue
			}
			if c.Select == c.Metric && strings.HasPrefix(c.Metric, "test_") {
				warnings = append(warnings, fmt.Sprintf("%s / %s: the rate was selected on %s, the metric reported: give the problem a validation split", p, o, c.Metric))
			}
			edge := ""
			if c.Edge {
				edge = " ‡"
			}
			pow2 := powersOfTwo(c.Rates)
			grid := gridText(c.Rates, c.Widened)
			if axes := c.AxesText(); axes != "" {
				grid += " × " + axes
			}
			row := []format.Cell{{Text: p}, {Text: o}, {Text: FormatRate(c.Group.LR, pow2), Marks: edge},
				{Text: c.Select}, {Text: grid}, {Text: fmt.Sprintf("%d (%d)", c.Stats.N+c.Stats.Failed, c.Stats.Failed)}}
			if settings {
				row = slices.Insert(row, 3, format.Cell{Text: c.Setting()})
			}
			rates.Rows = append(rates.Rows, row)
			for _, w := range c.Warnings {
				warnings = append(warnings, fmt.Sprintf("%s / %s: %s", p, o, w))
			}
		}
	}
	return rates, warnings
}

// runsAndEnvironment says how many runs of how many problems and
// optimizers the analysis holds, and on what they ran.
func (a *Analysis) runsAndEnvironment() string {
	runs := 0
	for _, g := range a.Groups {
		runs += len(g.Runs)
	}
	return fmt.Sprintf("%d runs of %d problems × %d optimizers. %s", runs, len(a.Problems), len(a.Optimizers), EnvironmentText(a.Environment))
}

// EnvironmentText says what a run ran on, as a sentence.
func EnvironmentText(e record.Environment) string {
	simd := "off"
	if e.SIMD {
		simd = "on"
	}
	return fmt.Sprintf("Environment: sfbench %s, %s %s/%s, %s, SIMD kernels %s.", e.Sfbench, e.Go, e.GOOS, e.GOARCH, e.CPU, simd)
}
