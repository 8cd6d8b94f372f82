package reports

import (
	"slices"
	"sort"
	"strings"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/record"
)

// Run is what a report keeps of one record, one seed of a group: its
// outcome, timing and final metrics. What the seeds share (labels, kinds,
// settings, rate, horizon) is the group's, and curves are kept only for
// the runs a figure draws (Group.curve), so that an analysis of hundreds
// of thousands of records stays small.
type Run struct {
	Seed          int
	Phase         string
	Status        string
	Steps         int
	DivergedStep  int
	PeakLossRatio record.Value
	WallSeconds   float64
	TrainSeconds  float64
	EvalSeconds   float64
	SetupSeconds  float64
	Final         record.Metrics
	Warnings      []string

	cell int // the record's cell in what it was read from, to read its curve
}

// builder groups records as they are read, one at a time, into an
// Analysis (see Analyze).
type builder struct {
	a              *Analysis
	groups         map[record.Key]*Group
	pIndex, oIndex map[string]int
	colPoint       map[string]map[string]any  // by optimizer (column): the grid point it is (select: rate), else nil
	suiteMetric    map[string]metrics         // by problem: the metric its records name
	reported       map[string]map[string]bool // by problem: the final metrics its records report
}

func newBuilder() *builder {
	return &builder{a: &Analysis{Choices: map[[2]string]*Choice{}, seedsPhase: map[phaseKey]seedsAt{}},
		groups: map[record.Key]*Group{}, pIndex: map[string]int{}, oIndex: map[string]int{}, colPoint: map[string]map[string]any{},
		suiteMetric: map[string]metrics{}, reported: map[string]map[string]bool{}}
}

// add takes record r, cell number cell of its source, into its group.
func (b *builder) add(cell int, r *record.Record) {
	a := b.a
	if len(a.Groups) == 0 {
		a.Suite, a.Description, a.Environment, a.EvalAt = r.Suite, r.SuiteDescription, r.Environment, r.EvalAt
	}
	if !slices.Contains(a.Problems, r.Problem) {
		a.Problems = append(a.Problems, r.Problem)
	}
	col := ColumnOf(r)
	if !slices.Contains(a.Optimizers, col) {
		a.Optimizers = append(a.Optimizers, col)
		if r.Grid != nil && col == r.Optimizer {
			b.colPoint[col] = r.Grid.Settings
		}
	}
	b.pIndex[r.Problem], b.oIndex[col] = r.ProblemIndex, r.OptimizerIndex
	// Records with one key are seeds of one configuration (record.Set
	// refuses labels that name two configurations).
	k := record.KeyOf(r)
	g := b.groups[k]
	if g == nil {
		g = &Group{Problem: r.Problem, Optimizer: col, Label: r.Optimizer, Grid: r.Grid, LR: r.LR, Horizon: r.Horizon,
			OptimizerKind: r.OptimizerKind, Hyper: r.Hyper, ScheduleFree: r.ScheduleFree, Averaging: r.Averaging}
		b.groups[k] = g
		a.Groups = append(a.Groups, g)
	}
	g.Widened = g.Widened || r.Widened
	g.Runs = append(g.Runs, &Run{Seed: r.Seed, Phase: r.Phase, Status: r.Status, Steps: r.Steps, DivergedStep: r.DivergedStep,
		PeakLossRatio: r.PeakLossRatio, WallSeconds: r.WallSeconds, TrainSeconds: r.TrainSeconds, EvalSeconds: r.EvalSeconds,
		SetupSeconds: r.SetupSeconds, Final: withPoints(r.Final, r.FinalAt), Warnings: r.Warnings, cell: cell})
	a.Diagnostics = a.Diagnostics || r.Diagnostics
	if r.Phase == "seeds" {
		a.seedsPhase[phaseKey{r.Problem, col, r.Horizon}] = seedsAt{r.LR, r.Optimizer}
	}
	if _, ok := a.Targets[r.Problem]; !ok && r.Target != nil {
		if a.Targets == nil {
			a.Targets = map[string]float64{}
		}
		a.Targets[r.Problem] = *r.Target
	}
	if a.Baseline == "" {
		a.Baseline = r.Baseline
	}
	if _, ok := b.suiteMetric[r.Problem]; !ok && r.Metric != "" {
		m := metrics{r.Metric, r.Goal, r.SelectMetric, r.SelectGoal}
		if m.sel == "" { // records from before selection metrics
			m.sel, m.selGoal = m.metric, m.goal
		}
		b.suiteMetric[r.Problem] = m
	}
	seen := b.reported[r.Problem]
	if seen == nil {
		seen = map[string]bool{}
		b.reported[r.Problem] = seen
	}
	for m := range r.Final {
		seen[m] = true
	}
}

