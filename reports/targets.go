package reports

import (
	"fmt"
	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/reports/format"
	"math"
)

// TargetTolerance relaxes each problem's target: the target is the best
// final mean of any optimizer, made worse by this fraction of its size
// (AlgoPerf fixes targets in advance; without one, "reach within 2% of the
// best result" is the yardstick here).
const TargetTolerance = 0.02

// TargetRow is the time each optimizer needed to reach a problem's target.
type TargetRow struct {
	Problem, Metric, Goal string
	Target                float64
	Set                   bool      // the suite set the target (protocol targets), else TargetTolerance's rule
	Steps                 []float64 // per optimizer; +Inf if never reached
	Seconds               []float64 // the same in training time (mean training seconds per step × steps)
}

// StepsToTarget measures, per problem and optimizer (at its selected rate),
// the first evaluated step at which the mean curve over seeds reaches the
// problem's target.
func StepsToTarget(a *Analysis) []TargetRow {
	var rows []TargetRow
	for _, p := range a.Problems {
		var best *Choice
		for _, o := range a.Optimizers {
			if c := a.Choice(p, o); c != nil && c.Stats.N > 0 && (best == nil || selection.Better(c.Stats, best.Stats, c.Goal)) {
				best = c
			}
		}
		set, isSet := a.Targets[p]
		if best == nil && isSet {
			for _, o := range a.Optimizers { // the metric and goal of any
				if c := a.Choice(p, o); c != nil && best == nil {
					best = c
				}
			}
		}
		if best == nil {
			continue
		}
		target := best.Stats.Mean + TargetTolerance*math.Abs(best.Stats.Mean)
		if best.Goal == "max" {
			target = best.Stats.Mean - TargetTolerance*math.Abs(best.Stats.Mean)
		}
		if isSet {
			target = set
		}
		row := TargetRow{Problem: p, Metric: best.Metric, Goal: best.Goal, Target: target, Set: isSet}
		for _, o := range a.Optimizers {
			steps, secs := math.Inf(1), math.Inf(1)
			if c := a.Choice(p, o); c != nil {
				s := curveSeries(o, c, Options{})
				for i, y := range s.Y {
					if best.Goal == "max" && y >= target || best.Goal == "min" && y <= target {
						steps = s.X[i]
						secs = steps * secondsPerStep(c)
						break
					}
				}
			}
			row.Steps = append(row.Steps, steps)
			row.Seconds = append(row.Seconds, secs)
		}
		rows = append(rows, row)
	}
	return rows
}

func secondsPerStep(c *Choice) float64 {
	var secs, steps float64
	for _, r := range c.Group.Runs {
		t := r.TrainSeconds
		if t == 0 { // a record from before the timing split
			t = r.WallSeconds
		}
		secs += t
		steps += float64(r.Steps)
	}
	if steps == 0 {
		return math.NaN()
	}
	return secs / steps
}

// TargetsTable lays out the steps-to-target table: a row per problem with
// its target, a column per optimizer (steps, and training time), the
// fastest in bold.
func TargetsTable(a *Analysis, rows []TargetRow) *format.Table {
	var set, rule []string
	for _, r := range rows {
		if r.Set {
			set = append(set, r.Problem)
		} else {
			rule = append(rule, r.Problem)
		}
	}
	which := fmt.Sprintf("the target is the best final mean of any optimizer made %.0f%% worse", 100*TargetTolerance)
	switch {
	case len(rule) == 0:
		which = "the suite sets every target (protocol targets)"
	case len(set) > 0:
		which = fmt.Sprintf("the suite sets the target for %s (protocol targets); elsewhere %s", joinAnd(set), which)
	}
	t := &format.Table{Header: append([]string{"problem", "target"}, a.Optimizers...), Align: []format.Align{format.Left, format.Left},
		Notes: "Steps (and training time: the steps alone, without set-up or evaluations) until the mean curve over seeds first reaches the target, checked at the evaluation steps; " +
			which + ". Bold: fastest."}
	for range a.Optimizers {
		t.Align = append(t.Align, format.Right)
	}
	for _, r := range rows {
		op := "≤"
		if r.Goal == "max" {
			op = "≥"
		}
		row := format.Plain(r.Problem, fmt.Sprintf("%s %s %s", r.Metric, op, FormatValue(r.Metric, r.Target)))
		fastest := math.Inf(1)
		for _, s := range r.Steps {
			fastest = math.Min(fastest, s)
		}
		for i, s := range r.Steps {
			c := format.Cell{Text: "not reached"}
			if !math.IsInf(s, 1) {
				c = format.Cell{Text: fmt.Sprintf("%.0f (%s)", s, fmtSeconds(r.Seconds[i])), Bold: s == fastest}
			}
			row = append(row, c)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func fmtSeconds(s float64) string {
	switch {
	case math.IsNaN(s):
		return "?"
	case s < 1e-3:
		return fmt.Sprintf("%.0f µs", s*1e6)
	case s < 1:
		return fmt.Sprintf("%.0f ms", s*1e3)
	}
	return fmt.Sprintf("%.1f s", s)
}
