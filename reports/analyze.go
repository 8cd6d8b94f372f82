package reports

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/sfbench/sfbench/harness/record"
)

// Group holds the records of one problem × optimizer × rate × horizon,
// one per seed, sorted by seed.
type Group struct {
	Problem, Optimizer string
	LR                 float64
	Horizon            int
	Records            []record.Record
}

// Stats summarizes a metric over the seeds of a group: the mean and
// standard error over the runs that finished (status ok), and how many
// diverged or failed.
type Stats struct {
	N        int // runs that finished
	Mean, SE float64
	Diverged int // runs that diverged or failed
}

// Choice is the selected rate of one problem × optimizer and its result.
type Choice struct {
	Problem, Optimizer string
	OptimizerKind      string
	Metric, Goal       string
	Group              *Group    // the selected rate's runs (longest horizon)
	Stats              Stats     // of Metric over Group
	Rates              []float64 // the grid that was run
	Edge               bool      // the selected rate is the smallest or largest of a grid of several
	Warnings           []string  // carried by the records
	Best               bool      // best on its problem, or within one standard error of the best
}

// Analysis is everything a report shows.
type Analysis struct {
	Suite, Description string
	Environment        record.Record // a record whose Environment describes the run
	Problems           []string      // in the order of the suite
	Optimizers         []string
	Groups             []*Group
	Choices            map[[2]string]*Choice // by (problem, optimizer)
}

// Choice returns the selection for a problem and optimizer, or nil.
func (a *Analysis) Choice(problem, optimizer string) *Choice {
	return a.Choices[[2]string{problem, optimizer}]
}

// DefaultMetric is the metric reports select by when the suite names none:
// the first of these that a problem reports.
var DefaultMetric = []string{"test_acc", "train_acc", "test_loss", "train_loss"}

// GoalOf is "max" for accuracies and "min" for everything else.
func GoalOf(metric string) string {
	if strings.HasSuffix(metric, "_acc") {
		return "max"
	}
	return "min"
}

// Analyze groups the records and selects, per problem × optimizer, the rate
// of the seeds phase (tune-then-seeds) or else the rate with the best mean
// metric over seeds (a diverged or failed run counts as the worst value).
func Analyze(recs []record.Record) *Analysis {
	a := &Analysis{Choices: map[[2]string]*Choice{}}
	if len(recs) == 0 {
		return a
	}
	a.Suite, a.Description, a.Environment = recs[0].Suite, recs[0].SuiteDescription, recs[0]
	type key struct {
		p, o    string
		lr      float64
		horizon int
	}
	groups := map[key]*Group{}
	seedsPhase := map[[2]string]float64{}
	for _, r := range recs {
		if !slices.Contains(a.Problems, r.Problem) {
			a.Problems = append(a.Problems, r.Problem)
		}
		if !slices.Contains(a.Optimizers, r.Optimizer) {
			a.Optimizers = append(a.Optimizers, r.Optimizer)
		}
		k := key{r.Problem, r.Optimizer, r.LR, r.Horizon}
		g := groups[k]
		if g == nil {
			g = &Group{Problem: r.Problem, Optimizer: r.Optimizer, LR: r.LR, Horizon: r.Horizon}
			groups[k] = g
			a.Groups = append(a.Groups, g)
		}
		g.Records = append(g.Records, r)
		if r.Phase == "seeds" {
			seedsPhase[[2]string{r.Problem, r.Optimizer}] = r.LR
		}
	}
	// Whatever order the records were written in (workers finish in any
	// order), the analysis follows the suite's order.
	pIndex, oIndex := map[string]int{}, map[string]int{}
	for _, r := range recs {
		pIndex[r.Problem], oIndex[r.Optimizer] = r.ProblemIndex, r.OptimizerIndex
	}
	sort.SliceStable(a.Problems, func(i, j int) bool { return pIndex[a.Problems[i]] < pIndex[a.Problems[j]] })
	sort.SliceStable(a.Optimizers, func(i, j int) bool { return oIndex[a.Optimizers[i]] < oIndex[a.Optimizers[j]] })
	sort.SliceStable(a.Groups, func(i, j int) bool {
		gi, gj := a.Groups[i], a.Groups[j]
		switch {
		case gi.Problem != gj.Problem:
			return pIndex[gi.Problem] < pIndex[gj.Problem]
		case gi.Optimizer != gj.Optimizer:
			return oIndex[gi.Optimizer] < oIndex[gj.Optimizer]
		case gi.LR != gj.LR:
			return gi.LR < gj.LR
		}
		return gi.Horizon < gj.Horizon
	})
	for _, g := range a.Groups {
		sort.Slice(g.Records, func(i, j int) bool { return g.Records[i].Seed < g.Records[j].Seed })
	}
	for _, p := range a.Problems {
		metric, goal := selection(recs, p)
		for _, o := range a.Optimizers {
			c := a.choose(p, o, metric, goal, seedsPhase)
			if c != nil {
				a.Choices[[2]string{p, o}] = c
			}
		}
		a.markBest(p)
	}
	return a
}