// analysis orders what was added as the suite does and selects a rate
// per problem × optimizer.
func (b *builder) analysis() *Analysis {
	a := b.a
	// Whatever order the records were written in (workers finish in any
	// order), the analysis follows the suite's order.
	// The points of an entry selected point by point (select: rate) are
	// optimizers of one index, in the grid's order.
	pIndex, oIndex := b.pIndex, b.oIndex
	sort.SliceStable(a.Problems, func(i, j int) bool { return pIndex[a.Problems[i]] < pIndex[a.Problems[j]] })
	sort.SliceStable(a.Optimizers, func(i, j int) bool {
		oi, oj := a.Optimizers[i], a.Optimizers[j]
		if oIndex[oi] != oIndex[oj] {
			return oIndex[oi] < oIndex[oj]
		}
		return record.ComparePoints(b.colPoint[oi], b.colPoint[oj]) < 0
	})
	column := make(map[string]int, len(a.Optimizers))
	for i, o := range a.Optimizers {
		column[o] = i
	}
	sort.SliceStable(a.Groups, func(i, j int) bool {
		gi, gj := a.Groups[i], a.Groups[j]
		switch {
		case gi.Problem != gj.Problem:
			return pIndex[gi.Problem] < pIndex[gj.Problem]
		case gi.Optimizer != gj.Optimizer:
			return column[gi.Optimizer] < column[gj.Optimizer]
		case gi.LR != gj.LR:
			return gi.LR < gj.LR
		}
		if c := record.ComparePoints(gi.Point(), gj.Point()); c != 0 {
			return c < 0
		}
		return gi.Horizon < gj.Horizon
	})
	for _, g := range a.Groups {
		sort.Slice(g.Runs, func(i, j int) bool { return g.Runs[i].Seed < g.Runs[j].Seed })
	}
	for _, p := range a.Problems {
		m := b.metricsOf(p)
		for _, o := range a.Optimizers {
			if c := a.choose(p, o, m); c != nil {
				a.Choices[[2]string{p, o}] = c
			}
		}
		a.markBest(p)
	}
	return a
}

// metricsOf returns the reported and selection metrics of a problem: the
// suite's, or else the first default metric its records report, selected
// by its validation twin or, without one, its training twin (a rate is
// never selected on the data it is reported on).
func (b *builder) metricsOf(problem string) metrics {
	if m, ok := b.suiteMetric[problem]; ok {
		return m
	}
	reports := func(m string) bool { return b.reported[problem][m] }
	for _, m := range selection.DefaultMetrics {
		if !reports(m) {
			continue
		}
		sel := selection.SelectBy(m, reports)
		return metrics{m, GoalOf(m), sel, GoalOf(sel)}
	}
	return metrics{"train_loss", "min", "train_loss", "min"}
}

// ColumnOf is the optimizer a record is reported under: its label, or,
// for a point of an entry's grid selected as a whole (select: grid), the
// entry's name.
func ColumnOf(r *record.Record) string {
	if r.Grid != nil && r.Grid.Select != record.SelectRate {
		return r.Grid.Entry
	}
	return r.Optimizer
}

// Point is the group's grid point: its gridded settings' values (nil for
// an optimizer without a grid).
func (g *Group) Point() map[string]any {
	if g.Grid == nil {
		return nil
	}
	return g.Grid.Settings
}

// Summarize computes the statistics of metric over the group's runs (the
// selection rule's accounting).
func (g *Group) Summarize(metric string) Stats {
	return selection.SummarizeRuns(len(g.Runs), func(i int, m string) (string, record.Value, bool) {
		v, ok := g.Runs[i].Final[m]
		return g.Runs[i].Status, v, ok
	}, metric)
}

// AtPoint names a metric measured at another evaluation point of the
// suite (eval: {at: [x, y, z]}) among a run's final metrics and curves:
// "y:test_acc" is test_acc at y. The name ends as the metric does, so its
// goal and unit are the metric's.
func AtPoint(point, metric string) string { return point + ":" + metric }

// splitPoint undoes AtPoint: the point ("" for the suite's own) and the
// metric.
func splitPoint(name string) (point, metric string) {
	if p, m, ok := strings.Cut(name, ":"); ok {
		return p, m
	}
	return "", name
}

// withPoints is final with the metrics at the other points under their
// AtPoint names (final itself when there are none).
func withPoints(final record.Metrics, at map[string]record.Metrics) record.Metrics {
	if len(at) == 0 {
		return final
	}
	out := make(record.Metrics, len(final)*(1+len(at)))
	for k, v := range final {
		out[k] = v
	}
	for p, m := range at {
		for k, v := range m {
			out[AtPoint(p, k)] = v
		}
	}
	return out
}
