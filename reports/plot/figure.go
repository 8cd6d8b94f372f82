package plot

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"

	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Options controls the size and the common style of a figure. The zero
// value gives sensible defaults.
type Options struct {
	// Title is drawn above the grid of panels; empty for none.
	Title string

	// Width and Height are the size of the PNG in pixels. Zero means the
	// default: PanelWidth per column and PanelHeight per row plus room for
	// the title and the legend (see DefaultSize). Both must be at least
	// MinWidth × MinHeight.
	Width, Height int

	// DPI sets how many pixels a point (1/72 in) of text or line width
	// takes: fonts and lines scale with it. Zero means 100, scaled down
	// (to no less than 60) for figures smaller than DefaultSize so that
	// text keeps its proportion to the panels.
	DPI int

	// Columns is the number of panel columns. Zero means automatic: one row
	// of up to three panels, two columns for four panels, three beyond.
	Columns int

	// Palette assigns colours to labels. Nil means a palette built from
	// the sorted labels of this figure; pass one shared Palette to every
	// figure of a report so that colours agree across figures.
	Palette *Palette

	// FontSize is the base font size in points (axis labels, legend); tick
	// labels are one point smaller, panel titles one point larger and the
	// figure title three points larger. Zero means 10.
	FontSize float64

	// LineWidth is the width of data lines in points. Zero means 1.6.
	LineWidth float64
}

// Defaults and limits of Options.
const (
	PanelWidth  = 420 // default pixels per panel column
	PanelHeight = 320 // default pixels per panel row
	DefaultDPI  = 100
	MinWidth    = 160
	MinHeight   = 120

	extraHeight = 110 // default pixels for the figure title and the legend
)

// DefaultSize returns the default PNG size in pixels of a figure with n
// panels in the given number of columns (0 for automatic), as used when
// Options.Width or Options.Height is zero.
func DefaultSize(n, columns int) (width, height int) {
	cols, rows := gridShape(n, columns)
	return cols * PanelWidth, rows*PanelHeight + extraHeight
}

func gridShape(n, columns int) (cols, rows int) {
	if n < 1 {
		n = 1
	}
	cols = columns
	if cols <= 0 {
		switch {
		case n <= 3:
			cols = n
		case n == 4:
			cols = 2
		default:
			cols = 3
		}
	}
	if cols > n {
		cols = n
	}
	rows = (n + cols - 1) / cols
	return cols, rows
}

// style is the resolved Options shared by the panels of a figure.
type style struct {
	fontSize  vg.Length
	lineWidth vg.Length
	pal       *Palette
}

func (o Options) style(labels []string) (*style, error) {
	st := &style{fontSize: 10, lineWidth: 1.6, pal: o.Palette}
	if o.FontSize < 0 || o.LineWidth < 0 || o.DPI < 0 {
		return nil, errors.New("plot: negative FontSize, LineWidth or DPI")
	}
	if o.FontSize > 0 {
		st.fontSize = vg.Length(o.FontSize)
	}
	if o.LineWidth > 0 {
		st.lineWidth = vg.Length(o.LineWidth)
	}
	if st.pal == nil {
		st.pal = sortedPalette(labels)
	}
	return st, nil
}

var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// text returns a text style of the base size plus delta points.
func (st *style) text(delta vg.Length, bold, italic bool) text.Style {
	f := font.From(sansFont, st.fontSize+delta)
	if bold {
		f.Weight = stdfont.WeightBold
	}
	if italic {
		f.Style = stdfont.StyleItalic
	}
	return text.Style{
		Color:   color.Black,
		Font:    f,
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
		Handler: handler,
	}
}

// panel is one cell of the figure grid.
type panel interface {
	draw(c draw.Canvas, st *style)
}

// figure is everything render needs.
type figure struct {
	opt    Options
	labels []string // every label shown, for the default palette
	panels []panel
	legend []legendEntry
}

// Formats are the file formats a figure is written in, by the extension
// of its path: PNG (pixels as Options gives them), SVG and PDF (vector, the
// same layout at the same size in points: pixels / DPI inches).
var Formats = []string{".png", ".svg", ".pdf"}

// canvas is a drawing surface of one file format.
type canvas interface {
	vg.CanvasSizer
	write(f *os.File) error
}

type pngCanvas struct{ *vgimg.Canvas }

func (c pngCanvas) write(f *os.File) error { return png.Encode(f, c.Image()) }

type svgCanvas struct{ *vgsvg.Canvas }

func (c svgCanvas) write(f *os.File) error { _, err := c.WriteTo(f); return err }

type pdfCanvas struct{ *vgpdf.Canvas }

func (c pdfCanvas) write(f *os.File) error { _, err := c.WriteTo(f); return err }

// FillString works around vgpdf registering a bold or italic font under
// no style and then selecting it with one ("undefined font: …-bold B"):
// the weight and style move into the variant's name, so each face is its
// own family of one regular style, drawn with its own glyphs.
func (c pdfCanvas) FillString(fnt font.Face, pt vg.Point, str string) {
	if fnt.Font.Weight != stdfont.WeightNormal || fnt.Font.Style != stdfont.StyleNormal {
		fnt.Font.Variant += font.Variant(fmt.Sprintf("W%dS%d", fnt.Font.Weight, fnt.Font.Style))
		fnt.Font.Weight, fnt.Font.Style = stdfont.WeightNormal, stdfont.StyleNormal
	}
	c.Canvas.FillString(fnt, pt, str)
}

