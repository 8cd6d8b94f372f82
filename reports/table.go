package reports

import (
	"fmt"
	"math"
	"strings"
)

// Cell is one entry of the problem × optimizer table.
type Cell struct {
	Text string // "93.4 ± 0.2", "diverged", "—"
	Bold bool   // best, or within one standard error of the best
	Note string // footnote marks: † some seeds diverged, ‡ rate at the edge of the grid
}

// Table is the paper-style table: a row per problem, a column per
// optimizer, mean ± standard error at each optimizer's selected rate.
type Table struct {
	Columns []string // optimizers
	Rows    []string // problems
	Metric  []string // per row: the metric shown
	Cells   [][]Cell
	Summary string
	// Note explains what the cells show besides the metric (the setting
	// selected with the rate, for optimizers with a grid); "" for nothing.
	Note string
}

// formatValue shows accuracies in percent with one decimal and other
// metrics with four significant digits.
func FormatValue(metric string, v float64) string {
	if strings.HasSuffix(metric, "_acc") {
		return fmt.Sprintf("%.1f", 100*v)
	}
	return fmt.Sprintf("%.4g", v)
}

// MetricLabel names a metric for a table row, with its unit and direction.
func MetricLabel(metric, goal string) string {
	arrow := "↓"
	if goal == "max" {
		arrow = "↑"
	}
	if strings.HasSuffix(metric, "_acc") {
		return metric + " % " + arrow
	}
	return metric + " " + arrow
}

// BuildTable lays out the analysis as a table.
func BuildTable(a *Analysis) *Table {
	t := &Table{Columns: a.Optimizers, Rows: a.Problems}
	for _, p := range a.Problems {
		row := make([]Cell, len(a.Optimizers))
		metric := ""
		for j, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				row[j] = Cell{Text: "—"}
				continue
			}
			metric = MetricLabel(c.Metric, c.Goal)
			row[j] = cellOf(c)
			if c.Setting() != "" {
				t.Note = GridNote
			}
		}
		t.Metric = append(t.Metric, metric)
		t.Cells = append(t.Cells, row)
	}
	wins, n := a.ScheduleFreeWins()
	t.Summary = fmt.Sprintf("schedule-free best or tied on %d of %d problems", wins, n)
	return t
}

func cellOf(c *Choice) Cell {
	s := c.Stats
	if s.N == 0 {
		return Cell{Text: "diverged"}
	}
	text := FormatValue(c.Metric, s.Mean)
	if s.N > 1 && !math.IsNaN(s.SE) {
		se := s.SE
		if strings.HasSuffix(c.Metric, "_acc") {
			text += fmt.Sprintf(" ± %.1f", 100*se)
		} else {
			text += fmt.Sprintf(" ± %.2g", se)
		}
	}
	if setting := c.Setting(); setting != "" {
		text += " (" + setting + ")"
	}
	cell := Cell{Text: text, Bold: c.Best}
	if s.Failed > 0 {
		cell.Note += "†"
	}
	if c.Edge {
		cell.Note += "‡"
	}
	return cell
}

// SelectionRule says how the rates were selected (internal/selection).
const SelectionRule = "Each rate is selected per problem × optimizer (× horizon) by the metric in the column \"selected by\" " +
	"(for a reported test metric its validation twin, so that no rate is chosen on the data it is reported on): " +
	"fewest failed seeds, then the best mean, ties broken by the lower loss on the same split, then the smaller rate. " +
	"Under tune-then-seeds the rate is chosen on the tuning seeds and the table reports the protocol's seeds at it (the tuning seeds among them, their runs reused)."

// GridNote explains the setting a cell names (Table.Note).
const GridNote = "In parentheses: the grid setting selected with the rate, for an optimizer entry with a grid selected as a whole."

// Footnotes explains the marks used in the table.
const Footnotes = "Mean ± standard error over seeds at each optimizer's selected learning rate; " +
	"bold: best (fewest diverged seeds, then the best mean), and those with as few diverged seeds within one standard error of it. " +
	"† some seeds diverged (their runs are excluded from the mean). " +
	"‡ the selected rate is at the edge of the grid: widen the grid."