// selection returns the metric and goal for a problem: the suite's, or the
// first default metric its records report.
func selection(recs []record.Record, problem string) (metric, goal string) {
	for _, r := range recs {
		if r.Problem == problem && r.Metric != "" {
			return r.Metric, r.Goal
		}
	}
	for _, m := range DefaultMetric {
		for _, r := range recs {
			if _, ok := r.Final[m]; ok && r.Problem == problem {
				return m, GoalOf(m)
			}
		}
	}
	return "train_loss", "min"
}

// Summarize computes the statistics of metric over records.
func Summarize(recs []record.Record, metric string) Stats {
	var s Stats
	var vals []float64
	for _, r := range recs {
		v, ok := r.Final[metric]
		if r.Status != record.OK || !ok || math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			s.Diverged++
			continue
		}
		vals = append(vals, float64(v))
	}
	s.N = len(vals)
	if s.N == 0 {
		s.Mean, s.SE = math.NaN(), math.NaN()
		return s
	}
	for _, v := range vals {
		s.Mean += v
	}
	s.Mean /= float64(s.N)
	if s.N > 1 {
		ss := 0.0
		for _, v := range vals {
			ss += (v - s.Mean) * (v - s.Mean)
		}
		s.SE = math.Sqrt(ss/float64(s.N-1)) / math.Sqrt(float64(s.N))
	}
	return s
}

// better reports whether summary a beats b: fewer diverged or failed runs
// first, then the better mean.
func better(a, b Stats, goal string) bool {
	switch {
	case a.N == 0 || b.N == 0:
		return a.N > b.N
	case a.Diverged != b.Diverged:
		return a.Diverged < b.Diverged
	case goal == "min":
		return a.Mean < b.Mean
	}
	return a.Mean > b.Mean
}

func (a *Analysis) choose(p, o, metric, goal string, seedsPhase map[[2]string]float64) *Choice {
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
	c := &Choice{Problem: p, Optimizer: o, OptimizerKind: cands[0].Records[0].OptimizerKind, Metric: metric, Goal: goal}
	for _, g := range cands {
		if !slices.Contains(c.Rates, g.LR) {
			c.Rates = append(c.Rates, g.LR)
		}
	}
	sort.Float64s(c.Rates)
	lr, fixed := seedsPhase[[2]string{p, o}]
	for _, g := range cands {
		if g.Horizon != longest || (fixed && g.LR != lr) {
			continue
		}
		st := Summarize(g.Records, metric)
		if c.Group == nil || better(st, c.Stats, goal) {
			c.Group, c.Stats = g, st
		}
	}
	if len(c.Rates) > 1 && (c.Group.LR == c.Rates[0] || c.Group.LR == c.Rates[len(c.Rates)-1]) {
		c.Edge = true
	}
	for _, r := range c.Group.Records {
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
		if best == nil || better(c.Stats, best.Stats, c.Goal) {
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
		if c != nil && c.Stats.N > 0 && c.Stats.Diverged == best.Stats.Diverged && math.Abs(c.Stats.Mean-best.Stats.Mean) <= tol {
			c.Best = true
		}
	}
}

// ScheduleFreeWins counts the problems on which a schedule-free optimizer
// (kind sf-*) is best or tied, out of the problems with any result.
func (a *Analysis) ScheduleFreeWins() (wins, problems int) {
	for _, p := range a.Problems {
		any, sf := false, false
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil || c.Stats.N == 0 {
				continue
			}
			any = true
			if c.Best && strings.HasPrefix(c.OptimizerKind, "sf-") {
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
