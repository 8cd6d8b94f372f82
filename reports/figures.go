package reports

import (
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sfbench/sfbench/harness/record"
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
func convergencePanels(a *Analysis) []plot.Panel {
	var panels []plot.Panel
	for _, p := range a.Problems {
		panel := plot.Panel{Title: p, XLabel: "step"}
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				continue
			}
			panel.YLabel, panel.LogY = axisLabel(c), logScale(c.Metric)
			panel.Series = append(panel.Series, curveSeries(o, c))
		}
		panels = append(panels, panel)
	}
	return panels
}

// curveSeries averages the evaluation curves of a choice's seeds at each
// step where at least one seed was evaluated.
func curveSeries(label string, c *Choice) plot.Series {
	byStep := map[int][]float64{}
	s := plot.Series{Label: label}
	for _, r := range c.Group.Records {
		for _, pt := range r.Curve {
			if v, ok := pt.Metrics[c.Metric]; ok && finite(float64(v)) {
				byStep[pt.Step] = append(byStep[pt.Step], float64(v))
			}
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
		m, se := meanSE(byStep[st])
		s.X = append(s.X, float64(st))
		s.Y = append(s.Y, m)
		s.Lo = append(s.Lo, m-se)
		s.Hi = append(s.Hi, m+se)
	}
	return s
}

// sensitivityPanels: per problem, the final metric against the learning
// rate for every rate run, mean over the seeds that finished with a ±1
// s.e. band; rates where a seed diverged are marked.
func sensitivityPanels(a *Analysis) []plot.Panel {
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
				st := Summarize(g.Records, c.Metric)
				if st.Diverged > 0 {
					s.Diverged = append(s.Diverged, g.LR)
				}
				if st.N == 0 {
					continue
				}
				se := st.SE
				if math.IsNaN(se) {
					se = 0
				}
				s.X = append(s.X, g.LR)
				s.Y = append(s.Y, st.Mean)
				s.Lo = append(s.Lo, st.Mean-se)
				s.Hi = append(s.Hi, st.Mean+se)
			}
			panel.Series = append(panel.Series, s)
		}
		panels = append(panels, panel)
	}
	return panels
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func meanSE(v []float64) (mean, se float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	if len(v) > 1 {
		ss := 0.0
		for _, x := range v {
			ss += (x - mean) * (x - mean)
		}
		se = math.Sqrt(ss/float64(len(v)-1)) / math.Sqrt(float64(len(v)))
	}
	return mean, se
}

// writeFigures renders the report's figures into dir and returns their
// file names (relative to dir).
func writeFigures(a *Analysis, dir string) ([]string, error) {
	pal := plot.NewPalette(a.Optimizers...)
	cols := min(3, len(a.Problems))
	figs := []struct {
		name   string
		title  string
		render func(string, []plot.Panel, plot.Options) error
		panels []plot.Panel
	}{
		{ConvergencePNG, a.Suite + ": convergence at each optimizer's selected rate (mean ± 1 s.e. over seeds)", plot.Convergence, convergencePanels(a)},
		{SensitivityPNG, a.Suite + ": final metric against the learning rate (× a seed diverged)", plot.LRSensitivity, sensitivityPanels(a)},
	}
	var names []string
	for _, f := range figs {
		path := filepath.Join(dir, f.name)
		tmp := path + ".tmp.png"
		if err := f.render(tmp, f.panels, plot.Options{Title: f.title, Columns: cols, Palette: pal}); err != nil {
			return names, err
		}
		if err := renameFile(tmp, path); err != nil {
			return names, err
		}
		names = append(names, f.name)
	}
	return names, nil
}
