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
	// Figures are the file formats of the figures, by extension without
	// the dot: "png", "svg", "pdf" (plot.Formats). Empty: png.
	Figures []string
}

// Validate checks the options, naming what is wrong.
func (o Options) Validate() error {
	if o.Band != "" && o.Band != BandSE && o.Band != BandMinMax {
		return fmt.Errorf("band must be %s or %s, got %q", BandSE, BandMinMax, o.Band)
	}
	for _, f := range o.Figures {
		if !slices.Contains(plot.Formats, "."+f) {
			return fmt.Errorf("unknown figure format %q (want png, svg or pdf)", f)
		}
	}
	return nil
}

// figureExts are the extensions the figures are written with.
func (o Options) figureExts() []string {
	if len(o.Figures) == 0 {
		return []string{".png"}
	}
	var out []string
	for _, f := range o.Figures {
		if !slices.Contains(out, "."+f) {
			out = append(out, "."+f)
		}
	}
	return out
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
	return metricCurveSeries(label, c, c.Metric, opt)
}

// metricCurveSeries is curveSeries of another metric of the choice's runs
// (one whose curves were kept: see drawn).
func metricCurveSeries(label string, c *Choice, metric string, opt Options) plot.Series {
	byStep := map[int][]float64{}
	s := plot.Series{Label: label}
	for i, r := range c.Group.Runs {
		for _, pt := range c.Group.Curve(i, metric) {
			byStep[pt.Step] = append(byStep[pt.Step], pt.Value)
		}
		if r.Status == record.StatusDiverged {
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
			panel.Series = append(panel.Series, rateSeries(a, c, c.Metric, opt))
		}
		panels = append(panels, panel)
	}
	return panels
}

