package plot

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

type entryKind int

const (
	kindLine     entryKind = iota // a line, with optional band and marker
	kindCross                     // a × (diverged run)
	kindSwatch                    // a filled square (heatmap diverged cells)
	kindFrontier                  // dots joined by a thin dashed line
	kindOutline                   // an outlined square (heatmap best cell)
	kindRing                      // a ring (a point whose runs were unstable)
)

type legendEntry struct {
	label  string
	kind   entryKind
	color  color.NRGBA
	dashed bool
	band   bool
	marker bool
}

// legendList accumulates entries, keeping the first one of each label and
// kind.
type legendList struct {
	entries []legendEntry
	seen    map[string]bool
}

func (l *legendList) add(e legendEntry) {
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	key := string(rune('0'+e.kind)) + e.label
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	l.entries = append(l.entries, e)
}

const (
	thumbWidth = 24 // points
	thumbGap   = 4
	entrySep   = 16
)

// drawLegend draws the entries centred in rows at the bottom of area,
// wrapping as needed, and returns the height used.
func drawLegend(area draw.Canvas, st *style, entries []legendEntry) vg.Length {
	ts := st.text(0, false, false)
	ts.XAlign = draw.XLeft
	ts.YAlign = draw.YCenter
	avail := area.Max.X - area.Min.X

	widths := make([]vg.Length, len(entries))
	for i, e := range entries {
		widths[i] = thumbWidth + thumbGap + ts.Width(fitText(ts, e.label, avail-thumbWidth-thumbGap))
	}
	// Greedy packing into rows.
	var rows [][]int
	var cur []int
	var curW vg.Length
	for i, w := range widths {
		add := w
		if len(cur) > 0 {
			add += entrySep
		}
		if len(cur) > 0 && curW+add > avail {
			rows = append(rows, cur)
			cur, curW, add = nil, 0, w
		}
		cur = append(cur, i)
		curW += add
	}
	if len(cur) > 0 {
		rows = append(rows, cur)
	}

	rowH := ts.Height("Mg") + vg.Points(5)
	total := rowH * vg.Length(len(rows))
	y := area.Min.Y + total - rowH/2
	for _, row := range rows {
		var rw vg.Length
		for k, i := range row {
			if k > 0 {
				rw += entrySep
			}
			rw += widths[i]
		}
		x := area.Center().X - rw/2
		for _, i := range row {
			e := entries[i]
			drawThumb(area, st, e, vg.Rectangle{
				Min: vg.Point{X: x, Y: y - rowH/2 + vg.Points(2)},
				Max: vg.Point{X: x + thumbWidth, Y: y + rowH/2 - vg.Points(2)},
			})
			area.FillText(ts, vg.Point{X: x + thumbWidth + thumbGap, Y: y},
				fitText(ts, e.label, avail-thumbWidth-thumbGap))
			x += widths[i] + entrySep
		}
		y -= rowH
	}
	return total
}

func drawThumb(c draw.Canvas, st *style, e legendEntry, r vg.Rectangle) {
	mid := vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}
	h := r.Max.Y - r.Min.Y
	switch e.kind {
	case kindLine:
		if e.band {
			c.FillPolygon(withAlpha(e.color, bandAlpha), []vg.Point{
				r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y},
			})
		}
		c.StrokeLine2(lineStyle(st, e.color, e.dashed), r.Min.X, mid.Y, r.Max.X, mid.Y)
		if e.marker {
			drawDot(c, mid, markerRadius(st), e.color)
		}
	case kindCross:
		drawCross(c, mid, crossRadius(st), e.color)
	case kindRing:
		drawRing(c, mid, ringRadius(st), e.color)
	case kindSwatch:
		sq := squareAt(mid, h)
		c.FillPolygon(e.color, sq)
		drawCross(c, mid, h/4, crossColor)
	case kindFrontier:
		ls := lineStyle(st, e.color, true)
		ls.Width = st.lineWidth * 0.6
		c.StrokeLine2(ls, r.Min.X, mid.Y, r.Max.X, mid.Y)
		drawDot(c, mid, markerRadius(st)*1.3, e.color)
	case kindOutline:
		sq := squareAt(mid, h)
		c.FillPolygon(e.color, sq)
		outline(c, sq)
	}
}

func squareAt(mid vg.Point, h vg.Length) []vg.Point {
	s := h / 2
	return []vg.Point{
		{X: mid.X - s, Y: mid.Y - s}, {X: mid.X + s, Y: mid.Y - s},
		{X: mid.X + s, Y: mid.Y + s}, {X: mid.X - s, Y: mid.Y + s},
	}
}

// outline draws a white-inside, black-outside frame along the polygon.
func outline(c draw.Canvas, pts []vg.Point) {
	closed := append(append([]vg.Point(nil), pts...), pts[0])
	c.StrokeLines(draw.LineStyle{Color: color.Black, Width: vg.Points(2.6)}, closed)
	c.StrokeLines(draw.LineStyle{Color: color.White, Width: vg.Points(1.2)}, closed)
}

const (
	bandAlpha  = 0x30 // translucency of seed bands
	faintAlpha = 0x80 // translucency of secondary trajectories
)

func lineStyle(st *style, col color.Color, dashed bool) draw.LineStyle {
	ls := draw.LineStyle{Color: col, Width: st.lineWidth}
	if dashed {
		ls.Dashes = []vg.Length{st.lineWidth * 3.5, st.lineWidth * 2}
	}
	return ls
}

func markerRadius(st *style) vg.Length { return st.lineWidth*0.9 + vg.Points(1) }
func crossRadius(st *style) vg.Length  { return st.fontSize * 0.38 }

// drawDot draws a filled circle with a thin white rim.
func drawDot(c draw.Canvas, pt vg.Point, r vg.Length, col color.Color) {
	var p vg.Path
	p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Arc(pt, r, 0, 2*math.Pi)
	p.Close()
	c.SetColor(col)
	c.Fill(p)
	c.SetLineStyle(draw.LineStyle{Color: color.White, Width: vg.Points(0.6)})
	c.Stroke(p)
}

func ringRadius(st *style) vg.Length { return markerRadius(st) * 2.6 }

// drawRing draws an open circle.
func drawRing(c draw.Canvas, pt vg.Point, r vg.Length, col color.Color) {
	var p vg.Path
	p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Arc(pt, r, 0, 2*math.Pi)
	p.Close()
	c.SetLineStyle(draw.LineStyle{Color: col, Width: r * 0.3})
	c.Stroke(p)
}

// drawCross draws a bold ×.
func drawCross(c draw.Canvas, pt vg.Point, r vg.Length, col color.Color) {
	ls := draw.LineStyle{Color: col, Width: r * 0.55}
	c.StrokeLine2(ls, pt.X-r, pt.Y-r, pt.X+r, pt.Y+r)
	c.StrokeLine2(ls, pt.X-r, pt.Y+r, pt.X+r, pt.Y-r)
}