// newCanvas is a canvas of w × h pixels at dpi for the format of path.
func newCanvas(path string, w, h, dpi int) (canvas, error) {
	wl, hl := vg.Length(w)/vg.Length(dpi)*vg.Inch, vg.Length(h)/vg.Length(dpi)*vg.Inch
	switch ext := filepath.Ext(path); ext {
	case ".png":
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		return pngCanvas{vgimg.NewWith(vgimg.UseImage(img), vgimg.UseDPI(dpi))}, nil
	case ".svg":
		return svgCanvas{vgsvg.New(wl, hl)}, nil
	case ".pdf":
		c := vgpdf.New(wl, hl)
		c.EmbedFonts(true) // a PDF opens anywhere
		return pdfCanvas{c}, nil
	default:
		return nil, fmt.Errorf("plot: %s: unknown figure format %q (want .png, .svg or .pdf)", path, ext)
	}
}

// render lays the figure out (title, grid of panels, legend below) and
// writes it as a PNG, SVG or PDF, by the extension of path. Any panic of
// the drawing code is turned into an error.
func render(path string, fig figure) (err error) {
	if len(fig.panels) == 0 {
		return errors.New("plot: figure has no panels")
	}
	o := fig.opt
	if o.Width < 0 || o.Height < 0 {
		return fmt.Errorf("plot: negative size %d×%d", o.Width, o.Height)
	}
	w, h := DefaultSize(len(fig.panels), o.Columns)
	if o.Width > 0 {
		w = o.Width
	}
	if o.Height > 0 {
		h = o.Height
	}
	if w < MinWidth || h < MinHeight {
		return fmt.Errorf("plot: size %d×%d is below the minimum %d×%d", w, h, MinWidth, MinHeight)
	}
	dpi := o.DPI
	if dpi == 0 {
		dw, dh := DefaultSize(len(fig.panels), o.Columns)
		scale := math.Min(1, math.Min(float64(w)/float64(dw), float64(h)/float64(dh)))
		dpi = int(math.Round(DefaultDPI * math.Max(0.6, scale)))
	}
	st, err := o.style(fig.labels)
	if err != nil {
		return err
	}

	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plot: rendering %s: %v", path, r)
		}
	}()

	cv, err := newCanvas(path, w, h, dpi)
	if err != nil {
		return err
	}
	dc := draw.New(cv)

	margin := vg.Points(6)
	area := draw.Crop(dc, margin, -margin, margin, -margin)

	if o.Title != "" {
		ts := st.text(3, true, false)
		th := ts.Height(o.Title)
		dc.FillText(ts, vg.Point{X: area.Center().X, Y: area.Max.Y}, o.Title)
		area.Max.Y -= th + vg.Points(6)
	}
	if len(fig.legend) > 0 {
		lh := drawLegend(area, st, fig.legend)
		area.Min.Y += lh + vg.Points(4)
	}

	cols, rows := gridShape(len(fig.panels), o.Columns)
	tiles := draw.Tiles{Cols: cols, Rows: rows, PadX: vg.Points(12), PadY: vg.Points(10)}
	for i, p := range fig.panels {
		p.draw(tiles.At(area, i%cols, i/cols), st)
	}

	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	f, err := create(path)
	if err != nil {
		return err
	}
	err = cv.write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // no partial figure left behind
	}
	return err
}

// create creates path for writing without ever writing through what is
// there: a regular file (an old figure, or a temporary file left by a
// killed report) is replaced, anything else, a symbolic link above all,
// refused; O_EXCL makes the check and the creation one step.
func create(path string) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("plot: %s is not a regular file (a symbolic link?): not overwritten", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, err
		}
	}
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

// header draws a panel title (bold) and notes (italic, smaller) at the top
// of c and returns c without them.
func header(c draw.Canvas, st *style, title string, notes []string) draw.Canvas {
	if title != "" {
		ts := st.text(1, true, false)
		c.FillText(ts, vg.Point{X: c.Center().X, Y: c.Max.Y}, title)
		c.Max.Y -= ts.Height(title) + vg.Points(2)
	}
	ns := st.text(-1.5, false, true)
	ns.Color = noteColor
	for _, n := range notes {
		n = fitText(ns, n, c.Max.X-c.Min.X)
		c.FillText(ns, vg.Point{X: c.Center().X, Y: c.Max.Y}, n)
		c.Max.Y -= ns.Height(n) + vg.Points(1)
	}
	if title != "" || len(notes) > 0 {
		c.Max.Y -= vg.Points(4)
	}
	return c
}

// fitText shortens s with an ellipsis until it fits in width.
func fitText(sty text.Style, s string, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; sty.Width(t) <= width {
			return t
		}
	}
	return s
}

// centerMessage writes msg in the middle of c (used for "no data").
func centerMessage(c draw.Canvas, st *style, msg string) {
	ts := st.text(0, false, true)
	ts.Color = noteColor
	ts.YAlign = draw.YCenter
	c.FillText(ts, c.Center(), fitText(ts, msg, c.Max.X-c.Min.X))
}

// clampf limits v to [lo, hi].
func clampf(v, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, v))
}