// rateSeries is the final metric of a choice's optimizer against the
// learning rate at the choice's horizon (and grid point): mean over the
// seeds that finished with its band; rates where a seed diverged are
// marked, and so are rates where every seed finished but one was unstable.
func rateSeries(a *Analysis, c *Choice, metric string, opt Options) plot.Series {
	s := plot.Series{Label: c.Optimizer}
	for _, g := range a.Groups {
		if g.Problem != c.Problem || g.Optimizer != c.Optimizer || g.Horizon != c.Group.Horizon || g.Label != c.Group.Label {
			continue
		}
		vals, diverged := finalValues(g.Runs, metric)
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
	return s
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
		if r.Status != record.StatusOK || !ok || !finite(float64(v)) {
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
	HeatmapPNG = "heatmap.png"
)

// Figure is one figure a report can draw: its file, its title (after the
// suite's name on the image), whether the summary of several suites shows
// it too, its caption, and how it is built from an analysis — or that it
// does not apply (Pareto only when problems ran at several horizons, the
// heatmaps only for a grid of settings, or optimizers that differ in one
// setting only, the profile only with a steps-to-target table, the
// diagnostics only when records carry them). Figures lists them in the order a report
// shows them; a new figure is one entry there and its panel builder.
type Figure struct {
	File    string
	Title   string
	Summary bool
	caption func(band string) string
	build   func(a *Analysis, opt Options, targets []TargetRow) (render func(path string, o plot.Options) error, ok bool)
}

// Heading is the figure's section heading in RESULTS.md, from its file.
func (f Figure) Heading() string { return figureTitle(f.File) }

// Figures are the figures of a report, in order.
var Figures = []Figure{
	{File: ConvergencePNG, Title: "convergence", Summary: true,
		caption: func(band string) string {
			return "Convergence at each optimizer's selected rate: mean over seeds, band " + band + "; × marks where a seed diverged."
		},
		build: func(a *Analysis, opt Options, _ []TargetRow) (func(string, plot.Options) error, bool) {
			conv := convergencePanels(a, opt)
			return func(path string, o plot.Options) error { return plot.Convergence(path, conv, o) }, true
		}},
	{File: SensitivityPNG, Title: "learning-rate sensitivity", Summary: true,
		caption: func(band string) string {
			return "Final metric against the learning rate, per optimizer: mean over the seeds that finished, band " + band +
				"; × at the top where a seed diverged; a ring where every seed finished but one was unstable on the way (its full-batch training loss rose above " +
				fmt.Sprint(UnstableRatio) + "× the initial one)."
		},
		build: func(a *Analysis, opt Options, _ []TargetRow) (func(string, plot.Options) error, bool) {
			sens := sensitivityPanels(a, opt)
			return func(path string, o plot.Options) error { return plot.LRSensitivity(path, sens, o) }, true
		}},
	{File: ProfilePNG, Title: "performance profile",
		caption: func(string) string {
			return "Fraction of problems on which each optimizer reaches the target within τ times the steps (left) or the training time (right) of the fastest optimizer on that problem (from the steps-to-target table); the area under each curve, divided by its width, is the optimizer's score."
		},
		build: func(a *Analysis, _ Options, targets []TargetRow) (func(string, plot.Options) error, bool) {
			if len(targets) == 0 {
				return nil, false
			}
			panels := profilePanels(a, targets)
			return func(path string, o plot.Options) error {
				o.Columns = 2
				return plot.PerformanceProfile(path, panels, o)
			}, true
		}},
	{File: ParetoPNG, Title: "Pareto frontier", Summary: true,
		caption: func(string) string {
			return "Each scheduled optimizer run separately at every horizon (dots: final values, the frontier; faint: their trajectories) against the single longest run of each schedule-free optimizer (paper Fig. 1)."
		},
		build: func(a *Analysis, opt Options, _ []TargetRow) (func(string, plot.Options) error, bool) {
			pareto := paretoPanels(a, opt)
			return func(path string, o plot.Options) error { return plot.Pareto(path, pareto, o) }, len(pareto) > 0
		}},
	{File: HeatmapPNG, Title: "heatmaps over the grid", Summary: true,
		caption: func(string) string {
			return "Final metric (mean over the seeds, grey × where one diverged) over two axes of an optimizer's grid: " +
				"the learning rate γ (columns) and a gridded setting (rows), or two gridded settings with the rate selected at each cell; " +
				"the other gridded settings at their selected values; outlined: the best cell. " +
				"Optimizers of one kind that differ in one setting only count as a grid of it: momentum β × γ is the paper's Fig. 2b."
		},
		build: func(a *Analysis, _ Options, _ []TargetRow) (func(string, plot.Options) error, bool) {
			heat := HeatmapPanels(a)
			return func(path string, o plot.Options) error { return plot.Heatmap(path, heat, o) }, len(heat) > 0
		}},
	diagnosticsFigure,
}

// figure is a figure of Figures built for one report.
type figure struct {
	name, title, caption string
	render               func(path string, opt plot.Options) error
}

// figuresOf builds the figures of Figures that apply to the analysis.
func figuresOf(a *Analysis, targets []TargetRow, opt Options) []figure {
	band := "±1 standard error"
	if opt.Band == BandMinMax {
		band = "minimum to maximum over seeds"
	}
	var figs []figure
	for _, f := range Figures {
		if render, ok := f.build(a, opt, targets); ok {
			figs = append(figs, figure{f.File, a.Suite + ": " + f.Title, f.caption(band), render})
		}
	}
	return figs
}

// writeFigures renders the figures into dir in each format of opt (each
// to a temporary file, then renamed) and returns them with the files
// written.
func writeFigures(a *Analysis, figs []figure, dir string, opt Options) ([]figure, []string, error) {
	pal := plot.NewPalette(a.Optimizers...)
	cols := min(3, len(a.Problems))
	var done []figure
	var files []string
	for _, f := range figs {
		base := strings.TrimSuffix(f.name, filepath.Ext(f.name))
		f.name = base + opt.figureExts()[0] // the file RESULTS.md shows
		for _, ext := range opt.figureExts() {
			name := base + ext
			path := filepath.Join(dir, name)
			tmp := path + ".tmp" + ext
			if err := f.render(tmp, plot.Options{Title: f.title, Columns: cols, Palette: pal}); err != nil {
				return done, files, fmt.Errorf("%s: %w", name, err)
			}
			if err := renameFile(tmp, path); err != nil {
				return done, files, err
			}
			files = append(files, path)
		}
		done = append(done, f)
	}
	return done, files, nil
}
