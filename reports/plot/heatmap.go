package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Direction says which heatmap cell is the best one.
type Direction int

const (
	NoBest         Direction = iota // do not mark a best cell
	LowerIsBetter                   // mark the cell with the lowest value (loss)
	HigherIsBetter                  // mark the cell with the highest value (accuracy)
)

// HeatmapPanel is a grid of values over two hyper-parameters, e.g. the
// final loss over momentum β (rows) × learning rate γ (columns) as in the
// paper's Fig. 2b.
type HeatmapPanel struct {
	Title string
	// XLabel and YLabel default to "learning rate γ" and "momentum β".
	XLabel, YLabel string
	// Cols are the column values (x axis), Rows the row values (y axis);
	// Rows[0] is drawn at the bottom. Columns that are all powers of two
	// are labelled 2^k.
	Cols, Rows []float64
	// Values[i][j] is the value at Rows[i], Cols[j]. NaN and ±Inf mark a
	// diverged cell, drawn in DivergedColor with a × and a legend entry.
	Values [][]float64
	// ValueLabel names the colour bar, e.g. "final train loss".
	ValueLabel string
	// LogColor uses a logarithmic colour scale. Finite values ≤ 0 are then
	// shown with the lowest colour and counted in a note.
	LogColor bool
	// ColorLim fixes the colour range; {0, 0} means the range of the finite
	// values. Values outside are shown with the end colours.
	ColorLim [2]float64
	// Reverse flips the colour map (bright for low values).
	Reverse bool
	// Best outlines the best cell.
	Best Direction
	// Annotate writes each value in its cell when it fits.
	Annotate bool
}

// viridis is matplotlib's perceptually uniform, colour-blind-friendly
// colour map sampled at 0, 0.1, …, 1; colours are interpolated linearly.
var viridis = []color.NRGBA{
	rgb(0x440154), rgb(0x482475), rgb(0x414487), rgb(0x355F8D), rgb(0x2A788E), rgb(0x21918C),
	rgb(0x22A884), rgb(0x44BF70), rgb(0x7AD151), rgb(0xBDDF26), rgb(0xFDE725),
}

// colormap returns the viridis colour at t ∈ [0, 1].
func colormap(t float64) color.NRGBA {
	if math.IsNaN(t) {
		return DivergedColor
	}
	t = clampf(t, 0, 1) * float64(len(viridis)-1)
	i := int(math.Floor(t))
	if i >= len(viridis)-1 {
		return viridis[len(viridis)-1]
	}
	f := t - float64(i)
	a, b := viridis[i], viridis[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-f) + float64(y)*f)) }
	return color.NRGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}

// Heatmap writes one heatmap per element of maps, each with its own
// labelled colour bar on its right (viridis; linear or log). Diverged
// cells (NaN/±Inf) are grey with a ×, and listed in the legend.
func Heatmap(path string, maps []HeatmapPanel, opt Options) error {
	fig := figure{opt: opt}
	var leg legendList
	for i, m := range maps {
		hp, err := newHeatPanel(m)
		if err != nil {
			return fmt.Errorf("%w (heatmap %d %q)", err, i, m.Title)
		}
		if hp.diverged > 0 {
			leg.add(legendEntry{label: "diverged (NaN/Inf)", kind: kindSwatch, color: DivergedColor})
		}
		switch {
		case m.Best == LowerIsBetter && hp.bestOK:
			leg.add(legendEntry{label: "best (lowest)", kind: kindOutline, color: colormap(0.5)})
		case m.Best == HigherIsBetter && hp.bestOK:
			leg.add(legendEntry{label: "best (highest)", kind: kindOutline, color: colormap(0.5)})
		}
		fig.panels = append(fig.panels, hp)
	}
	fig.legend = leg.entries
	return render(path, fig)
}

type heatPanel struct {
	m              HeatmapPanel
	lo, hi         float64
	notes          []string
	diverged       int
	bestI, bestJ   int
	bestOK         bool
	noScale        bool // no finite value and no ColorLim: no colour bar
	colLbl, rowLbl []string
}

