package paper

import (
	"fmt"
	"math"
	"strings"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/internal/stats"
	"github.com/sfbench/sfbench/reports"
	"github.com/sfbench/sfbench/reports/plot"
)

// Claim is one claim of the paper with the verdict the results give.
type Claim struct {
	Text     string
	Suite    string   // the suite whose results decide it
	Verdict  string   // reproduced, partly, not reproduced, not measured
	Evidence []string // the numbers that decide it
	// Caveat says what might explain a verdict short of "reproduced" at
	// this scale: a hypothesis, not a measurement.
	Caveat string
}

// Verdicts.
const (
	Reproduced    = "reproduced"
	Partly        = "partly"
	NotReproduced = "not reproduced"
	NotMeasured   = "not measured"
)

// verdict turns "holds on k of n" into a verdict: all, at least half, or fewer.
func verdict(k, n int) string {
	switch {
	case n == 0:
		return NotMeasured
	case k == n:
		return Reproduced
	case 2*k >= n:
		return Partly
	}
	return NotReproduced
}

// tally counts the cases a claim holds on, with one line of evidence each.
type tally struct {
	k, n  int
	lines []string
}

func (t *tally) add(ok bool, format string, args ...any) {
	t.n++
	mark := "✗"
	if ok {
		t.k++
		mark = "✓"
	}
	t.lines = append(t.lines, mark+" "+fmt.Sprintf(format, args...))
}

// decide sets the claim's verdict and evidence; summary, if not empty, is a
// format with the two counts (held, cases) that becomes the first line.
func (t *tally) decide(c *Claim, summary string) {
	c.Verdict = verdict(t.k, t.n)
	c.Evidence = t.lines
	if summary != "" {
		c.Evidence = append([]string{fmt.Sprintf(summary, t.k, t.n)}, t.lines...)
	}
}

func isSF(c *reports.Choice) bool { return c.ScheduleFree() }

func hyperKind(c *reports.Choice, key string) string {
	m, _ := c.Group.Hyper[key].(map[string]any)
	k, _ := m["kind"].(string)
	return k
}

func scheduled(c *reports.Choice) bool {
	k := hyperKind(c, "schedule")
	return k != "" && k != "constant"
}

// atLeast reports whether a is as good as b or better, within b's standard
// error, without more diverged seeds.
func atLeast(a, b *reports.Choice) bool {
	if a.Stats.Failed > b.Stats.Failed {
		return false
	}
	return withinSE(a.Stats.Mean, b.Stats, a.Goal)
}

// withinSE reports whether v is as good as ref's mean or better, allowing
// ref's standard error, in the direction of goal.
func withinSE(v float64, ref reports.Stats, goal string) bool {
	tol := ref.SE
	if math.IsNaN(tol) {
		tol = 0
	}
	if goal == "max" {
		return v >= ref.Mean-tol
	}
	return v <= ref.Mean+tol
}

// show names a choice with its mean, and its diverged seeds if any.
func show(c *reports.Choice) string {
	s := fmt.Sprintf("%s %s", c.Optimizer, reports.FormatValue(c.Metric, c.Stats.Mean))
	if c.Stats.Failed > 0 {
		s += fmt.Sprintf(" (%d of %d seeds diverged)", c.Stats.Failed, c.Stats.N+c.Stats.Failed)
	}
	return s
}

// Suites are the paper's suites, whose results decide its claims.
var Suites = []string{"paper-convex", "paper-largelr", "paper-quadratic", "paper-vision", "paper-lm", "paper-pareto", "paper-momentum"}

// Claims evaluates the paper's claims on the analyses of the paper suites
// (keyed by suite name); a claim whose suite is missing is "not measured".
func Claims(by map[string]*reports.Analysis) []Claim {
	return []Claim{
		claimSchedules(by),
		claimLargeLR(by["paper-largelr"]),
		claimPareto(by["paper-pareto"]),
		claimMomentum(by["paper-momentum"]),
		claimBatchNorm(by["paper-vision"]),
		claimAveraging(by),
		claimBetaGamma(by["paper-quadratic"]),
	}
}

