package reports

import (
	"encoding/json"
	"math"
	"slices"
	"sort"

	"github.com/sfbench/sfbench/reports/plot"
)

// profilePanels are the AlgoPerf-style performance profiles over the
// problems, from the steps-to-target table: over the steps to the target
// and over the training time to it.
func profilePanels(a *Analysis, rows []TargetRow) []plot.ProfilePanel {
	bySteps := plot.ProfilePanel{Title: "steps to the target (best final result −2%)", TauMax: ScoreTauMax}
	byTime := plot.ProfilePanel{Title: "training time to the target", TauMax: ScoreTauMax,
		XLabel: "τ (training time ÷ fastest method's)"}
	for _, r := range rows {
		bySteps.Problems = append(bySteps.Problems, r.Problem)
		byTime.Problems = append(byTime.Problems, r.Problem)
	}
	for i, o := range a.Optimizers {
		steps, secs := plot.ProfileMethod{Label: o}, plot.ProfileMethod{Label: o}
		for _, r := range rows {
			steps.Steps = append(steps.Steps, r.Steps[i])
			secs.Steps = append(secs.Steps, r.Seconds[i])
		}
		bySteps.Methods = append(bySteps.Methods, steps)
		byTime.Methods = append(byTime.Methods, secs)
	}
	return []plot.ProfilePanel{bySteps, byTime}
}

// paretoPanels: for problems run at several horizons, each scheduled
// optimizer's run per horizon (at that horizon's best rate) against the
// longest run of each schedule-free optimizer (paper Fig. 1). None if no
// problem has several horizons.
func paretoPanels(a *Analysis, opt Options) []plot.ParetoPanel {
	var panels []plot.ParetoPanel
	for _, p := range a.Problems {
		horizons := a.Horizons(p, "")
		if len(horizons) < 2 {
			continue
		}
		panel := plot.ParetoPanel{Title: p, XLabel: "step"}
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				continue
			}
			panel.YLabel, panel.LogY = axisLabel(c), logScale(c.Metric)
			if c.ScheduleFree() {
				panel.Curves = append(panel.Curves, curveSeries(o, c, opt))
				continue
			}
			runs := plot.ScheduledRuns{Label: o}
			for _, h := range horizons {
				if best := a.BestAt(p, o, h, c); best != nil {
					runs.Runs = append(runs.Runs, curveSeries(o, best, opt))
				}
			}
			panel.Scheduled = append(panel.Scheduled, runs)
		}
		panels = append(panels, panel)
	}
	return panels
}

// momentumKeys are the hyperparameters a β × γ heatmap varies.
var momentumKeys = []string{"momentum", "beta1"}

// heatmapPanels finds, per problem, optimizers of one kind that differ only
// in their momentum β and shares rates, and maps the final metric over β ×
// learning rate (paper Fig. 2b). None if the suite has no such family.
func BetaGammaPanels(a *Analysis) []plot.HeatmapPanel {
	var panels []plot.HeatmapPanel
	for _, p := range a.Problems {
		families := map[string][]string{} // configuration without β → optimizers
		var order []string
		beta := map[string]float64{}
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				continue
			}
			r := c.Group
			h := map[string]any{}
			for k, v := range r.Hyper {
				h[k] = v
			}
			found := false
			for _, k := range momentumKeys {
				if v, ok := h[k].(float64); ok {
					beta[o], found = v, true
					delete(h, k)
				}
			}
			if !found {
				continue
			}
			key, _ := json.Marshal(struct {
				Kind  string
				Hyper map[string]any
			}{r.OptimizerKind, h})
			if _, ok := families[string(key)]; !ok {
				order = append(order, string(key))
			}
			families[string(key)] = append(families[string(key)], o)
		}
		for _, key := range order {
			opts := families[key]
			if len(opts) < 2 {
				continue
			}
			if panel, ok := a.heatmap(p, opts, beta); ok {
				panels = append(panels, panel)
			}
		}
	}
	return panels
}

func (a *Analysis) heatmap(p string, opts []string, beta map[string]float64) (plot.HeatmapPanel, bool) {
	sort.SliceStable(opts, func(i, j int) bool { return beta[opts[i]] < beta[opts[j]] })
	var lrs []float64
	for _, g := range a.Groups {
		if g.Problem == p && slices.Contains(opts, g.Optimizer) && !slices.Contains(lrs, g.LR) {
			lrs = append(lrs, g.LR)
		}
	}
	if len(lrs) < 2 {
		return plot.HeatmapPanel{}, false
	}
	sort.Float64s(lrs)
	c0 := a.Choice(p, opts[0])
	panel := plot.HeatmapPanel{Title: p + ": " + c0.OptimizerKind, Cols: lrs,
		ValueLabel: "final " + c0.Metric, LogColor: logScale(c0.Metric), Best: plot.LowerIsBetter, Annotate: true}
	if c0.Goal == "max" {
		panel.Best = plot.HigherIsBetter
	}
	for _, o := range opts {
		c := a.Choice(p, o)
		panel.Rows = append(panel.Rows, beta[o])
		row := make([]float64, len(lrs))
		for j, lr := range lrs {
			row[j] = math.NaN()
			for _, g := range a.Groups {
				if g.Problem == p && g.Optimizer == o && g.LR == lr && g.Horizon == c.Group.Horizon {
					if st := g.Summarize(c.Metric); st.N > 0 && st.Failed == 0 {
						row[j] = st.Mean
					}
				}
			}
		}
		panel.Values = append(panel.Values, row)
	}
	return panel, true
}
