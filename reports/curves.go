package reports

import (
	"slices"
	"strings"

	"github.com/sfbench/sfbench/record"
)

// CurvePoint is one evaluation of one metric in a run's curve.
type CurvePoint struct {
	Step  int
	Value float64
}

// Curve is run i of the group (g.Runs[i]) evaluated on metric: its
// finite values in step order. Only the curves a report draws are kept
// (see drawn); asking for another is a mistake in the report's code.
func (g *Group) Curve(i int, metric string) []CurvePoint {
	c, ok := g.curves[metric]
	if !ok {
		panic("reports: the curve of " + metric + " is not among the drawn curves of " + g.Problem + "/" + g.Optimizer)
	}
	return c[i]
}

func curveOf(r *record.Record, metric string) []CurvePoint {
	if q, ok := strings.CutPrefix(metric, diagPrefix); ok {
		return diagCurveOf(r, q)
	}
	out := make([]CurvePoint, 0, len(r.Curve))
	point, m := splitPoint(metric)
	for _, pt := range r.Curve {
		metrics := pt.Metrics
		if point != "" {
			metrics = pt.At[point]
		}
		if v, ok := metrics[m]; ok && finite(float64(v)) {
			out = append(out, CurvePoint{pt.Step, float64(v)})
		}
	}
	return out
}

// drawnCurve is a group and metric whose curves a report draws.
type drawnCurve struct {
	g      *Group
	metric string
}

// ExtraCurveRuns is the most runs the selected rates of an analysis may
// hold for the curves of every metric to be kept (the HTML report's
// metric switch), not only of the reported one: beyond it (hundreds of
// thousands of records), a report keeps the reported metric's curves only
// and says so.
const ExtraCurveRuns = 5000

// drawn lists the curves a report draws: the reported metric of the rate
// selected for each problem × optimizer × horizon (the choices, and the
// per-horizon runs of the Pareto figure and claim), the choices'
// diagnostics when records carry them (diagCurve), and every other final
// metric of the choices' runs while they number at most ExtraCurveRuns.
func (a *Analysis) drawn() []drawnCurve {
	var out []drawnCurve
	seen := map[drawnCurve]bool{}
	add := func(g *Group, metric string) {
		if d := (drawnCurve{g, metric}); !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	extra := a.choiceRuns() <= ExtraCurveRuns
	for _, p := range a.Problems {
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				continue
			}
			add(c.Group, c.Metric)
			if a.Diagnostics {
				for _, q := range record.DiagnosticNames {
					add(c.Group, diagCurve(q))
				}
			}
			if extra {
				for _, m := range c.Group.Metrics() {
					add(c.Group, m)
				}
			}
			for _, h := range a.Horizons(p, o) {
				if best := a.BestAt(p, o, h, c); best != nil {
					add(best.Group, c.Metric)
				}
			}
		}
	}
	return out
}

// takeCurves keeps the drawn curves (one value per evaluation of the
// drawn metric only) from the full records of their runs' cells, which
// read gives one at a time: from the records in memory (Analyze) or read
// again from the results file (Read).
func (a *Analysis) takeCurves(read func(cells []int, fn func(cell int, full *record.Record) error) error) error {
	type slot struct {
		g      *Group
		i      int
		metric string
	}
	slots := map[int][]slot{}
	var cells []int
	for _, d := range a.drawn() {
		if d.g.curves == nil {
			d.g.curves = map[string][][]CurvePoint{}
		}
		d.g.curves[d.metric] = make([][]CurvePoint, len(d.g.Runs))
		for i, r := range d.g.Runs {
			if len(slots[r.cell]) == 0 {
				cells = append(cells, r.cell)
			}
			slots[r.cell] = append(slots[r.cell], slot{d.g, i, d.metric})
		}
	}
	return read(cells, func(cell int, full *record.Record) error {
		for _, s := range slots[cell] {
			s.g.curves[s.metric][s.i] = curveOf(full, s.metric)
		}
		return nil
	})
}

// choiceRuns counts the runs of the selected rates.
func (a *Analysis) choiceRuns() int {
	n := 0
	for _, c := range a.Choices {
		n += len(c.Group.Runs)
	}
	return n
}

// Metrics are the final metrics the group's runs report, sorted.
func (g *Group) Metrics() []string {
	var out []string
	for _, r := range g.Runs {
		for m := range r.Final {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	slices.Sort(out)
	return out
}

// HasCurve reports whether the curves of metric were kept for the group.
func (g *Group) HasCurve(metric string) bool {
	_, ok := g.curves[metric]
	return ok
}