func claimSchedules(by map[string]*reports.Analysis) Claim {
	c := Claim{Text: "Schedule-free matches or beats tuned schedules (cosine, linear decay, step)", Suite: "paper-convex, paper-vision, paper-lm",
		Caveat: "The rule is strict (within one standard error, no more diverged seeds) and several problems are tiny and near-saturated " +
			"(iris, wine, dna train accuracy); the tuned rate of one seed can diverge on others. The paper's margins come from long runs on large models."}
	var t tally
	for _, name := range []string{"paper-convex", "paper-vision", "paper-lm"} {
		a := by[name]
		if a == nil {
			continue
		}
		for _, p := range a.Problems {
			if sf, sch := a.BestOf(p, isSF), a.BestOf(p, scheduled); sf != nil && sch != nil {
				t.add(atLeast(sf, sch), "%s: %s vs %s", p, show(sf), show(sch))
			}
		}
	}
	t.decide(&c, "as good within one s.e., with no more diverged seeds, on %d of %d problems")
	return c
}

func claimAveraging(by map[string]*reports.Analysis) Claim {
	c := Claim{Text: "Polyak and primal averaging are weaker than schedule-free", Suite: "paper-convex, paper-vision",
		Caveat: "On small convex problems trained for 100 epochs every method reaches nearly the same accuracy, so averaging loses little; " +
			"the comparison counts a tie as a failure of the claim."}
	var t tally
	for _, name := range []string{"paper-convex", "paper-vision"} {
		a := by[name]
		if a == nil {
			continue
		}
		for _, p := range a.Problems {
			sf := a.BestOf(p, isSF)
			if sf == nil {
				continue
			}
			for _, kind := range []string{"polyak", "primal"} {
				avg := a.BestOf(p, func(c *reports.Choice) bool { return c.Averaging() == kind })
				if avg != nil {
					t.add(selection.Better(sf.Stats, avg.Stats, sf.Goal) && !atLeast(avg, sf), "%s: %s vs %s", p, show(sf), show(avg))
				}
			}
		}
	}
	t.decide(&c, "schedule-free better (fewer diverged seeds, or as many and a mean better by more than one s.e.) in %d of %d comparisons")
	return c
}

func claimLargeLR(a *reports.Analysis) Claim {
	c := Claim{Text: "Schedule-free stays stable at very large learning rates (far above the classical optimum)", Suite: "paper-largelr", Verdict: NotMeasured,
		Caveat: "Stability is judged by divergence only, as in the paper (a non-finite loss or parameter), not by the quality reached at that rate: " +
			"a run whose loss spikes and stays finite counts as stable."}
	if a == nil {
		return c
	}
	var t tally
	for _, p := range a.Problems {
		var sfMax, baseMax float64 = math.NaN(), 0
		sfPresent := false
		var parts []string
		for _, o := range a.Optimizers {
			ch := a.Choice(p, o)
			if ch == nil {
				continue
			}
			top := a.LargestStable(p, o)
			parts = append(parts, fmt.Sprintf("%s up to %s (best %s)", o, reports.FormatRate(top, true), reports.FormatRate(ch.Group.LR, true)))
			if isSF(ch) {
				sfPresent, sfMax = true, top
			} else if !math.IsNaN(top) {
				baseMax = math.Max(baseMax, top)
			}
		}
		if sfPresent { // a schedule-free method diverging at every rate fails the claim (NaN >= x is false)
			t.add(sfMax >= 4*baseMax, "%s: %s", p, strings.Join(parts, "; "))
		}
	}
	t.decide(&c, "largest rate with no diverged seed at least 4× every baseline's on %d of %d problems")
	return c
}

// meanAt is the mean over seeds of the metric at step of a group's curves.
func meanAt(g *reports.Group, metric string, step int) float64 {
	var vals []float64
	for i := range g.Runs {
		for _, pt := range g.Curve(i, metric) {
			if pt.Step == step {
				vals = append(vals, pt.Value)
			}
		}
	}
	return stats.Mean(vals)
}

func claimPareto(a *reports.Analysis) Claim {
	c := Claim{Text: "One schedule-free run traces the Pareto frontier of cosine runs of every length", Suite: "paper-pareto", Verdict: NotMeasured,
		Caveat: "Cosine's rate is tuned for each horizon and schedule-free's once, on one seed by validation accuracy; " +
			"the frontier is judged on the test accuracy of three seeds, within one standard error of the cosine run of each length."}
	if a == nil {
		return c
	}
	var t tally
	for _, p := range a.Problems {
		// The schedule-free run: the selected rate's longest run.
		sfc := a.BestOf(p, isSF)
		if sfc == nil {
			continue
		}
		metric, goal := sfc.Metric, sfc.Goal
		for _, o := range a.Optimizers {
			ch := a.Choice(p, o)
			if ch == nil || isSF(ch) {
				continue
			}
			// Each scheduled run of horizon h at that horizon's best rate.
			for _, h := range a.Horizons(p, o) {
				best := a.BestAt(p, o, h, ch)
				at := meanAt(sfc.Group, metric, h)
				if best == nil || best.Stats.N == 0 || math.IsNaN(at) {
					continue
				}
				t.add(withinSE(at, best.Stats, goal), "step %d: schedule-free %s vs %s run of that length %s (rate %s)",
					h, reports.FormatValue(metric, at), o, reports.FormatValue(metric, best.Stats.Mean), reports.FormatRate(best.Group.LR, true))
			}
		}
	}
	t.decide(&c, "the single schedule-free run is as good within one s.e. at %d of %d horizons")
	return c
}

