package reports

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/sfbench/sfbench/internal/stats"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports/plot"
)

// Figure files written by Write.
const (
	ConvergencePNG = "convergence.png"
	SensitivityPNG = "lr-sensitivity.png"
)

// axisLabel names the metric on a figure axis (accuracies as fractions).
func axisLabel(c *Choice) string {
	return strings.Replace(MetricLabel(c.Metric, c.Goal), " % ", " ", 1)
}

// logScale: losses and gaps are shown on a log axis, accuracies linearly.
func logScale(metric string) bool { return !strings.HasSuffix(metric, "_acc") }

// convergencePanels: per problem, each optimizer's selected rate, the
// metric against steps, mean over seeds with a ±1 s.e. band; the steps at
// which seeds diverged are marked.
func convergencePanels(a *Analysis, opt Options) []plot.Panel {
	var panels []plot.Panel
	for _, p := range a.Problems {
		panel := plot.Panel{Title: p, XLabel: "step"}
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				continue
			}
			panel.YLabel, panel.LogY = axisLabel(c), logScale(c.Metric)
			panel.Series = append(panel.Series, curveSeries(o, c, opt))
		}
		panels = append(panels, panel)
	}
	return panels
}

// Band kinds of the figures: ±1 standard error of the mean over seeds, or
// the range (minimum to maximum) over seeds.
const (
	BandSE     = "se"
	BandMinMax = "minmax"
)

// Options configures a report.
type Options struct {
	Band string // BandSE (default) or BandMinMax
}

// band returns the mean of v and the band around it.
func (o Options) band(v []float64) (mean, lo, hi float64) {
	mean, se := stats.MeanSE(v)
	if math.IsNaN(se) { // one seed: no band
		se = 0
	}
	if o.Band == BandMinMax {
		return mean, slices.Min(v), slices.Max(v)
	}
	return mean, mean - se, mean + se
}

// curveSeries averages the evaluation curves of a choice's seeds at each
// step where at least one seed was evaluated.
func curveSeries(label string, c *Choice, opt Options) plot.Series {
	byStep := map[int][]float64{}
	s := plot.Series{Label: label}
	for i, r := range c.Group.Runs {
		for _, pt := range c.Group.curve(i, c.Metric) {
			byStep[pt.step] = append(byStep[pt.step], pt.v)
		}
		if r.Status == record.Diverged {
			s.Diverged = append(s.Diverged, float64(max(r.DivergedStep, 1)))
		}
	}
	steps := make([]int, 0, len(byStep))
	for st := range byStep {
		steps = append(steps, st)
	}
	sort.Ints(steps)
	for _, st := range steps {
		m, lo, hi := opt.band(byStep[st])
		s.X = append(s.X, float64(st))
		s.Y = append(s.Y, m)
		s.Lo = append(s.Lo, lo)
		s.Hi = append(s.Hi, hi)
	}
	return s
}

// sensitivityPanels: per problem, the final metric against the learning
// rate for every rate run, mean over the seeds that finished with a ±1
// s.e. band; rates where a seed diverged are marked, and so are rates where
// every seed finished but one was unstable (peak loss ratio above
// UnstableRatio).
func sensitivityPanels(a *Analysis, opt Options) []plot.Panel {
	var panels []plot.Panel
	for _, p := range a.Problems {
		panel := plot.Panel{Title: p, XLabel: "learning rate", LogX: true}
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				continue
			}
			panel.YLabel, panel.LogY = axisLabel(c), logScale(c.Metric)
			s := plot.Series{Label: o}
			for _, g := range a.Groups {
				if g.Problem != p || g.Optimizer != o || g.Horizon != c.Group.Horizon {
					continue
				}
				vals, diverged := finalValues(g.Runs, c.Metric)
				if diverged {
					s.Diverged = append(s.Diverged, g.LR)
				} else if unstable(g.Runs) {
					s.Unstable = append(s.Unstable, g.LR)
				}
				if len(vals) == 0 {
					continue
				}
				m, lo, hi := opt.band(vals)
				s.X = append(s.X, g.LR)
				s.Y = append(s.Y, m)
				s.Lo = append(s.Lo, lo)
				s.Hi = append(s.Hi, hi)
			}
			panel.Series = append(panel.Series, s)
		}
		panels = append(panels, panel)
	}
	return panels
}

