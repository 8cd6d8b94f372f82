package plot

import (
	"math"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// richText is a text.Handler that renders "^{...}" as a superscript and
// everything else as plain text. The embedded Liberation fonts lack the
// Unicode superscript minus, zero and nine (U+207B, U+2070, U+2079), so
// labels such as 2^{-4} or 10^{10} cannot be written with Unicode
// superscripts; this handler draws the exponent itself, smaller and raised.
type richText struct {
	text.Plain
}

var _ text.Handler = richText{}

// handler is shared by every text style of the package. font.DefaultCache
// holds the Liberation fonts (registered by gonum.org/v1/plot's init).
var handler = richText{text.Plain{Fonts: font.DefaultCache}}

const (
	supScale = 0.72 // superscript size relative to the base font
	supRaise = 0.38 // baseline shift of a superscript, in ems of the base font
)

type run struct {
	s   string
	sup bool
}

// parseRich splits a line into plain and superscript runs. A "^{" without
// a closing brace is kept literally.
func parseRich(line string) []run {
	var out []run
	for {
		i := strings.Index(line, "^{")
		if i < 0 {
			break
		}
		j := strings.IndexByte(line[i+2:], '}')
		if j < 0 {
			break
		}
		if i > 0 {
			out = append(out, run{s: line[:i]})
		}
		out = append(out, run{s: line[i+2 : i+2+j], sup: true})
		line = line[i+2+j+1:]
	}
	if line != "" {
		out = append(out, run{s: line})
	}
	return out
}

func hasSup(line string) bool {
	for _, r := range parseRich(line) {
		if r.sup {
			return true
		}
	}
	return false
}

func supFont(fnt font.Font) font.Font {
	s := fnt
	s.Size = vg.Length(float64(fnt.Size) * supScale)
	return s
}

// Box implements text.Handler.
func (h richText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	if !hasSup(txt) {
		return h.Plain.Box(txt, fnt)
	}
	face := h.Fonts.Lookup(fnt, fnt.Size)
	sf := supFont(fnt)
	small := h.Fonts.Lookup(sf, sf.Size)
	for _, r := range parseRich(txt) {
		if r.sup {
			width += small.Width(r.s)
		} else {
			width += face.Width(r.s)
		}
	}
	ext := face.Extents()
	height = ext.Ascent
	if top := vg.Length(supRaise)*fnt.Size + small.Extents().Ascent; top > height {
		height = top
	}
	return width, height, ext.Descent
}

// lineWidth returns the width of one line.
func (h richText) lineWidth(line string, fnt font.Font) vg.Length {
	w, _, _ := h.Box(line, fnt)
	return w
}

// Draw implements text.Handler, placing lines exactly as text.Plain does.
func (h richText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}
	if !hasSup(txt) {
		h.Plain.Draw(c, txt, sty, pt)
		return
	}
	fnt := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	sf := supFont(sty.Font)
	small := h.Fonts.Lookup(sf, sf.Size)
	c.SetColor(sty.Color)

	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin

	lines := h.Lines(txt)
	ht := sty.Height(txt)
	pt.Y += ht*vg.Length(sty.YAlign) - fnt.Extents().Ascent
	for i, line := range lines {
		x := pt.X + vg.Length(sty.XAlign)*h.lineWidth(line, sty.Font)
		y := pt.Y + vg.Length(len(lines)-i)*sty.Font.Size
		for _, r := range parseRich(line) {
			if r.sup {
				c.FillString(small, vg.Point{X: x, Y: y + vg.Length(supRaise)*sty.Font.Size}, r.s)
				x += small.Width(r.s)
			} else {
				c.FillString(fnt, vg.Point{X: x, Y: y}, r.s)
				x += fnt.Width(r.s)
			}
		}
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}