func newHeatPanel(m HeatmapPanel) (*heatPanel, error) {
	if len(m.Values) != len(m.Rows) {
		return nil, fmt.Errorf("plot: heatmap has %d rows of values for %d Rows", len(m.Values), len(m.Rows))
	}
	for i, row := range m.Values {
		if len(row) != len(m.Cols) {
			return nil, fmt.Errorf("plot: heatmap row %d has %d values for %d Cols", i, len(row), len(m.Cols))
		}
	}
	m.Cols = append([]float64(nil), m.Cols...)
	m.Rows = append([]float64(nil), m.Rows...)
	vals := make([][]float64, len(m.Values))
	for i := range m.Values {
		vals[i] = append([]float64(nil), m.Values[i]...)
	}
	m.Values = vals
	if m.XLabel == "" {
		m.XLabel = "learning rate γ"
	}
	if m.YLabel == "" {
		m.YLabel = "momentum β"
	}
	hp := &heatPanel{m: m}

	var r span
	nonPos := 0
	for i, row := range m.Values {
		for j, v := range row {
			switch {
			case !finite(v):
				hp.diverged++
				continue
			case m.LogColor && v <= 0:
				nonPos++
			default:
				r.add(v)
			}
			better := !hp.bestOK ||
				(m.Best == LowerIsBetter && v < m.Values[hp.bestI][hp.bestJ]) ||
				(m.Best == HigherIsBetter && v > m.Values[hp.bestI][hp.bestJ])
			if m.Best != NoBest && better {
				hp.bestI, hp.bestJ, hp.bestOK = i, j, true
			}
		}
	}
	hp.lo, hp.hi = finalRange(r, m.ColorLim, m.LogColor, 0)
	hp.noScale = !r.ok && nonPos == 0 && m.ColorLim == [2]float64{}
	if nonPos > 0 {
		hp.notes = append(hp.notes, fmt.Sprintf("%d cell(s) ≤ 0 shown at the bottom of the log colour scale", nonPos))
	}
	n := len(m.Rows) * len(m.Cols)
	if n > 0 && hp.diverged == n {
		hp.notes = append(hp.notes, "all cells diverged")
	}

	pow2 := len(m.Cols) > 0
	for _, c := range m.Cols {
		if _, ok := isPow2(c); !ok {
			pow2 = false
		}
	}
	for _, c := range m.Cols {
		if k, _ := isPow2(c); pow2 {
			hp.colLbl = append(hp.colLbl, "2^{"+strconv.Itoa(k)+"}")
		} else {
			hp.colLbl = append(hp.colLbl, axisValueLabel(c))
		}
	}
	for _, v := range m.Rows {
		hp.rowLbl = append(hp.rowLbl, axisValueLabel(v))
	}
	return hp, nil
}

