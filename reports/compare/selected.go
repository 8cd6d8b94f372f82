package compare

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/record"
)

// tuned names what one rate is selected for: a problem × optimizer × horizon.
type tuned struct {
	problem, optimizer string
	horizon            int
}

// selectedRates applies the selection rule to each problem × optimizer ×
// horizon with several rates: the seeds-phase rate where the records have
// one (tune-then-seeds), else the rule's choice on each record's selection
// metric over all seeds.
func selectedRates(runs []*run) map[tuned]float64 {
	type cands struct {
		rates  []float64
		runs   map[float64][]*run
		metric string
		goal   string
	}
	groups := map[tuned]*cands{}
	out := map[tuned]float64{}
	for _, r := range runs {
		k := tuned{r.key.Problem, r.key.Optimizer, r.key.Horizon}
		if r.Phase == "seeds" {
			out[k] = r.key.LR
		}
		g := groups[k]
		if g == nil {
			g = &cands{runs: map[float64][]*run{}}
			groups[k] = g
		}
		if g.metric == "" {
			g.metric, g.goal = r.SelectMetric, r.SelectGoal
			if g.metric == "" { // records from before selection metrics
				g.metric, g.goal = r.Metric, r.Goal
			}
		}
		if _, ok := g.runs[r.key.LR]; !ok {
			g.rates = append(g.rates, r.key.LR)
		}
		g.runs[r.key.LR] = append(g.runs[r.key.LR], r)
	}
	for k, g := range groups {
		if _, ok := out[k]; ok || len(g.rates) < 2 || g.metric == "" {
			continue
		}
		sort.Float64s(g.rates)
		sums := make([]selection.Summary, len(g.rates))
		for i, lr := range g.rates {
			runs := g.runs[lr]
			sums[i] = selection.SummarizeRuns(len(runs), func(j int, m string) (string, record.Value, bool) {
				v, ok := runs[j].Final.get(m)
				return runs[j].Status, v, ok
			}, g.metric)
		}
		out[k] = g.rates[selection.Select(sums, g.goal)]
	}
	return out
}

// movedRates warns, in a fixed order, where BASE and NEW select different
// rates for the same problem × optimizer × horizon: a change of tuned rate
// is worth knowing even when every group compares as "~".
func movedRates(base, nw []*run) []string {
	b, n := selectedRates(base), selectedRates(nw)
	var keys []tuned
	for k := range b {
		if _, ok := n[k]; ok && n[k] != b[k] {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		ki, kj := keys[i], keys[j]
		if ki.problem != kj.problem {
			return ki.problem < kj.problem
		}
		if ki.optimizer != kj.optimizer {
			return ki.optimizer < kj.optimizer
		}
		return ki.horizon < kj.horizon
	})
	var out []string
	for _, k := range keys {
		out = append(out, fmt.Sprintf("%s/%s (%d steps): the selected rate moved from %s in BASE to %s in NEW",
			k.problem, k.optimizer, k.horizon, strconv.FormatFloat(b[k], 'g', -1, 64), strconv.FormatFloat(n[k], 'g', -1, 64)))
	}
	return out
}
