package reports

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/record"
)

// Group holds the runs of one problem × optimizer × rate × horizon (× grid
// point), one per seed, sorted by seed, and what its seeds share.
type Group struct {
	// Optimizer is the optimizer reported (a table's column); Label names
	// the configuration the runs ran (their records' optimizer): the same
	// but for the points of an entry's grid selected as a whole, which are
	// groups of the entry's name, each with its own label and Grid.
	Problem, Optimizer string
	Label              string
	Grid               *record.GridPoint // the runs' grid point (nil without a grid; read-only)
	LR                 float64
	Horizon            int
	OptimizerKind      string
	Hyper              map[string]any // the optimizer's resolved settings (read-only)
	ScheduleFree       *bool          // as the records say (nil: records from before the field)
	Averaging          *string        // as the records say (nil: records from before the field)
	Widened            bool           // a rate the protocol's widen added beyond the suite's grid
	Runs               []*Run

	curves map[string][][]CurvePoint // by metric, per run: the curves of the runs a report draws (see drawn)
}

// Stats summarizes a metric over the seeds of a group as the selection
// rule counts it: the mean and standard error over the runs that finished
// (status ok, finite value), and how many diverged or failed.
type Stats = selection.Summary

// Choice is the selected rate of one problem × optimizer and its result.
type Choice struct {
	Problem, Optimizer string
	OptimizerKind      string
	Metric, Goal       string    // what is reported
	Select, SelectGoal string    // what the rate was selected by (Metric, or its validation twin)
	Group              *Group    // the selected rate's runs (longest horizon)
	Stats              Stats     // of Metric over Group
	Rates              []float64 // the grid of rates that was run (at the selected grid point)
	Widened            int       // of Rates, how many the protocol's widen added
	Edge               bool      // the selected rate is the smallest or largest of a grid of several
	// Axes are the grid the setting was selected over, with the rate, for
	// an optimizer entry with a grid selected as a whole (select: grid):
	// each gridded setting and its values; nil otherwise.
	Axes     []Axis
	Warnings []string // carried by the records
	Best     bool     // best on its problem, or within one standard error of the best
}

// Analysis is everything a report shows.
type Analysis struct {
	Suite, Description string
	Environment        record.Environment // of the first record: the build and machine of the run
	EvalAt             string             // the point the metrics are of (x, y or z; others are named by AtPoint)
	Diagnostics        bool               // some records carry the optimizers' diagnostics (eval: {diagnostics: true})
	Problems           []string           // in the order of the suite
	Optimizers         []string
	Groups             []*Group
	Choices            map[[2]string]*Choice // by (problem, optimizer)
	// Targets are the targets the suite set per problem (protocol
	// targets, in the reported metric's units) and Baseline the optimizer
	// the scores' speedups are over (protocol baseline), as the records
	// carry them; nil and "" without.
	Targets  map[string]float64
	Baseline string

	seedsPhase map[phaseKey]seedsAt // where each tuned group's seeds phase ran
}

// seedsAt is the rate and configuration (label) a seeds phase ran at.
type seedsAt struct {
	lr    float64
	label string
}

// Choice returns the selection for a problem and optimizer, or nil.
func (a *Analysis) Choice(problem, optimizer string) *Choice {
	return a.Choices[[2]string{problem, optimizer}]
}

// GoalOf is "max" for accuracies and "min" for everything else
// (selection.GoalOf).
func GoalOf(metric string) string { return selection.GoalOf(metric) }

// Analyze groups the records and selects, per problem × optimizer, the rate
// of the seeds phase (tune-then-seeds) or else the rate the selection rule
// (internal/selection) prefers on the selection metric. The curves of the
// runs a report draws are taken from the records.
func Analyze(recs []record.Record) *Analysis {
	b := newBuilder()
	for i := range recs {
		b.add(i, &recs[i])
	}
	a := b.analysis()
	a.takeCurves(func(cells []int, fn func(int, *record.Record) error) error {
		for _, c := range cells {
			if err := fn(c, &recs[c]); err != nil {
				return err
			}
		}
		return nil
	})
	return a
}

// metrics is what a problem's tables report and select by.
type metrics struct{ metric, goal, sel, selGoal string }

// phaseKey names a problem × optimizer × horizon.
type phaseKey struct {
	problem, optimizer string
	horizon            int
}

// pick selects among the groups of one problem × optimizer × horizon
// (rates ascending, grid points in order within a rate, as the harness
// lists them): the seeds phase's rate and grid point if there was one,
// else the rule's choice on the selection metric (a tie: the smaller rate,
// then the earlier point).
func (a *Analysis) pick(groups []*Group, m metrics) *Group {
	if len(groups) == 0 {
		return nil
	}
	g0 := groups[0]
	if at, ok := a.seedsPhase[phaseKey{g0.Problem, g0.Optimizer, g0.Horizon}]; ok {
		for _, g := range groups {
			if g.LR == at.lr && g.Label == at.label {
				return g
			}
		}
	}
	sums := make([]Stats, len(groups))
	for i, g := range groups {
		sums[i] = g.Summarize(m.sel)
	}
	return groups[selection.Select(sums, m.selGoal)]
}

