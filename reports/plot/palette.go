package plot

import (
	"hash/fnv"
	"image/color"
	"sort"
)

// rgb turns 0xRRGGBB into an opaque colour.
func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

// Colors is the fixed, colour-blind-friendly qualitative palette that
// labels are assigned from, in this order:
//
//   - the first seven are Okabe & Ito (2008) "Color Universal Design"
//     colours (blue, vermillion, bluish green, reddish purple, orange,
//     sky blue, black; their yellow is left out, it is unreadable as a
//     line on white);
//   - the next nine are Paul Tol's "muted" scheme (indigo, cyan, teal,
//     green, olive, sand, rose, wine, purple), used when a figure has more
//     than seven labels.
//
// A palette with more labels than colours reuses them cyclically.
var Colors = []color.NRGBA{
	rgb(0x0072B2), // blue
	rgb(0xD55E00), // vermillion
	rgb(0x009E73), // bluish green
	rgb(0xCC79A7), // reddish purple
	rgb(0xE69F00), // orange
	rgb(0x56B4E9), // sky blue
	rgb(0x000000), // black
	rgb(0x332288), // indigo
	rgb(0x88CCEE), // cyan
	rgb(0x44AA99), // teal
	rgb(0x117733), // green
	rgb(0x999933), // olive
	rgb(0xDDCC77), // sand
	rgb(0xCC6677), // rose
	rgb(0x882255), // wine
	rgb(0xAA4499), // purple
}

// Fixed colours for marks that do not belong to a label.
var (
	// DivergedColor fills heatmap cells whose value is NaN or ±Inf and
	// draws the generic "diverged" legend entry. It is a neutral grey that
	// is not part of Colors nor of the heatmap colour map.
	DivergedColor = rgb(0xBBBBBB)

	gridColor  = rgb(0xE3E3E3)
	noteColor  = rgb(0x444444)
	crossColor = rgb(0x333333)
)

// Palette maps labels (optimizer or method names) to colours. The
// assignment is deterministic: the i-th distinct label given to
// NewPalette gets Colors[i mod len(Colors)]. Build one Palette from the
// full list of labels of a report and pass it (Options.Palette) to every
// figure so that a label has the same colour everywhere, whichever subset
// of labels a figure shows.
//
// When Options.Palette is nil, each figure builds NewPalette from the
// sorted set of labels it shows, so figures that show the same set of
// labels agree even without a shared Palette.
//
// A Palette is read-only after construction and safe for concurrent use.
type Palette struct {
	index map[string]int
}

// NewPalette assigns colours to labels in the order given, ignoring
// duplicates.
func NewPalette(labels ...string) *Palette {
	p := &Palette{index: make(map[string]int, len(labels))}
	for _, l := range labels {
		if _, ok := p.index[l]; !ok {
			p.index[l] = len(p.index)
		}
	}
	return p
}

// sortedPalette is the default palette of a figure: its labels sorted.
func sortedPalette(labels []string) *Palette {
	s := append([]string(nil), labels...)
	sort.Strings(s)
	return NewPalette(s...)
}

// Color returns the colour of label. A label that was not given to
// NewPalette gets a colour chosen by a hash (FNV-1a) of the label: still
// deterministic, but it may coincide with another label's colour.
func (p *Palette) Color(label string) color.NRGBA {
	if p != nil {
		if i, ok := p.index[label]; ok {
			return Colors[i%len(Colors)]
		}
	}
	h := fnv.New32a()
	h.Write([]byte(label))
	return Colors[h.Sum32()%uint32(len(Colors))]
}

// MaxLabels is how many labels a figure tells apart: one per colour of
// Colors, the second half (after the first Colors/2) also dashed. A figure
// with more draws the first MaxLabels of its palette and says how many it
// left out, rather than lines nobody can match to their names.
var MaxLabels = len(Colors)

// Dashed reports whether label's lines are dashed: the labels after the
// first half of Colors, so that each of MaxLabels labels differs from the
// others in colour and those of similar colours in the line too.
func (p *Palette) Dashed(label string) bool {
	if p == nil {
		return false
	}
	i, ok := p.index[label]
	return ok && i%len(Colors) >= len(Colors)/2
}

// shown reports whether label is among the first MaxLabels of p (labels
// not given to NewPalette are shown: they take a colour by hash).
func (p *Palette) shown(label string) bool {
	if p == nil {
		return true
	}
	i, ok := p.index[label]
	return !ok || i < MaxLabels
}

// Labels returns the labels of p in assignment order.
func (p *Palette) Labels() []string {
	if p == nil {
		return nil
	}
	out := make([]string, len(p.index))
	for l, i := range p.index {
		out[i] = l
	}
	return out
}

// withAlpha returns c with its alpha replaced (non-premultiplied, so it
// renders as a translucent version of c).
func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}