// UnstableRatio is the peak ratio of full-batch training loss to initial
// loss above which a finished run is marked unstable in figures (it still
// counts with its final metrics, as in the paper).
const UnstableRatio = 10

func unstable(recs []*Run) bool {
	for _, r := range recs {
		if float64(r.PeakLossRatio) > UnstableRatio {
			return true
		}
	}
	return false
}

// finalValues returns the final metric of the runs that finished, and
// whether any run diverged or failed.
func finalValues(recs []*Run, metric string) (vals []float64, diverged bool) {
	for _, r := range recs {
		v, ok := r.Final[metric]
		if r.Status != record.OK || !ok || !finite(float64(v)) {
			diverged = true
			continue
		}
		vals = append(vals, float64(v))
	}
	return vals, diverged
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Figure files written only when the results call for them.
const (
	ProfilePNG = "performance-profile.png"
	ParetoPNG  = "pareto.png"
	HeatmapPNG = "beta-gamma.png"
)

// figure is one PNG of a report: its file, title, caption and renderer.
type figure struct {
	name, title, caption string
	render               func(path string, opt plot.Options) error
}

// figuresOf lists the report's figures: convergence, sensitivity and the
// performance profile always; the Pareto figure when problems ran at
// several horizons; the β × γ heatmap when optimizers differ only in β.
func figuresOf(a *Analysis, targets []TargetRow, opt Options) []figure {
	conv, sens := convergencePanels(a, opt), sensitivityPanels(a, opt)
	what := "±1 standard error"
	if opt.Band == BandMinMax {
		what = "minimum to maximum over seeds"
	}
	figs := []figure{
		{ConvergencePNG, a.Suite + ": convergence",
			"Convergence at each optimizer's selected rate: mean over seeds, band " + what + "; × marks where a seed diverged.",
			func(path string, opt plot.Options) error { return plot.Convergence(path, conv, opt) }},
		{SensitivityPNG, a.Suite + ": learning-rate sensitivity",
			"Final metric against the learning rate, per optimizer: mean over the seeds that finished, band " + what + "; × at the top where a seed diverged; a ring where every seed finished but one was unstable on the way (its full-batch training loss rose above " + fmt.Sprint(UnstableRatio) + "× the initial one).",
			func(path string, opt plot.Options) error { return plot.LRSensitivity(path, sens, opt) }},
	}
	if len(targets) > 0 {
		prof := profilePanel(a, targets)
		figs = append(figs, figure{ProfilePNG, a.Suite + ": performance profile",
			"Fraction of problems on which each optimizer reaches the target within τ times the steps of the fastest optimizer (from the steps-to-target table).",
			func(path string, opt plot.Options) error {
				opt.Columns = 1
				return plot.PerformanceProfile(path, []plot.ProfilePanel{prof}, opt)
			}})
	}
	if pareto := paretoPanels(a, opt); len(pareto) > 0 {
		figs = append(figs, figure{ParetoPNG, a.Suite + ": Pareto frontier",
			"Each scheduled optimizer run separately at every horizon (dots: final values, the frontier; faint: their trajectories) against the single longest run of each schedule-free optimizer (paper Fig. 1).",
			func(path string, opt plot.Options) error { return plot.Pareto(path, pareto, opt) }})
	}
	if heat := heatmapPanels(a); len(heat) > 0 {
		figs = append(figs, figure{HeatmapPNG, a.Suite + ": β × γ",
			"Final metric (mean over the seeds that finished) over momentum β × learning rate γ; grey ×: diverged (paper Fig. 2b).",
			func(path string, opt plot.Options) error { return plot.Heatmap(path, heat, opt) }})
	}
	return figs
}

// writeFigures renders the figures into dir (each to a temporary file,
// then renamed) and returns them.
func writeFigures(a *Analysis, figs []figure, dir string) ([]figure, error) {
	pal := plot.NewPalette(a.Optimizers...)
	cols := min(3, len(a.Problems))
	var done []figure
	for _, f := range figs {
		path := filepath.Join(dir, f.name)
		tmp := path + ".tmp.png"
		if err := f.render(tmp, plot.Options{Title: f.title, Columns: cols, Palette: pal}); err != nil {
			return done, fmt.Errorf("%s: %w", f.name, err)
		}
		if err := renameFile(tmp, path); err != nil {
			return done, err
		}
		done = append(done, f)
	}
	return done, nil
}