// groupsAt are the groups of p × o at horizon h, rates ascending.
func (a *Analysis) groupsAt(p, o string, h int) []*Group {
	var out []*Group
	for _, g := range a.Groups {
		if g.Problem == p && g.Optimizer == o && g.Horizon == h {
			out = append(out, g)
		}
	}
	return out // a.Groups is sorted by rate within a problem × optimizer
}

func (a *Analysis) choose(p, o string, m metrics) *Choice {
	var cands []*Group
	longest := 0
	for _, g := range a.Groups {
		if g.Problem == p && g.Optimizer == o {
			cands = append(cands, g)
			longest = max(longest, g.Horizon)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	c := &Choice{Problem: p, Optimizer: o, OptimizerKind: cands[0].OptimizerKind,
		Metric: m.metric, Goal: m.goal, Select: m.sel, SelectGoal: m.selGoal}
	c.Group = a.pick(a.groupsAt(p, o, longest), m)
	c.Stats = c.Group.Summarize(m.metric)
	for _, g := range cands {
		// The rates run at the selected configuration (grid point) and
		// horizon (widening grows each horizon's grid on its own).
		if g.Label == c.Group.Label && g.Horizon == c.Group.Horizon && !slices.Contains(c.Rates, g.LR) {
			c.Rates = append(c.Rates, g.LR)
			if g.Widened {
				c.Widened++
			}
		}
		if g.Grid != nil && g.Optimizer != g.Label {
			c.Axes = addPoint(c.Axes, g.Grid.Settings)
		}
	}
	sort.Float64s(c.Rates)
	if len(c.Rates) > 1 && (c.Group.LR == c.Rates[0] || c.Group.LR == c.Rates[len(c.Rates)-1]) {
		c.Edge = true
	}
	for _, r := range c.Group.Runs {
		for _, w := range r.Warnings {
			if !slices.Contains(c.Warnings, w) {
				c.Warnings = append(c.Warnings, w)
			}
		}
	}
	return c
}

// markBest flags, on problem p, the best choice (fewest diverged seeds,
// then the best mean) and those with as few diverged seeds whose mean is
// within one standard error (the best's) of it.
func (a *Analysis) markBest(p string) {
	var best *Choice
	for _, o := range a.Optimizers {
		c := a.Choice(p, o)
		if c == nil || c.Stats.N == 0 {
			continue
		}
		if best == nil || selection.Better(c.Stats, best.Stats, c.Goal) {
			best = c
		}
	}
	if best == nil {
		return
	}
	tol := best.Stats.SE
	if math.IsNaN(tol) {
		tol = 0
	}
	for _, o := range a.Optimizers {
		c := a.Choice(p, o)
		if c != nil && c.Stats.N > 0 && c.Stats.Failed == best.Stats.Failed && math.Abs(c.Stats.Mean-best.Stats.Mean) <= tol {
			c.Best = true
		}
	}
}

// Horizons are the horizons problem p ran at with optimizer o (with any
// optimizer, if o is empty), ascending.
func (a *Analysis) Horizons(p, o string) []int {
	var hs []int
	for _, g := range a.Groups {
		if g.Problem == p && (o == "" || g.Optimizer == o) && !slices.Contains(hs, g.Horizon) {
			hs = append(hs, g.Horizon)
		}
	}
	slices.Sort(hs)
	return hs
}

// BestAt is the selected rate of p × o among the runs of horizon h (the
// seeds-phase rate of that horizon, or the selection rule's choice), as a
// Choice reporting like's metric.
func (a *Analysis) BestAt(p, o string, h int, like *Choice) *Choice {
	g := a.pick(a.groupsAt(p, o, h), metrics{like.Metric, like.Goal, like.Select, like.SelectGoal})
	if g == nil {
		return nil
	}
	return &Choice{Problem: p, Optimizer: o, Metric: like.Metric, Goal: like.Goal, Select: like.Select, SelectGoal: like.SelectGoal,
		Group: g, Stats: g.Summarize(like.Metric)}
}

// BestOf returns the best choice on problem p among those keep accepts.
func (a *Analysis) BestOf(p string, keep func(*Choice) bool) *Choice {
	var best *Choice
	for _, o := range a.Optimizers {
		c := a.Choice(p, o)
		if c != nil && keep(c) && c.Stats.N > 0 && (best == nil || selection.Better(c.Stats, best.Stats, c.Goal)) {
			best = c
		}
	}
	return best
}

// LargestStable is the largest rate at which every seed of p × o finished
// (at the selected grid point, for an entry with a grid).
func (a *Analysis) LargestStable(p, o string) float64 {
	best := math.NaN()
	c := a.Choice(p, o)
	for _, g := range a.Groups {
		if g.Problem != p || g.Optimizer != o || c != nil && g.Label != c.Group.Label {
			continue
		}
		ok := true
		for _, r := range g.Runs {
			ok = ok && r.Status == record.StatusOK
		}
		if ok && (math.IsNaN(best) || g.LR > best) {
			best = g.LR
		}
	}
	return best
}

// Warnings are what the results warn of, per problem × optimizer in the
// report's order: the records' own warnings (the harness's tuning
// warnings among them), and a selected rate at the edge of its grid when
// no record said so already.
func (a *Analysis) Warnings() []string {
	var out []string
	for _, p := range a.Problems {
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				continue
			}
			edgeSaid := false
			for _, w := range c.Warnings {
				edgeSaid = edgeSaid || strings.Contains(w, "edge of the grid")
				out = append(out, fmt.Sprintf("%s / %s: %s", p, o, w))
			}
			if c.Edge && !edgeSaid {
				at := ""
				if s := c.Setting(); s != "" {
					at = " (at " + s + ")"
				}
				out = append(out, fmt.Sprintf("%s / %s: the selected rate %g%s is at the edge of the grid [%g, %g]: widen the grid",
					p, o, c.Group.LR, at, c.Rates[0], c.Rates[len(c.Rates)-1]))
			}
		}
	}
	return out
}