// axisValueLabel formats a grid coordinate: shortest exact form when
// short (0.9, 0.999, 0.0001), else 4 significant digits.
func axisValueLabel(v float64) string {
	if s := strconv.FormatFloat(v, 'g', -1, 64); len(s) <= 7 {
		return s
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// norm maps a value to [0, 1] on the colour scale (NaN for diverged).
func (hp *heatPanel) norm(v float64) float64 {
	if !finite(v) {
		return math.NaN()
	}
	var t float64
	if hp.m.LogColor {
		if v <= 0 {
			return 0
		}
		t = (math.Log(v) - math.Log(hp.lo)) / (math.Log(hp.hi) - math.Log(hp.lo))
	} else {
		t = (v - hp.lo) / (hp.hi - hp.lo)
	}
	return clampf(t, 0, 1)
}

func (hp *heatPanel) colorOf(v float64) color.NRGBA {
	t := hp.norm(v)
	if hp.m.Reverse && !math.IsNaN(t) {
		t = 1 - t
	}
	return colormap(t)
}

// thinTicks labels every k-th category so that at most maxLabels are
// labelled.
func thinTicks(labels []string, maxLabels int) plot.ConstantTicks {
	step := 1
	if maxLabels >= 1 && len(labels) > maxLabels {
		step = (len(labels) + maxLabels - 1) / maxLabels
	}
	ticks := make(plot.ConstantTicks, len(labels))
	for i, l := range labels {
		ticks[i] = plot.Tick{Value: float64(i)}
		if i%step == 0 {
			ticks[i].Label = l
		}
	}
	return ticks
}

func (hp *heatPanel) draw(c draw.Canvas, st *style) {
	m := hp.m
	nr, nc := len(m.Rows), len(m.Cols)
	if nr == 0 || nc == 0 {
		empty := &xyPanel{title: m.Title, xlabel: m.XLabel, ylabel: m.YLabel, notes: hp.notes, msg: "no data"}
		empty.draw(c, st)
		return
	}
	c = header(c, st, m.Title, hp.notes)

	// Colour-bar ticks and the width they need.
	var cbTicks []plot.Tick
	if m.LogColor {
		cbTicks = log10Ticks{maxLabels: 6}.Ticks(hp.lo, hp.hi)
	} else {
		cbTicks = linearTicks{maxLabels: 6}.Ticks(hp.lo, hp.hi)
	}
	tickStyle := st.text(-1, false, false)
	tickStyle.XAlign, tickStyle.YAlign = draw.XLeft, draw.YCenter
	var tickW vg.Length
	for _, t := range cbTicks {
		tickW = max(tickW, tickStyle.Width(t.Label))
	}
	lblStyle := st.text(0, false, false)
	lblStyle.Rotation = math.Pi / 2
	lblStyle.XAlign, lblStyle.YAlign = draw.XCenter, draw.YTop
	barW, tickLen, gap := vg.Points(11), vg.Points(3), vg.Points(3)
	cbW := barW + tickLen + gap + tickW + gap
	if m.ValueLabel != "" {
		cbW += lblStyle.Height(m.ValueLabel) + gap
	}
	if hp.noScale {
		cbW = 0
	}

	area := c
	area.Max.X -= cbW + vg.Points(10)

	pl := plot.New()
	pl.BackgroundColor = nil
	pl.X.Min, pl.X.Max = -0.5, float64(nc)-0.5
	pl.Y.Min, pl.Y.Max = -0.5, float64(nr)-0.5
	styleAxes(pl, st, m.XLabel, m.YLabel)
	pl.X.Padding, pl.Y.Padding = 0, 0
	width := area.Max.X - area.Min.X
	height := area.Max.Y - area.Min.Y
	pl.X.Tick.Marker = thinTicks(hp.colLbl, int(width/(st.fontSize*3.6)))
	pl.Y.Tick.Marker = thinTicks(hp.rowLbl, int(height/(st.fontSize*1.6)))
	pl.Add(layerPlotter{st: st, f: hp.drawCells})
	dataC := pl.DataCanvas(area)
	pl.Draw(area)

	if !hp.noScale {
		hp.drawColorBar(c, dataC, cbTicks, barW, tickLen, gap, tickStyle, lblStyle)
	}
}

func (hp *heatPanel) drawCells(c draw.Canvas, pl *plot.Plot, st *style) {
	m := hp.m
	trX, trY := pl.Transforms(&c)
	cell := func(i, j int) []vg.Point {
		x0, x1 := trX(float64(j)-0.5), trX(float64(j)+0.5)
		y0, y1 := trY(float64(i)-0.5), trY(float64(i)+0.5)
		return []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
	}
	ann := st.text(-2, false, false)
	ann.YAlign = draw.YCenter
	sep := draw.LineStyle{Color: color.White, Width: vg.Points(0.6)}
	for i, row := range m.Values {
		for j, v := range row {
			pts := cell(i, j)
			c.FillPolygon(hp.colorOf(v), pts)
			c.StrokeLines(sep, append(pts, pts[0]))
			mid := vg.Point{X: (pts[0].X + pts[1].X) / 2, Y: (pts[0].Y + pts[2].Y) / 2}
			w, h := pts[1].X-pts[0].X, pts[2].Y-pts[0].Y
			if !finite(v) {
				drawCross(c, mid, min(w*0.18, h*0.18, crossRadius(st)), crossColor)
				continue
			}
			if m.Annotate {
				s := annotLabel(v, func(s string) bool { return ann.Width(s) < w*0.86 })
				if s != "" && ann.Height(s) < h*0.9 {
					ann.Color = color.Black
					if luminance(hp.colorOf(v)) < 0.45 {
						ann.Color = color.White
					}
					c.FillText(ann, mid, s)
				}
			}
		}
	}
	if hp.bestOK {
		pts := cell(hp.bestI, hp.bestJ)
		inset := vg.Points(1.5)
		pts[0].X, pts[0].Y = pts[0].X+inset, pts[0].Y+inset
		pts[1].X, pts[1].Y = pts[1].X-inset, pts[1].Y+inset
		pts[2].X, pts[2].Y = pts[2].X-inset, pts[2].Y-inset
		pts[3].X, pts[3].Y = pts[3].X+inset, pts[3].Y-inset
		outline(c, pts)
	}
}

// annotLabel returns the most precise short form of v that fits, or "".
func annotLabel(v float64, fits func(string) bool) string {
	cands := []string{strconv.FormatFloat(v, 'g', 3, 64), strconv.FormatFloat(v, 'g', 2, 64)}
	if math.Abs(v) >= 100 && math.Abs(v) < 1e6 {
		cands = append(cands, strconv.FormatFloat(v, 'f', 0, 64))
	}
	if a := math.Abs(v); a < 1 && a >= 1e-3 {
		s := strconv.FormatFloat(v, 'g', 2, 64)
		s = strings.Replace(s, "0.", ".", 1)
		cands = append(cands, s)
	}
	if math.Abs(v) >= 1e3 {
		e := int(math.Floor(math.Log10(math.Abs(v))))
		cands = append(cands, strconv.FormatFloat(v/math.Pow(10, float64(e)), 'f', 0, 64)+"e"+strconv.Itoa(e))
	}
	for _, s := range cands {
		if fits(s) {
			return s
		}
	}
	return ""
}

func luminance(c color.NRGBA) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

func (hp *heatPanel) drawColorBar(c, dataC draw.Canvas, ticks []plot.Tick, barW, tickLen, gap vg.Length, tickStyle, lblStyle text.Style) {
	x0 := dataC.Max.X + vg.Points(10)
	y0, y1 := dataC.Min.Y, dataC.Max.Y
	if y1 <= y0 {
		return
	}
	// The gradient as an image, scaled to the bar (stripes would show
	// anti-aliasing seams).
	const res = 256
	grad := image.NewNRGBA(image.Rect(0, 0, 4, res))
	for row := 0; row < res; row++ {
		t := 1 - (float64(row)+0.5)/res // image rows go top-down
		if hp.m.Reverse {
			t = 1 - t
		}
		col := colormap(t)
		for x := 0; x < 4; x++ {
			grad.SetNRGBA(x, row, col)
		}
	}
	c.DrawImage(vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x0 + barW, Y: y1}}, grad)
	frame := draw.LineStyle{Color: color.Black, Width: vg.Points(0.6)}
	c.StrokeLines(frame, []vg.Point{{X: x0, Y: y0}, {X: x0 + barW, Y: y0}, {X: x0 + barW, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}})

	xt := x0 + barW
	for _, t := range ticks {
		if t.Value < hp.lo-1e-12*math.Abs(hp.lo) || t.Value > hp.hi+1e-12*math.Abs(hp.hi) {
			continue
		}
		y := y0 + (y1-y0)*vg.Length(hp.norm(t.Value))
		l := tickLen
		if t.IsMinor() {
			l /= 2
		}
		c.StrokeLine2(frame, xt, y, xt+l, y)
		if !t.IsMinor() {
			c.FillText(tickStyle, vg.Point{X: xt + tickLen + gap, Y: y}, t.Label)
		}
	}
	if hp.m.ValueLabel != "" {
		var tickW vg.Length
		for _, t := range ticks {
			tickW = max(tickW, tickStyle.Width(t.Label))
		}
		xl := xt + tickLen + gap + tickW + gap
		c.FillText(lblStyle, vg.Point{X: xl, Y: (y0 + y1) / 2}, hp.m.ValueLabel)
	}
}
