package reports

import (
	"encoding/json"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/record"
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

// momentumKeys are the settings that are the interpolation β of a
// schedule-free kind (the rows of the paper's Fig. 2b).
var momentumKeys = []string{"momentum", "beta1"}

// lrAxis names the learning rate among a heatmap's axes.
const lrAxis = "lr"

// heatmap is one panel of the heatmap figure and the axes it maps: X (its
// columns) and Y (its rows), the learning rate (lrAxis) or a setting.
type heatmap struct {
	panel plot.HeatmapPanel
	x, y  string
}

// HeatmapPanels maps, per problem, the final metric of each family of
// configurations over each pair of the axes it varies along: the points of
// an optimizer entry's grid (grid:) with their rates, or optimizers of one
// kind that differ in one numeric setting only (as the paper's β × γ study
// is written: one entry per β). A pair with the learning rate shows it in
// the columns and the setting in the rows; a pair of settings shows at
// each cell the rate selected there (by the selection rule, as for a
// table). Settings off the pair are held at the family's best
// configuration. None when no family varies along two axes.
func HeatmapPanels(a *Analysis) []plot.HeatmapPanel {
	var out []plot.HeatmapPanel
	for _, h := range a.heatmaps() {
		out = append(out, h.panel)
	}
	return out
}

// BetaGammaPanels are the heatmaps of HeatmapPanels over the learning rate
// γ (columns) and a momentum β (rows, ascending): the paper's Fig. 2b.
func BetaGammaPanels(a *Analysis) []plot.HeatmapPanel {
	var out []plot.HeatmapPanel
	for _, h := range a.heatmaps() {
		if h.x == lrAxis && slices.Contains(momentumKeys, h.y) {
			out = append(out, h.panel)
		}
	}
	return out
}

// heatFamily is a set of configurations of one problem that vary along
// axes: its members' choices, the coordinates of each of their groups (at
// the choice's horizon), and its best member.
type heatFamily struct {
	name    string
	members []*Choice
	coords  func(g *Group) map[string]float64 // lrAxis and the settings the family varies (booleans as 0 and 1)
	same    func(g, best *Group) bool         // whether g has the best's settings that are no axis (nil: all are)
	first   int                               // the column of its first member, for the order of panels
	key     string                            // the setting of a family of single entries (for the order)
}

func (a *Analysis) heatmaps() []heatmap {
	var out []heatmap
	for _, p := range a.Problems {
		fams := append(a.gridFamilies(p), a.settingFamilies(p)...)
		sort.SliceStable(fams, func(i, j int) bool {
			fi, fj := fams[i], fams[j]
			if fi.first != fj.first {
				return fi.first < fj.first
			}
			return fi.key < fj.key
		})
		for _, f := range fams {
			out = append(out, a.familyMaps(p, f)...)
		}
	}
	return out
}

// gridFamilies are the optimizer entries with a grid that ran on p, each a
// family (its points reported as one optimizer or, under select: rate, as
// one each).
func (a *Analysis) gridFamilies(p string) []*heatFamily {
	var fams []*heatFamily
	byEntry := map[string]*heatFamily{}
	for i, o := range a.Optimizers {
		c := a.Choice(p, o)
		if c == nil || c.Group.Grid == nil {
			continue
		}
		e := c.Group.Grid.Entry
		f := byEntry[e]
		if f == nil {
			f = &heatFamily{name: e, first: i, coords: func(g *Group) map[string]float64 {
				m := map[string]float64{lrAxis: g.LR}
				for k, v := range g.Point() {
					if x, ok := record.Number(v); ok {
						m[k] = x
					} else if b, ok := v.(bool); ok { // false 0, true 1
						m[k] = 0
						if b {
							m[k] = 1
						}
					}
				}
				return m
			}, same: func(g, best *Group) bool {
				// Settings of other types (a string) are held at the best's.
				for k, v := range g.Point() {
					_, num := record.Number(v)
					_, isBool := v.(bool)
					if !num && !isBool && record.CompareSettings(v, best.Point()[k]) != 0 {
						return false
					}
				}
				return true
			}}
			byEntry[e] = f
			fams = append(fams, f)
		}
		f.members = append(f.members, c)
	}
	return fams
}

// settingFamilies are the optimizers without a grid that ran on p and are
// of one kind, differing in one numeric setting only (at least two of
// them): the family of the setting.
func (a *Analysis) settingFamilies(p string) []*heatFamily {
	var fams []*heatFamily
	byKey := map[string]*heatFamily{}
	for i, o := range a.Optimizers {
		c := a.Choice(p, o)
		if c == nil || c.Group.Grid != nil {
			continue
		}
		h := c.Group.Hyper
		keys := make([]string, 0, len(h))
		for k := range h {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if _, ok := record.Number(h[k]); !ok {
				continue
			}
			rest := map[string]any{}
			for k2, v := range h {
				if k2 != k {
					rest[k2] = v
				}
			}
			id, _ := json.Marshal(struct {
				Kind, Setting string
				Hyper         map[string]any
			}{c.Group.OptimizerKind, k, rest})
			f := byKey[string(id)]
			if f == nil {
				setting := k
				f = &heatFamily{name: c.Group.OptimizerKind, first: i, key: k, coords: func(g *Group) map[string]float64 {
					v, _ := record.Number(g.Hyper[setting])
					return map[string]float64{lrAxis: g.LR, setting: v}
				}}
				byKey[string(id)] = f
				fams = append(fams, f)
			}
			f.members = append(f.members, c)
		}
	}
	var out []*heatFamily
	for _, f := range fams {
		if len(f.members) > 1 {
			out = append(out, f)
		}
	}
	return out
}

// familyMaps draws family f on problem p over each pair of its axes.
func (a *Analysis) familyMaps(p string, f *heatFamily) []heatmap {
	// Every group of the members at its choice's horizon, and where it is.
	type at struct {
		g      *Group
		coords map[string]float64
	}
	var groups []at
	values := map[string][]float64{}
	// The best member: where the settings off a pair are held.
	best := f.members[0]
	for _, c := range f.members[1:] {
		if c.Stats.N > 0 && (best.Stats.N == 0 || selection.Better(c.Stats, best.Stats, c.Goal)) {
			best = c
		}
	}
	for _, c := range f.members {
		for _, g := range a.Groups {
			if g.Problem != p || g.Optimizer != c.Optimizer || g.Horizon != c.Group.Horizon || f.same != nil && !f.same(g, best.Group) {
				continue
			}
			xy := f.coords(g)
			groups = append(groups, at{g, xy})
			for k, v := range xy {
				if !slices.Contains(values[k], v) {
					values[k] = append(values[k], v)
				}
			}
		}
	}
	var axes []string
	for k, vs := range values {
		if len(vs) > 1 {
			axes = append(axes, k)
		}
		sort.Float64s(vs)
	}
	sort.Slice(axes, func(i, j int) bool {
		if (axes[i] == lrAxis) != (axes[j] == lrAxis) {
			return axes[i] == lrAxis
		}
		return axes[i] < axes[j]
	})
	if len(axes) < 2 {
		return nil
	}
	bestAt := f.coords(best.Group)
	like := f.members[0]
	var out []heatmap
	for i := range axes {
		for j := i + 1; j < len(axes); j++ {
			x, y := axes[i], axes[j]
			var fixed []string
			for _, k := range axes {
				if k != x && k != y && k != lrAxis {
					v, ok := best.Group.Point()[k]
					if !ok { // a family of single entries
						v = bestAt[k]
					}
					fixed = append(fixed, k+"="+record.FormatSetting(v))
				}
			}
			if x != lrAxis && y != lrAxis && slices.Contains(axes, lrAxis) {
				fixed = append(fixed, "rate selected per cell")
			}
			title := p + ": " + f.name
			if len(fixed) > 0 {
				title += " (" + strings.Join(fixed, ", ") + ")"
			}
			panel := plot.HeatmapPanel{Title: title, XLabel: heatAxisLabel(f, x), YLabel: heatAxisLabel(f, y), Cols: values[x], Rows: values[y],
				ValueLabel: "final " + like.Metric, LogColor: logScale(like.Metric), Best: plot.LowerIsBetter, Annotate: true}
			if like.Goal == "max" {
				panel.Best = plot.HigherIsBetter
			}
			m := metrics{like.Metric, like.Goal, like.Select, like.SelectGoal}
			for _, vy := range values[y] {
				row := make([]float64, len(values[x]))
				for jx, vx := range values[x] {
					var cands []*Group // at this cell, rates ascending (a.Groups' order)
					for _, g := range groups {
						ok := g.coords[x] == vx && g.coords[y] == vy
						for _, k := range axes {
							ok = ok && (k == x || k == y || k == lrAxis || g.coords[k] == bestAt[k])
						}
						if ok {
							cands = append(cands, g.g)
						}
					}
					row[jx] = math.NaN()
					if g := a.pick(cands, m); g != nil {
						if st := g.Summarize(like.Metric); st.N > 0 && st.Failed == 0 {
							row[jx] = st.Mean
						}
					}
				}
				panel.Values = append(panel.Values, row)
			}
			out = append(out, heatmap{panel, x, y})
		}
	}
	return out
}

// heatAxisLabel names an axis of a family's heatmap: "" for the plot's
// defaults (the learning rate γ; the momentum β of a family of single
// entries, as the paper's figure), else the setting (a momentum with its
// β).
func heatAxisLabel(f *heatFamily, axis string) string {
	switch {
	case axis == lrAxis:
		return ""
	case f.key != "" && slices.Contains(momentumKeys, axis):
		return ""
	case slices.Contains(momentumKeys, axis):
		return axis + " β"
	}
	return axis
}