func claimMomentum(a *reports.Analysis) Claim {
	c := Claim{Text: "β = 0.9 works well by default", Suite: "paper-momentum", Verdict: NotMeasured,
		Caveat: "The rule asks for β = 0.9 to be within one standard error of the best β; with three seeds the standard errors are tiny, " +
			"so a gap of a few tenths of a point fails it (see the numbers). The paper reports larger β helping on longer runs, which these runs also lean towards."}
	if a == nil {
		return c
	}
	var t tally
	for _, p := range a.Problems {
		best := a.BestOf(p, func(*reports.Choice) bool { return true })
		def := a.BestOf(p, func(c *reports.Choice) bool {
			h := c.Group.Hyper
			return h["momentum"] == 0.9 || h["beta1"] == 0.9
		})
		if best != nil && def != nil {
			t.add(atLeast(def, best), "%s: β=0.9 %s vs best %s", p, reports.FormatValue(def.Metric, def.Stats.Mean), show(best))
		}
	}
	t.decide(&c, "β = 0.9 within one s.e. of the best β on %d of %d problems")
	return c
}

func claimBatchNorm(a *reports.Analysis) Claim {
	c := Claim{Text: "BatchNorm statistics must be recomputed at x before evaluating", Suite: "paper-vision", Verdict: NotMeasured,
		Caveat: "Statistics are tracked at y = 0.9x + 0.1z; late in a run z and x are close on this small CNN, so statistics tracked at y " +
			"are already close to those at x. A larger network, a longer run or a smaller β should separate them more (untested here)."}
	if a == nil {
		return c
	}
	var t tally
	for _, p := range a.Problems {
		sf := a.BestOf(p, isSF)
		if sf == nil {
			continue
		}
		stale := sf.Group.Summarize("stale_bn_" + sf.Metric)
		if stale.N == 0 {
			continue
		}
		gap := sf.Stats.Mean - stale.Mean
		if sf.Goal == "min" {
			gap = -gap
		}
		t.add(gap > 2*math.Max(sf.Stats.SE, stale.SE), "%s, %s: recomputed at x %s, tracked in training %s",
			p, sf.Optimizer, reports.FormatValue(sf.Metric, sf.Stats.Mean), reports.FormatValue(sf.Metric, stale.Mean))
	}
	t.decide(&c, "recomputing at x better by more than two s.e. on %d of %d problems")
	return c
}

func claimBetaGamma(a *reports.Analysis) Claim {
	c := Claim{Text: "On quadratics, large learning rates γ need β < 1 (paper Fig. 2b)", Suite: "paper-quadratic", Verdict: NotMeasured,
		Caveat: "The final loss after 1000 steps is compared, not the minimum over the run, and rates where every β diverges are left out."}
	if a == nil {
		return c
	}
	heat := reports.BetaGammaPanels(a)
	var t tally
	for _, h := range heat {
		last := len(h.Rows) - 1
		if h.Rows[last] != 1 {
			continue
		}
		// For each rate in the upper half of the grid: is β = 1 worse than
		// the best β < 1 (or diverged)? Values are oriented so that larger
		// is better.
		sign := -1.0
		if h.Best == plot.HigherIsBetter {
			sign = 1
		}
		for j := len(h.Cols) / 2; j < len(h.Cols); j++ {
			bestBelow := math.NaN()
			for i := 0; i < last; i++ {
				if v := h.Values[i][j]; isFinite(v) && (math.IsNaN(bestBelow) || sign*v > sign*bestBelow) {
					bestBelow = v
				}
			}
			if math.IsNaN(bestBelow) {
				continue
			}
			one := h.Values[last][j]
			t.add(!isFinite(one) || sign*one < sign*bestBelow, "γ = %s: β = 1 %s, best β < 1 %s", reports.FormatRate(h.Cols[j], true),
				reports.FormatValue(h.ValueLabel, one), reports.FormatValue(h.ValueLabel, bestBelow))
		}
	}
	t.decide(&c, "β = 1 worse than the best β < 1 (or diverged) at %d of %d large rates")
	return c
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
