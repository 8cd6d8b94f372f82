package plot

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one line of a panel, e.g. the mean over seeds of one optimizer.
type Series struct {
	// Label names the series in the legend and keys its colour.
	Label string
	// X and Y are the points of the line; they must have the same length.
	// Non-finite points (NaN, ±Inf) leave a gap in the line.
	X, Y []float64
	// Lo and Hi optionally give a band around the line (±1 s.e., min–max,
	// …): nil, or the same length as X.
	Lo, Hi []float64
	// Diverged lists x positions where a run diverged. Each is drawn as a ×
	// in the series' colour at the top edge of the panel.
	Diverged []float64
	// Unstable lists x positions of points whose runs all finished but at
	// least one was unstable on the way (a loss blow-up that recovered).
	// Each is drawn as a ring around the series' point at that x.
	Unstable []float64
	// Dashed draws the line dashed.
	Dashed bool
}

// Panel is one set of axes: a problem, a metric.
type Panel struct {
	// Title names the panel (e.g. the problem).
	Title string
	// XLabel and YLabel name the axes, with units. Empty labels get a
	// default from the figure (e.g. "step", "learning rate γ").
	XLabel, YLabel string
	// LogX and LogY use logarithmic axes. Values ≤ 0 cannot be shown on
	// them: they are left out of the line (and band edges ≤ 0 are clamped
	// to the bottom of the axis), and the panel says how many were left
	// out.
	LogX, LogY bool
	// XLim and YLim fix the axis ranges; {0, 0} means automatic.
	XLim, YLim [2]float64
	// Series are the lines, one per optimizer.
	Series []Series
}

