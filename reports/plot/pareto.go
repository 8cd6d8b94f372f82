package plot

import (
	"fmt"
	"image/color"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ScheduledRuns is a method that needs its horizon in advance (e.g. AdamW
// with a cosine schedule) run separately once per horizon.
type ScheduledRuns struct {
	// Label names the method in the legend and keys its colour.
	Label string
	// Runs holds one Series per horizon: its trajectory (X = step, Y =
	// metric), whose last finite point is the final metric of that
	// horizon. A run given as a single point (horizon, final metric) is
	// just a point. Lo/Hi at the final point are drawn as an error bar.
	// Series.Label and Series.Dashed are ignored; Series.Diverged marks a
	// diverged run with a ×.
	Runs []Series
}

// ParetoPanel is one panel of the Pareto figure (paper Fig. 1): the final
// metric of each separately-run horizon of the scheduled methods (dots
// joined by a thin dashed line, the frontier; their trajectories faint
// behind), and the any-time curves (e.g. Schedule-Free) that should track
// the frontier in a single run.
type ParetoPanel struct {
	Title          string
	XLabel, YLabel string // default "step" and "metric"
	LogX, LogY     bool
	XLim, YLim     [2]float64 // {0, 0} means automatic
	Scheduled      []ScheduledRuns
	// Curves are any-time methods drawn as lines with their bands.
	Curves []Series
}

// Pareto writes the Pareto-frontier figure: one panel per element of
// panels. See ParetoPanel.
func Pareto(path string, panels []ParetoPanel, opt Options) error {
	var labels []string
	for _, p := range panels {
		for _, s := range p.Scheduled {
			labels = append(labels, s.Label)
		}
		for _, s := range p.Curves {
			labels = append(labels, s.Label)
		}
	}
	if opt.Palette == nil {
		opt.Palette = sortedPalette(labels)
	}
	fig := figure{opt: opt, labels: labels}
	var leg legendList
	diverged := false
	for pi, p := range panels {
		xp := &xyPanel{
			title: p.Title, xlabel: p.XLabel, ylabel: p.YLabel,
			logX: p.LogX, logY: p.LogY, xlim: p.XLim, ylim: p.YLim,
		}
		if xp.xlabel == "" {
			xp.xlabel = "step"
		}
		if xp.ylabel == "" {
			xp.ylabel = "metric"
		}
		for _, sr := range p.Scheduled {
			col := opt.Palette.Color(sr.Label)
			var ends []paretoEnd
			for ri, r := range sr.Runs {
				r.Label = ""
				r.Dashed = false
				if err := r.check(); err != nil {
					return fmt.Errorf("%w (panel %d %q, %q run %d)", err, pi, p.Title, sr.Label, ri)
				}
				if len(r.Diverged) > 0 {
					diverged = true
				}
				// The trajectory, faint and without band.
				if err := xp.addSeries(r, seriesLook{color: col, faint: true, width: 0.7, noBand: true}); err != nil {
					return err
				}
				if e, ok := xp.endpoint(r); ok {
					ends = append(ends, e)
				}
			}
			if len(ends) == 0 && !hasDiverged(sr.Runs) {
				xp.noData = append(xp.noData, sr.Label)
			}
			sort.Slice(ends, func(i, j int) bool { return ends[i].x < ends[j].x })
			xp.layers = append(xp.layers, frontierLayer(xp, ends, col))
			leg.add(legendEntry{label: sr.Label + " (final value per horizon)", kind: kindFrontier, color: col})
		}
		for _, s := range p.Curves {
			col := opt.Palette.Color(s.Label)
			s.Dashed = s.Dashed || opt.Palette.Dashed(s.Label)
			if err := xp.addSeries(s, seriesLook{color: col}); err != nil {
				return fmt.Errorf("%w (panel %d %q)", err, pi, p.Title)
			}
			if len(s.Diverged) > 0 {
				diverged = true
			}
			leg.add(legendEntry{label: s.Label, kind: kindLine, color: col, dashed: s.Dashed, band: s.Lo != nil})
		}
		xp.finish()
		fig.panels = append(fig.panels, xp)
	}
	if diverged {
		leg.add(legendEntry{label: "diverged run", kind: kindCross, color: crossColor})
	}
	fig.legend = leg.entries
	return render(path, fig)
}

type paretoEnd struct {
	x, y, lo, hi float64
	band         bool
}

func hasDiverged(runs []Series) bool {
	for _, r := range runs {
		if len(r.Diverged) > 0 {
			return true
		}
	}
	return false
}

// endpoint returns the last drawable point of r, with its band if valid.
func (p *xyPanel) endpoint(r Series) (paretoEnd, bool) {
	for i := len(r.X) - 1; i >= 0; i-- {
		if p.validX(r.X[i]) && p.validY(r.Y[i]) {
			e := paretoEnd{x: r.X[i], y: r.Y[i]}
			if r.Lo != nil && finite(r.Lo[i]) && p.validY(r.Hi[i]) {
				e.lo, e.hi, e.band = r.Lo[i], r.Hi[i], true
			}
			return e, true
		}
	}
	return paretoEnd{}, false
}

// frontierLayer draws the end points as dots with error bars, joined by a
// thin dashed line.
func frontierLayer(xp *xyPanel, ends []paretoEnd, col color.NRGBA) layer {
	return func(c draw.Canvas, pl *plot.Plot, st *style) {
		trX, trY := pl.Transforms(&c)
		pts := make([]vg.Point, len(ends))
		for i, e := range ends {
			pts[i] = vg.Point{X: trX(e.x), Y: trY(e.y)}
		}
		if len(pts) > 1 {
			ls := lineStyle(st, col, true)
			ls.Width = st.lineWidth * 0.6
			c.StrokeLines(ls, c.ClipLinesXY(pts)...)
		}
		capW := markerRadius(st) * 1.3
		for i, e := range ends {
			if e.band {
				lo := e.lo
				if !xp.validY(lo) {
					lo = pl.Y.Min
				}
				bs := draw.LineStyle{Color: col, Width: st.lineWidth * 0.7}
				x := pts[i].X
				y0, y1 := trY(lo), trY(e.hi)
				c.StrokeLines(bs, c.ClipLinesXY(
					[]vg.Point{{X: x, Y: y0}, {X: x, Y: y1}},
					[]vg.Point{{X: x - capW, Y: y0}, {X: x + capW, Y: y0}},
					[]vg.Point{{X: x - capW, Y: y1}, {X: x + capW, Y: y1}},
				)...)
			}
			if c.Contains(pts[i]) {
				drawDot(c, pts[i], markerRadius(st)*1.3, col)
			}
		}
	}
}