// Axis is a gridded setting and the values it was run at, ascending.
type Axis struct {
	Setting string
	Values  []any
}

// addPoint adds the values of a grid point to the axes (settings by name,
// values in order).
func addPoint(axes []Axis, settings map[string]any) []Axis {
	for k, v := range settings {
		i := slices.IndexFunc(axes, func(a Axis) bool { return a.Setting == k })
		if i < 0 {
			axes = append(axes, Axis{Setting: k})
			i = len(axes) - 1
		}
		if !slices.ContainsFunc(axes[i].Values, func(x any) bool { return record.CompareSettings(x, v) == 0 }) {
			axes[i].Values = append(axes[i].Values, v)
			slices.SortFunc(axes[i].Values, record.CompareSettings)
		}
	}
	slices.SortFunc(axes, func(a, b Axis) int { return strings.Compare(a.Setting, b.Setting) })
	return axes
}

// Setting is the grid point selected with the rate ("momentum=0.9"), for
// an optimizer entry with a grid selected as a whole; "" otherwise (an
// optimizer without a grid, or a point reported on its own, whose name
// says its setting).
func (c *Choice) Setting() string {
	if c.Axes == nil || c.Group.Grid == nil {
		return ""
	}
	return record.PointText(c.Group.Grid.Settings)
}

// AxesText describes the grid of settings a choice was selected over:
// "momentum 0.75 … 0.98 (4)", one part per setting; "" without.
func (c *Choice) AxesText() string {
	var parts []string
	for _, ax := range c.Axes {
		first, last := record.FormatSetting(ax.Values[0]), record.FormatSetting(ax.Values[len(ax.Values)-1])
		if len(ax.Values) == 1 {
			parts = append(parts, ax.Setting+" "+first)
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s … %s (%d)", ax.Setting, first, last, len(ax.Values)))
	}
	return strings.Join(parts, ", ")
}

// Averaging is "polyak", "primal" or "ema" for the averaging baselines: a
// baseline with that averaging, or the schedule-free family's end points
// in the x, y, z form (momentum or beta1 0: Polyak-Ruppert averaging of z;
// 1: primal averaging, the gradient at the average); "" for anything
// else. Records say it; those written before they did are judged by the
// averaging setting and, for kinds named *-reference, by the momentum.
func (c *Choice) Averaging() string {
	if av := c.Group.Averaging; av != nil {
		return *av
	}
	h := c.Group.Hyper
	if m, ok := h["averaging"].(map[string]any); ok {
		k, _ := m["kind"].(string)
		return k
	}
	if strings.HasSuffix(c.OptimizerKind, "-reference") {
		for _, key := range momentumKeys {
			switch h[key] {
			case 0.0:
				return "polyak"
			case 1.0:
				return "primal"
			}
		}
	}
	return ""
}

// ScheduleFree reports whether the choice is a schedule-free method proper
// (not an averaging end point of the family), as its records say; records
// written before they carried it are judged by the kind's name (sf-*).
func (c *Choice) ScheduleFree() bool {
	if sf := c.Group.ScheduleFree; sf != nil {
		return *sf
	}
	return strings.HasPrefix(c.OptimizerKind, "sf-") && c.Averaging() == ""
}

// ScheduleFreeWins counts the problems on which a schedule-free optimizer
// (Choice.ScheduleFree) is best or tied, out of the problems with any
// result.
func (a *Analysis) ScheduleFreeWins() (wins, problems int) {
	for _, p := range a.Problems {
		any, sf := false, false
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil || c.Stats.N == 0 {
				continue
			}
			any = true
			if c.Best && c.ScheduleFree() {
				sf = true
			}
		}
		if any {
			problems++
		}
		if sf {
			wins++
		}
	}
	return wins, problems
}