func (s Series) check() error {
	if len(s.Y) != len(s.X) {
		return fmt.Errorf("plot: series %q: len(Y)=%d, len(X)=%d", s.Label, len(s.Y), len(s.X))
	}
	if s.Lo != nil && len(s.Lo) != len(s.X) {
		return fmt.Errorf("plot: series %q: len(Lo)=%d, len(X)=%d", s.Label, len(s.Lo), len(s.X))
	}
	if s.Hi != nil && len(s.Hi) != len(s.X) {
		return fmt.Errorf("plot: series %q: len(Hi)=%d, len(X)=%d", s.Label, len(s.Hi), len(s.X))
	}
	if (s.Lo == nil) != (s.Hi == nil) {
		return fmt.Errorf("plot: series %q: Lo and Hi must both be set or both nil", s.Label)
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// span accumulates a data range.
type span struct {
	lo, hi float64
	ok     bool
}

func (r *span) add(v float64) {
	if !r.ok {
		r.lo, r.hi, r.ok = v, v, true
		return
	}
	r.lo = math.Min(r.lo, v)
	r.hi = math.Max(r.hi, v)
}

// layer draws data in the data area of a panel.
type layer func(c draw.Canvas, p *plot.Plot, st *style)

type layerPlotter struct {
	f  layer
	st *style
}

func (l layerPlotter) Plot(c draw.Canvas, p *plot.Plot) { l.f(c, p, l.st) }

// seriesLook says how a series is drawn.
type seriesLook struct {
	color   color.NRGBA
	width   float64 // multiple of the figure line width; 0 means 1
	faint   bool    // translucent line (secondary trajectories)
	markers bool    // a dot at every point
	noBand  bool
	noLine  bool
}

// xyPanel is a panel with x and y axes built from layers.
type xyPanel struct {
	title, xlabel, ylabel string
	logX, logY, log2X     bool
	xlim, ylim            [2]float64
	xr, yr                span
	layers                []layer
	notes                 []string
	msg                   string // centred message when there is nothing to show
	topRoom               bool   // leave room at the top for diverged markers

	dropX, dropY int      // non-positive values dropped on a log axis
	badDiverged  int      // diverged markers that cannot be placed
	noData       []string // labels of series with nothing to draw
	anyData      bool
	anyDiverged  bool

	crossStack map[int]int     // diverged markers per pixel column, to stack them
	crossAt    map[float64]int // diverged markers per x, to size the top room
	crossDepth int             // most diverged markers at one x
}

func (p *xyPanel) validX(v float64) bool { return finite(v) && (!p.logX || v > 0) }
func (p *xyPanel) validY(v float64) bool { return finite(v) && (!p.logY || v > 0) }

// addSeries validates s, records its range and adds its layer.
func (p *xyPanel) addSeries(s Series, look seriesLook) error {
	if err := s.check(); err != nil {
		return err
	}
	n := 0
	for i := range s.X {
		x, y := s.X[i], s.Y[i]
		if p.logX && finite(x) && x <= 0 {
			p.dropX++
		}
		if p.logY && finite(y) && y <= 0 && p.validX(x) {
			p.dropY++
		}
		if !p.validX(x) {
			continue
		}
		if p.validY(y) {
			p.xr.add(x)
			p.yr.add(y)
			n++
		}
		if s.Lo != nil && !look.noBand {
			for _, v := range []float64{s.Lo[i], s.Hi[i]} {
				if p.validY(v) {
					p.yr.add(v)
				}
			}
		}
	}
	nd := 0
	for _, x := range s.Diverged {
		if p.validX(x) {
			p.xr.add(x)
			nd++
			if p.crossAt == nil {
				p.crossAt = map[float64]int{}
			}
			p.crossAt[x]++
			p.crossDepth = max(p.crossDepth, p.crossAt[x])
		} else {
			p.badDiverged++
		}
	}
	if nd > 0 {
		p.topRoom = true
		p.anyDiverged = true
	}
	if n > 0 {
		p.anyData = true
	} else if nd == 0 && s.Label != "" {
		p.noData = append(p.noData, s.Label)
	}
	s = cloneSeries(s)
	p.layers = append(p.layers, func(c draw.Canvas, pl *plot.Plot, st *style) {
		p.drawSeries(c, pl, st, s, look)
	})
	return nil
}

func cloneSeries(s Series) Series {
	cp := func(v []float64) []float64 {
		if v == nil {
			return nil
		}
		return append([]float64(nil), v...)
	}
	s.X, s.Y, s.Lo, s.Hi, s.Diverged, s.Unstable = cp(s.X), cp(s.Y), cp(s.Lo), cp(s.Hi), cp(s.Diverged), cp(s.Unstable)
	return s
}

func (p *xyPanel) drawSeries(c draw.Canvas, pl *plot.Plot, st *style, s Series, look seriesLook) {
	trX, trY := pl.Transforms(&c)
	col := look.color
	lineCol := col
	if look.faint {
		lineCol = withAlpha(col, faintAlpha)
	}

	// Band: one polygon per run of consecutive drawable points.
	if s.Lo != nil && !look.noBand {
		var upper, lower []vg.Point
		flush := func() {
			if len(upper) == 1 { // an isolated point: an error bar
				bs := draw.LineStyle{Color: withAlpha(col, 0xa0), Width: st.lineWidth * 0.8}
				w := markerRadius(st) * 1.3
				x, y0, y1 := upper[0].X, lower[0].Y, upper[0].Y
				c.StrokeLines(bs, c.ClipLinesXY(
					[]vg.Point{{X: x, Y: y0}, {X: x, Y: y1}},
					[]vg.Point{{X: x - w, Y: y0}, {X: x + w, Y: y0}},
					[]vg.Point{{X: x - w, Y: y1}, {X: x + w, Y: y1}},
				)...)
			}
			if len(upper) >= 2 {
				poly := append(upper, reversePts(lower)...)
				if cl := c.ClipPolygonXY(poly); len(cl) > 2 {
					c.FillPolygon(withAlpha(col, bandAlpha), cl)
				}
			}
			upper, lower = upper[:0], lower[:0]
		}
		for i := range s.X {
			x, lo, hi := s.X[i], s.Lo[i], s.Hi[i]
			if !p.validX(x) || !p.validY(hi) || !finite(lo) {
				flush()
				continue
			}
			if !p.validY(lo) { // ≤ 0 on a log axis: clamp to the bottom.
				lo = pl.Y.Min
			}
			upper = append(upper, vg.Point{X: trX(x), Y: trY(hi)})
			lower = append(lower, vg.Point{X: trX(x), Y: trY(lo)})
		}
		flush()
	}

	// Line: one polyline per run of valid points; isolated points get a dot.
	ls := lineStyle(st, lineCol, s.Dashed)
	if look.width > 0 {
		ls.Width = st.lineWidth * vg.Length(look.width)
	}
	var seg []vg.Point
	flush := func() {
		switch {
		case len(seg) == 1:
			if c.Contains(seg[0]) {
				drawDot(c, seg[0], markerRadius(st), lineCol)
			}
		case len(seg) > 1 && !look.noLine:
			c.StrokeLines(ls, c.ClipLinesXY(seg)...)
		}
		seg = seg[:0]
	}
	for i := range s.X {
		if !p.validX(s.X[i]) || !p.validY(s.Y[i]) {
			flush()
			continue
		}
		seg = append(seg, vg.Point{X: trX(s.X[i]), Y: trY(s.Y[i])})
	}
	flush()

	if look.markers {
		for i := range s.X {
			if p.validX(s.X[i]) && p.validY(s.Y[i]) {
				pt := vg.Point{X: trX(s.X[i]), Y: trY(s.Y[i])}
				if c.Contains(pt) {
					drawDot(c, pt, markerRadius(st), lineCol)
				}
			}
		}
	}

	// Unstable runs: a ring around the point.
	for _, x := range s.Unstable {
		for i := range s.X {
			if s.X[i] == x && p.validX(x) && p.validY(s.Y[i]) {
				if pt := (vg.Point{X: trX(x), Y: trY(s.Y[i])}); c.Contains(pt) {
					drawRing(c, pt, ringRadius(st), lineCol)
				}
			}
		}
	}

	// Diverged runs: × at the top edge, stacked downwards when several
	// series diverge at the same x.
	r := crossRadius(st)
	for _, x := range s.Diverged {
		if !p.validX(x) {
			continue
		}
		px := clampLen(trX(x), c.Min.X, c.Max.X)
		key := int(math.Round(float64(px) / float64(r)))
		k := p.crossStack[key]
		p.crossStack[key] = k + 1
		drawCross(c, vg.Point{X: px, Y: c.Max.Y - r - vg.Length(k)*2.4*r}, r, col)
	}
}

func clampLen(v, lo, hi vg.Length) vg.Length {
	return vg.Length(clampf(float64(v), float64(lo), float64(hi)))
}

func reversePts(p []vg.Point) []vg.Point {
	out := make([]vg.Point, len(p))
	for i, v := range p {
		out[len(p)-1-i] = v
	}
	return out
}

// finalRange resolves the axis range from data, limits and scale.
// topRoom is the fraction of the range added at the top (for diverged
// markers).
func finalRange(r span, lim [2]float64, log bool, topRoom float64) (lo, hi float64) {
	switch {
	case lim != [2]float64{} && lim[1] > lim[0] && finite(lim[0]) && finite(lim[1]) && (!log || lim[0] > 0):
		return lim[0], lim[1]
	case !r.ok && log:
		lo, hi = 1, 10
	case !r.ok:
		lo, hi = 0, 1
	default:
		lo, hi = r.lo, r.hi
	}
	if lo == hi {
		if log {
			lo, hi = lo/2, hi*2
		} else {
			d := math.Abs(lo) * 0.1
			if d == 0 {
				d = 1
			}
			lo, hi = lo-d, hi+d
		}
	}
	if topRoom > 0 {
		if log {
			// Room for the markers on a range of hundreds of decades
			// would overflow: cap it at the largest float.
			hi = math.Min(hi*math.Pow(hi/lo, topRoom), math.MaxFloat64)
		} else {
			hi += topRoom * (hi - lo)
		}
	}
	return lo, hi
}

// finish turns the panel's counters into notes; called once all series
// are added.
func (p *xyPanel) finish() {
	if p.dropX > 0 {
		p.notes = append(p.notes, fmt.Sprintf("%d point(s) with x ≤ 0 not shown (log x axis)", p.dropX))
	}
	if p.dropY > 0 {
		p.notes = append(p.notes, fmt.Sprintf("%d point(s) with y ≤ 0 not shown (log y axis)", p.dropY))
	}
	if p.badDiverged > 0 {
		p.notes = append(p.notes, fmt.Sprintf("%d diverged run(s) at an x that cannot be shown", p.badDiverged))
	}
	if len(p.noData) > 0 {
		p.notes = append(p.notes, "no finite data: "+listLabels(p.noData))
	}
	if p.msg == "" && !p.anyData {
		if p.anyDiverged {
			p.msg = "all runs diverged"
		} else {
			p.msg = "no data"
		}
	}
}

func listLabels(l []string) string {
	l = append([]string(nil), l...)
	sort.Strings(l)
	return strings.Join(l, ", ")
}

func (p *xyPanel) draw(c draw.Canvas, st *style) {
	c = header(c, st, p.title, p.notes)
	p.crossStack = map[int]int{}

	pl := plot.New()
	pl.BackgroundColor = nil
	width := c.Max.X - c.Min.X
	height := c.Max.Y - c.Min.Y

	// Room at the top for the stacked diverged markers: their height over
	// the (estimated) height of the data area, as a fraction of the range
	// of the data.
	room := 0.0
	if p.topRoom {
		dataH := float64(height - st.fontSize*3.5)
		need := float64(vg.Length(p.crossDepth)*2.4*crossRadius(st) + vg.Points(2))
		if dataH > need {
			room = clampf(need/(dataH-need), 0.06, 1.5)
		} else {
			room = 1.5
		}
	}
	pl.X.Min, pl.X.Max = finalRange(p.xr, p.xlim, p.logX, 0)
	pl.Y.Min, pl.Y.Max = finalRange(p.yr, p.ylim, p.logY, room)
	xLabels := max(2, int(width/(st.fontSize*4.2)))
	if p.log2X {
		xLabels = max(2, int(width/(st.fontSize*2.8)))
	}
	yLabels := max(2, int(height/(st.fontSize*3)))
	switch {
	case p.logX && p.log2X:
		pl.X.Scale, pl.X.Tick.Marker = plot.LogScale{}, log2Ticks{maxLabels: xLabels}
	case p.logX:
		pl.X.Scale, pl.X.Tick.Marker = plot.LogScale{}, log10Ticks{maxLabels: xLabels}
	default:
		pl.X.Tick.Marker = linearTicks{maxLabels: xLabels}
	}
	if p.logY {
		pl.Y.Scale, pl.Y.Tick.Marker = plot.LogScale{}, log10Ticks{maxLabels: yLabels}
	} else {
		pl.Y.Tick.Marker = linearTicks{maxLabels: yLabels}
	}
	styleAxes(pl, st, p.xlabel, p.ylabel)

	grid := plotter.NewGrid()
	grid.Vertical = draw.LineStyle{Color: gridColor, Width: vg.Points(0.6)}
	grid.Horizontal = grid.Vertical
	pl.Add(grid)
	for _, l := range p.layers {
		pl.Add(layerPlotter{f: l, st: st})
	}
	if p.msg != "" {
		msg := p.msg
		pl.Add(layerPlotter{st: st, f: func(c draw.Canvas, _ *plot.Plot, st *style) {
			centerMessage(c, st, msg)
		}})
	}
	pl.Draw(c)
}

// styleAxes sets the fonts, labels and line widths of both axes.
func styleAxes(pl *plot.Plot, st *style, xlabel, ylabel string) {
	for _, a := range []*plot.Axis{&pl.X, &pl.Y} {
		a.Label.TextStyle.Font = font.From(sansFont, st.fontSize)
		a.Label.TextStyle.Handler = handler
		a.Label.Padding = vg.Points(3)
		a.Tick.Label.Font = font.From(sansFont, st.fontSize-1)
		a.Tick.Label.Handler = handler
		a.Tick.Length = vg.Points(4)
		a.Width = vg.Points(0.8)
		a.Tick.Width = vg.Points(0.8)
		a.Padding = vg.Points(4)
	}
	pl.X.Label.Text = xlabel
	pl.Y.Label.Text = ylabel
}
