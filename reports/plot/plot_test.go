package plot

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gplot "gonum.org/v1/plot"
)

// Set SFBENCH_PLOT_OUT to a directory to keep every PNG the tests render.
func outPath(t *testing.T, name string) string {
	t.Helper()
	if dir := os.Getenv("SFBENCH_PLOT_OUT"); dir != "" {
		name = strings.NewReplacer("/", "_", " ", "_").Replace(t.Name() + "_" + name)
		return filepath.Join(dir, name+".png")
	}
	return filepath.Join(t.TempDir(), name+".png")
}

func decode(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return img
}

// checkImage checks the size and that the image is not blank: enough
// distinct colours and non-white pixels.
func checkImage(t *testing.T, img image.Image, w, h int) {
	t.Helper()
	b := img.Bounds()
	if b.Dx() != w || b.Dy() != h {
		t.Errorf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	colours := map[color.RGBA]bool{}
	nonWhite := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			colours[c] = true
			if c != (color.RGBA{255, 255, 255, 255}) {
				nonWhite++
			}
		}
	}
	if len(colours) < 20 {
		t.Errorf("only %d distinct colours: blank image?", len(colours))
	}
	if frac := float64(nonWhite) / float64(w*h); frac < 0.01 {
		t.Errorf("only %.3f%% non-white pixels: blank image?", 100*frac)
	}
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.RGBAModel.Convert(a.At(x, y)) != color.RGBAModel.Convert(b.At(x, y)) {
				return false
			}
		}
	}
	return true
}

// hasColour reports whether some pixel has exactly colour c.
func hasColour(img image.Image, c color.NRGBA) bool {
	want := color.RGBAModel.Convert(c)
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == want {
				return true
			}
		}
	}
	return false
}

// ---- data builders ----

func curve(label string, n int, rate, shift float64) Series {
	s := Series{Label: label}
	for i := 0; i < n; i++ {
		x := float64(i * 10)
		y := 2*math.Exp(-rate*float64(i)) + 0.05 + shift + 0.02*math.Sin(float64(i))
		s.X = append(s.X, x)
		s.Y = append(s.Y, y)
		s.Lo = append(s.Lo, y*0.9)
		s.Hi = append(s.Hi, y*1.1)
	}
	return s
}

func convPanels(n int, shift float64) []Panel {
	var ps []Panel
	for i := 0; i < n; i++ {
		ps = append(ps, Panel{
			Title:  "problem " + string(rune('A'+i)),
			YLabel: "train loss", LogY: i%2 == 1,
			Series: []Series{
				curve("SF-AdamW", 60, 0.08, shift),
				curve("AdamW + cosine", 60, 0.05, 0),
				curve("SGD", 60, 0.03, 0),
			},
		})
	}
	ps[0].Series[2].Diverged = []float64{400}
	return ps
}

func lrSeries(label string, best, shift float64, divergeFrom int) Series {
	s := Series{Label: label}
	for k := -4; k <= 14; k++ {
		lr := math.Ldexp(1, k)
		if k >= divergeFrom {
			s.Diverged = append(s.Diverged, lr)
			continue
		}
		d := float64(k) - best
		y := 0.1 + 0.02*d*d + shift
		s.X, s.Y = append(s.X, lr), append(s.Y, y)
		s.Lo, s.Hi = append(s.Lo, y*0.9), append(s.Hi, y*1.1)
	}
	return s
}

func lrPanels(n int, shift float64) []Panel {
	var ps []Panel
	for i := 0; i < n; i++ {
		ps = append(ps, Panel{
			Title: "problem " + string(rune('A'+i)), YLabel: "final loss", LogY: i == 0,
			Series: []Series{
				lrSeries("SF-AdamW", 4, shift, 11),
				lrSeries("AdamW + cosine", 2, 0, 9),
			},
		})
	}
	return ps
}

func paretoPanels(n int, shift float64) []ParetoPanel {
	var ps []ParetoPanel
	for i := 0; i < n; i++ {
		sched := ScheduledRuns{Label: "AdamW + cosine"}
		for _, T := range []int{250, 500, 1000, 2000} {
			var r Series
			for s := 0; s <= T; s += 50 {
				y := math.Exp(-float64(s)/600) + 0.1 + 0.3*(1-float64(s)/float64(T))*0.3 + 0.1/math.Sqrt(float64(T)/250)
				r.X, r.Y = append(r.X, float64(s)), append(r.Y, y)
			}
			sched.Runs = append(sched.Runs, r)
		}
		sf := Series{Label: "SF-AdamW"}
		for s := 0; s <= 2000; s += 50 {
			y := math.Exp(-float64(s)/600) + 0.1 + 0.1/math.Sqrt(float64(s+250)/250) + shift
			sf.X, sf.Y = append(sf.X, float64(s)), append(sf.Y, y)
			sf.Lo, sf.Hi = append(sf.Lo, y*0.97), append(sf.Hi, y*1.03)
		}
		ps = append(ps, ParetoPanel{
			Title: "problem " + string(rune('A'+i)), YLabel: "test loss", LogY: i%2 == 1,
			Scheduled: []ScheduledRuns{sched}, Curves: []Series{sf},
		})
	}
	return ps
}

func heatPanels(n int, shift float64) []HeatmapPanel {
	var ps []HeatmapPanel
	for k := 0; k < n; k++ {
		h := HeatmapPanel{
			Title: "optimizer " + string(rune('A'+k)), ValueLabel: "final loss",
			Rows: []float64{0.5, 0.9, 0.95, 0.99}, LogColor: k%2 == 0,
			Best: LowerIsBetter, Annotate: true,
		}
		for j := -4; j <= 3; j++ {
			h.Cols = append(h.Cols, math.Ldexp(1, j))
		}
		for i := range h.Rows {
			var row []float64
			for j := range h.Cols {
				d := float64(j-3) + float64(i-2)
				v := 0.05*math.Exp(0.4*d*d) + shift
				if j-i > 5 {
					v = math.NaN()
				}
				row = append(row, v)
			}
			h.Values = append(h.Values, row)
		}
		ps = append(ps, h)
	}
	return ps
}

func profilePanels(n int, shift float64) []ProfilePanel {
	var ps []ProfilePanel
	for i := 0; i < n; i++ {
		ps = append(ps, ProfilePanel{
			Title:    "workloads " + string(rune('A'+i)),
			Problems: []string{"a", "b", "c", "d", "e"},
			Methods: []ProfileMethod{
				{Label: "SF-AdamW", Steps: []float64{100 + shift, 200, 300, 400, math.NaN()}},
				{Label: "AdamW + cosine", Steps: []float64{120, 180, 700, 380, 900}},
				{Label: "SGD", Steps: []float64{300, math.Inf(1), 400, 1000, 1200}},
			},
		})
	}
	return ps
}

// figures renders each figure kind with n panels; shift changes the data.
var figures = []struct {
	name   string
	render func(path string, n int, shift float64, opt Options) error
}{
	{"convergence", func(p string, n int, s float64, o Options) error { return Convergence(p, convPanels(n, s), o) }},
	{"lr-sensitivity", func(p string, n int, s float64, o Options) error { return LRSensitivity(p, lrPanels(n, s), o) }},
	{"pareto", func(p string, n int, s float64, o Options) error { return Pareto(p, paretoPanels(n, s), o) }},
	{"heatmap", func(p string, n int, s float64, o Options) error { return Heatmap(p, heatPanels(n, s), o) }},
	{"profile", func(p string, n int, s float64, o Options) error {
		return PerformanceProfile(p, profilePanels(n, s*100), o)
	}},
}

func TestFigures(t *testing.T) {
	for _, f := range figures {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range []struct {
				name         string
				panels, w, h int
			}{
				{"one panel", 1, 480, 360},
				{"two panels", 2, 900, 420},
				{"five panels", 5, 1200, 800},
				{"small", 1, 320, 240},
			} {
				t.Run(tc.name, func(t *testing.T) {
					opt := Options{Title: f.name, Width: tc.w, Height: tc.h}
					a, b := outPath(t, "a"), outPath(t, "b")
					if err := f.render(a, tc.panels, 0, opt); err != nil {
						t.Fatal(err)
					}
					imgA := decode(t, a)
					checkImage(t, imgA, tc.w, tc.h)
					if err := f.render(b, tc.panels, 0.3, opt); err != nil {
						t.Fatal(err)
					}
					if samePixels(imgA, decode(t, b)) {
						t.Error("different data rendered to identical pixels")
					}
					// Same data, same pixels: rendering is deterministic.
					c := outPath(t, "c")
					if err := f.render(c, tc.panels, 0, opt); err != nil {
						t.Fatal(err)
					}
					if !samePixels(imgA, decode(t, c)) {
						t.Error("same data rendered to different pixels")
					}
				})
			}
			t.Run("default size", func(t *testing.T) {
				p := outPath(t, "default")
				if err := f.render(p, 4, 0, Options{}); err != nil {
					t.Fatal(err)
				}
				w, h := DefaultSize(4, 0)
				checkImage(t, decode(t, p), w, h)
			})
		})
	}
}

func TestDefaultSize(t *testing.T) {
	for _, tc := range []struct{ n, cols, w, h int }{
		{1, 0, PanelWidth, PanelHeight + extraHeight},
		{3, 0, 3 * PanelWidth, PanelHeight + extraHeight},
		{4, 0, 2 * PanelWidth, 2*PanelHeight + extraHeight},
		{7, 0, 3 * PanelWidth, 3*PanelHeight + extraHeight},
		{7, 2, 2 * PanelWidth, 4*PanelHeight + extraHeight},
		{2, 5, 2 * PanelWidth, PanelHeight + extraHeight},
	} {
		if w, h := DefaultSize(tc.n, tc.cols); w != tc.w || h != tc.h {
			t.Errorf("DefaultSize(%d, %d) = %d×%d, want %d×%d", tc.n, tc.cols, w, h, tc.w, tc.h)
		}
	}
}

func nan() float64 { return math.NaN() }

// TestEdgeCases renders degenerate inputs: each must produce a valid,
// non-blank PNG of the requested size (axes, title and notes at least).
func TestEdgeCases(t *testing.T) {
	const w, h = 480, 360
	allDivergedLR := Series{Label: "SGD", Diverged: []float64{1, 2, 4, 8}}
	cases := []struct {
		name   string
		render func(path string, opt Options) error
	}{
		{"convergence/empty series", func(p string, o Options) error {
			return Convergence(p, []Panel{{Title: "empty", Series: []Series{{Label: "A"}}}}, o)
		}},
		{"convergence/no series", func(p string, o Options) error {
			return Convergence(p, []Panel{{Title: "nothing"}}, o)
		}},
		{"convergence/single point", func(p string, o Options) error {
			return Convergence(p, []Panel{{Title: "one point", Series: []Series{
				{Label: "A", X: []float64{5}, Y: []float64{1}, Lo: []float64{0.5}, Hi: []float64{1.5}}}}}, o)
		}},
		{"convergence/all NaN", func(p string, o Options) error {
			return Convergence(p, []Panel{{Title: "all NaN", LogY: true, Series: []Series{
				{Label: "A", X: []float64{1, 2, 3}, Y: []float64{nan(), nan(), nan()}},
				curve("B", 20, 0.1, 0)}}}, o)
		}},
		{"convergence/non-positive on log axes", func(p string, o Options) error {
			return Convergence(p, []Panel{{Title: "log", LogX: true, LogY: true, Series: []Series{
				{Label: "A", X: []float64{0, 1, 2, 4, 8}, Y: []float64{1, 0, -1, 0.5, 0.25},
					Lo: []float64{-1, -1, -2, 0, 0.2}, Hi: []float64{2, 1, 0, 1, 0.3}}}}}, o)
		}},
		{"convergence/only non-positive on log y", func(p string, o Options) error {
			return Convergence(p, []Panel{{Title: "log", LogY: true, Series: []Series{
				{Label: "A", X: []float64{1, 2}, Y: []float64{0, -3}}}}}, o)
		}},
		{"convergence/constant", func(p string, o Options) error {
			return Convergence(p, []Panel{{Title: "flat", Series: []Series{
				{Label: "A", X: []float64{1, 1}, Y: []float64{0, 0}}}}}, o)
		}},
		{"convergence/infinities and limits", func(p string, o Options) error {
			return Convergence(p, []Panel{{Title: "inf", XLim: [2]float64{0, 100}, YLim: [2]float64{0, 1}, Series: []Series{
				{Label: "A", X: []float64{0, 50, math.Inf(1), 200}, Y: []float64{math.Inf(-1), 0.5, 2, 3}}}}}, o)
		}},
		{"convergence/many panels", func(p string, o Options) error {
			return Convergence(p, convPanels(8, 0), o)
		}},
		{"lr/all diverged", func(p string, o Options) error {
			return LRSensitivity(p, []Panel{{Title: "all diverged", Series: []Series{allDivergedLR}}}, o)
		}},
		{"lr/diverged at invalid x", func(p string, o Options) error {
			return LRSensitivity(p, []Panel{{Title: "bad x", Series: []Series{
				{Label: "A", X: []float64{0.5, 1}, Y: []float64{1, 2}, Diverged: []float64{0, -1, nan()}}}}}, o)
		}},
		{"lr/single point", func(p string, o Options) error {
			return LRSensitivity(p, []Panel{{Series: []Series{{Label: "A", X: []float64{1}, Y: []float64{0.3}}}}}, o)
		}},
		{"lr/non-positive learning rates", func(p string, o Options) error {
			return LRSensitivity(p, []Panel{{LogY: true, Series: []Series{
				{Label: "A", X: []float64{0, -1, 0.25, 0.5}, Y: []float64{1, 1, 0, 0.5}}}}}, o)
		}},
		{"lr/empty", func(p string, o Options) error {
			return LRSensitivity(p, []Panel{{Series: []Series{{Label: "A"}}}}, o)
		}},
		{"pareto/empty", func(p string, o Options) error {
			return Pareto(p, []ParetoPanel{{Title: "empty", Scheduled: []ScheduledRuns{{Label: "cos"}}, Curves: []Series{{Label: "SF"}}}}, o)
		}},
		{"pareto/single points", func(p string, o Options) error {
			return Pareto(p, []ParetoPanel{{LogX: true, LogY: true, Scheduled: []ScheduledRuns{{Label: "cos", Runs: []Series{
				{X: []float64{100}, Y: []float64{0.5}, Lo: []float64{-1}, Hi: []float64{0.6}},
				{X: []float64{200}, Y: []float64{0.4}},
				{X: []float64{400}, Y: []float64{nan()}, Diverged: []float64{400}},
			}}}, Curves: []Series{{Label: "SF", X: []float64{0, 100, 200, 400}, Y: []float64{1, 0.6, 0, 0.3}}}}}, o)
		}},
		{"pareto/all diverged", func(p string, o Options) error {
			return Pareto(p, []ParetoPanel{{Scheduled: []ScheduledRuns{{Label: "cos", Runs: []Series{
				{Diverged: []float64{100}}, {Diverged: []float64{200}}}}},
				Curves: []Series{{Label: "SF", X: []float64{1, 2}, Y: []float64{nan(), nan()}, Diverged: []float64{2}}}}}, o)
		}},
		{"pareto/many panels", func(p string, o Options) error { return Pareto(p, paretoPanels(6, 0), o) }},
		{"heatmap/empty", func(p string, o Options) error {
			return Heatmap(p, []HeatmapPanel{{Title: "empty"}}, o)
		}},
		{"heatmap/1x1", func(p string, o Options) error {
			return Heatmap(p, []HeatmapPanel{{Rows: []float64{0.9}, Cols: []float64{1}, Values: [][]float64{{3}}, Best: HigherIsBetter, Annotate: true}}, o)
		}},
		{"heatmap/all diverged", func(p string, o Options) error {
			return Heatmap(p, []HeatmapPanel{{Rows: []float64{0.9, 0.99}, Cols: []float64{1, 2}, LogColor: true,
				Values: [][]float64{{nan(), math.Inf(1)}, {math.Inf(-1), nan()}}, Best: LowerIsBetter}}, o)
		}},
		{"heatmap/non-positive on log colour", func(p string, o Options) error {
			return Heatmap(p, []HeatmapPanel{{Rows: []float64{0.9, 0.99}, Cols: []float64{0.001, 0.003, 0.01}, LogColor: true,
				Values: [][]float64{{-1, 0, 1}, {10, 100, nan()}}, ValueLabel: "loss"}}, o)
		}},
		{"heatmap/constant values", func(p string, o Options) error {
			return Heatmap(p, []HeatmapPanel{{Rows: []float64{1, 2}, Cols: []float64{1, 2}, Values: [][]float64{{0, 0}, {0, 0}}, ColorLim: [2]float64{0, 1}}}, o)
		}},
		{"heatmap/many panels", func(p string, o Options) error { return Heatmap(p, heatPanels(5, 0), o) }},
		{"profile/no methods", func(p string, o Options) error {
			return PerformanceProfile(p, []ProfilePanel{{Title: "none"}}, o)
		}},
		{"profile/all unsolved", func(p string, o Options) error {
			return PerformanceProfile(p, []ProfilePanel{{Problems: []string{"a", "b"}, Methods: []ProfileMethod{
				{Label: "A", Steps: []float64{nan(), 0}}, {Label: "B", Steps: []float64{math.Inf(1), -1}}}}}, o)
		}},
		{"profile/single problem", func(p string, o Options) error {
			return PerformanceProfile(p, []ProfilePanel{{Methods: []ProfileMethod{
				{Label: "A", Steps: []float64{10}}, {Label: "B", Steps: []float64{30}, Dashed: true}}, TauMax: 2}}, o)
		}},
		{"profile/many panels", func(p string, o Options) error { return PerformanceProfile(p, profilePanels(4, 0), o) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := outPath(t, "edge")
			if err := tc.render(p, Options{Title: tc.name, Width: w, Height: h}); err != nil {
				t.Fatal(err)
			}
			checkImage(t, decode(t, p), w, h)
		})
	}
}

func TestInvalidInput(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.png")
	if err := os.WriteFile(p, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"no panels", Convergence(p, nil, Options{}), "no panels"},
		{"len(Y) != len(X)", Convergence(p, []Panel{{Series: []Series{{Label: "A", X: []float64{1, 2}, Y: []float64{1}}}}}, Options{}), "len(Y)"},
		{"len(Lo) != len(X)", LRSensitivity(p, []Panel{{Series: []Series{{Label: "A", X: []float64{1}, Y: []float64{1}, Lo: []float64{}, Hi: []float64{1}}}}}, Options{}), "len(Lo)"},
		{"Hi without Lo", Convergence(p, []Panel{{Series: []Series{{Label: "A", X: []float64{1}, Y: []float64{1}, Hi: []float64{1}}}}}, Options{}), "both"},
		{"bad pareto run", Pareto(p, []ParetoPanel{{Scheduled: []ScheduledRuns{{Label: "c", Runs: []Series{{X: []float64{1}}}}}}}, Options{}), "len(Y)"},
		{"ragged heatmap", Heatmap(p, []HeatmapPanel{{Rows: []float64{1, 2}, Cols: []float64{1}, Values: [][]float64{{1}, {1, 2}}}}, Options{}), "row 1"},
		{"heatmap rows", Heatmap(p, []HeatmapPanel{{Rows: []float64{1, 2}, Cols: []float64{1}, Values: [][]float64{{1}}}}, Options{}), "rows"},
		{"profile steps", PerformanceProfile(p, []ProfilePanel{{Problems: []string{"a", "b"}, Methods: []ProfileMethod{{Label: "A", Steps: []float64{1}}}}}, Options{}), "1 steps for 2 problems"},
		{"too small", Convergence(p, convPanels(1, 0), Options{Width: 50, Height: 50}), "minimum"},
		{"negative size", Convergence(p, convPanels(1, 0), Options{Width: -1}), "negative"},
		{"negative DPI", Convergence(p, convPanels(1, 0), Options{DPI: -3}), "negative"},
		{"unwritable path", Convergence(filepath.Join(p, "y.png"), convPanels(1, 0), Options{}), ""},
	} {
		if tc.err == nil {
			t.Errorf("%s: no error", tc.name)
		} else if !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %q does not mention %q", tc.name, tc.err, tc.want)
		}
	}
}

func TestPalette(t *testing.T) {
	p := NewPalette("SF-AdamW", "AdamW + cosine", "SGD", "SF-AdamW")
	if got := p.Labels(); len(got) != 3 || got[0] != "SF-AdamW" || got[2] != "SGD" {
		t.Errorf("Labels() = %q", got)
	}
	if p.Color("SF-AdamW") != Colors[0] || p.Color("AdamW + cosine") != Colors[1] || p.Color("SGD") != Colors[2] {
		t.Error("colours not assigned in order")
	}
	if p.Color("unknown") != p.Color("unknown") || p.Color("unknown") != (*Palette)(nil).Color("unknown") {
		t.Error("fallback colour not deterministic")
	}
	many := make([]string, 40)
	for i := range many {
		many[i] = string(rune('a' + i))
	}
	if NewPalette(many...).Color(many[len(Colors)]) != Colors[0] {
		t.Error("palette does not cycle")
	}
	// Default palettes depend on the set of labels, not their order.
	a, b := sortedPalette([]string{"B", "A", "C"}), sortedPalette([]string{"C", "B", "A", "A"})
	for _, l := range []string{"A", "B", "C"} {
		if a.Color(l) != b.Color(l) {
			t.Errorf("default palettes disagree on %q", l)
		}
	}
	seen := map[color.NRGBA]bool{}
	for _, c := range Colors {
		if seen[c] {
			t.Errorf("duplicate colour %v", c)
		}
		seen[c] = true
		if c == DivergedColor {
			t.Error("DivergedColor is in the palette")
		}
	}
}

// TestPaletteAcrossFigures renders two different figures with different
// subsets of labels and a shared palette, and checks that each label's
// colour is drawn in both (thick lines so that pixels of the exact colour
// exist despite anti-aliasing).
func TestPaletteAcrossFigures(t *testing.T) {
	pal := NewPalette("SF-AdamW", "AdamW + cosine", "SGD", "Prodigy")
	opt := Options{Palette: pal, LineWidth: 5, Width: 640, Height: 420}
	conv := outPath(t, "conv")
	if err := Convergence(conv, []Panel{{Series: []Series{
		curve("SGD", 40, 0.05, 0), curve("Prodigy", 40, 0.1, 0),
	}}}, opt); err != nil {
		t.Fatal(err)
	}
	lr := outPath(t, "lr")
	if err := LRSensitivity(lr, []Panel{{Series: []Series{
		lrSeries("Prodigy", 3, 0, 20), lrSeries("AdamW + cosine", 2, 0, 20), lrSeries("SGD", 1, 0.1, 20),
	}}}, opt); err != nil {
		t.Fatal(err)
	}
	a, b := decode(t, conv), decode(t, lr)
	for _, l := range []string{"SGD", "Prodigy"} {
		if !hasColour(a, pal.Color(l)) || !hasColour(b, pal.Color(l)) {
			t.Errorf("colour of %q %v not found in both figures", l, pal.Color(l))
		}
	}
	if !hasColour(b, pal.Color("AdamW + cosine")) {
		t.Error("colour of AdamW + cosine missing")
	}
	if hasColour(a, pal.Color("AdamW + cosine")) || hasColour(a, pal.Color("SF-AdamW")) {
		t.Error("colour of a label absent from the figure was drawn")
	}
}

func TestProfileCurve(t *testing.T) {
	steps := [][]float64{
		{100, 200, 300, math.NaN()},
		{200, 100, 300, 500},
		{50, math.Inf(1), 900, -1},
	}
	tau, frac := ProfileCurve(steps, 4)
	want := []struct{ tau, frac []float64 }{
		// ratios: 2, 2, 1 (problem 3 unsolved)
		{[]float64{1, 2, 4}, []float64{0.25, 0.75, 0.75}},
		// ratios: 4, 1, 1, 1
		{[]float64{1, 4, 4}, []float64{0.75, 1, 1}},
		// ratios: 1, 3, unsolved, unsolved
		{[]float64{1, 3, 4}, []float64{0.25, 0.5, 0.5}},
	}
	for m := range want {
		if !floatsEq(tau[m], want[m].tau) || !floatsEq(frac[m], want[m].frac) {
			t.Errorf("method %d: tau %v frac %v, want %v %v", m, tau[m], frac[m], want[m].tau, want[m].frac)
		}
	}
	x, y := stairs([]float64{1, 2, 4}, []float64{0.25, 0.75, 0.75})
	if !floatsEq(x, []float64{1, 2, 2, 4, 4}) || !floatsEq(y, []float64{0.25, 0.25, 0.75, 0.75, 0.75}) {
		t.Errorf("stairs: %v %v", x, y)
	}
	if tau, frac := ProfileCurve(nil, 0); len(tau) != 0 || len(frac) != 0 {
		t.Error("empty profile not empty")
	}
}

func floatsEq(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			return false
		}
	}
	return true
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lo, hi float64
		want   []string // labelled ticks that must be present
		count  int      // number of labelled ticks in range, 0 = at least 2
		ticker func(lo, hi float64) []gplot.Tick
	}{
		{"log2 full", math.Ldexp(1, -4), math.Ldexp(1, 14), []string{"2^{-4}", "2^{0}", "2^{4}", "2^{12}"}, 5, log2Ticks{maxLabels: 8}.Ticks},
		{"log2 full wide", math.Ldexp(1, -4), math.Ldexp(1, 14), []string{"2^{-4}", "2^{-2}", "2^{14}"}, 10, log2Ticks{maxLabels: 10}.Ticks},
		{"log2 few", 0.25, 4, []string{"2^{-2}", "2^{-1}", "2^{0}", "2^{1}", "2^{2}"}, 5, log2Ticks{maxLabels: 8}.Ticks},
		{"log2 narrow", 1.1, 1.9, nil, 0, log2Ticks{}.Ticks},
		{"log10 decades", 1e-6, 1e2, []string{"10^{-6}", "0.01", "100"}, 0, log10Ticks{maxLabels: 6}.Ticks},
		{"log10 two decades", 0.08, 2.2, []string{"0.1", "0.2", "0.5", "1", "2"}, 5, log10Ticks{}.Ticks},
		{"log10 sub-decade", 0.25, 0.45, []string{"0.3", "0.4"}, 2, log10Ticks{}.Ticks},
		{"log10 tiny range", 0.31, 0.39, nil, 0, log10Ticks{}.Ticks},
		{"linear", 0, 9.7, []string{"0", "2", "4", "6", "8"}, 5, linearTicks{maxLabels: 6}.Ticks},
		{"linear negative", -0.013, 0.002, []string{"-0.010", "0.000"}, 0, linearTicks{maxLabels: 4}.Ticks},
		{"linear huge", 0, 3e7, []string{"1×10^{7}", "3×10^{7}"}, 0, linearTicks{maxLabels: 4}.Ticks},
	} {
		ticks := tc.ticker(tc.lo, tc.hi)
		got := map[string]bool{}
		n := 0
		for _, tk := range ticks {
			if tk.Label != "" && tk.Value >= tc.lo-1e-12 && tk.Value <= tc.hi+1e-12 {
				got[tk.Label] = true
				n++
			}
		}
		if tc.count == 0 && n < 2 || tc.count > 0 && n != tc.count {
			t.Errorf("%s: %d labelled ticks in range: %v", tc.name, n, got)
		}
		for _, w := range tc.want {
			if !got[w] && !(w == "0.000" && got["0"]) {
				t.Errorf("%s: no tick labelled %q in %v", tc.name, w, got)
			}
		}
	}
	for _, r := range [][2]float64{{0, 0}, {1, 0}, {math.NaN(), 1}, {-1, 1}} {
		if len(log10Ticks{}.Ticks(r[0], r[1])) != 0 || len(log2Ticks{}.Ticks(r[0], r[1])) != 0 {
			t.Errorf("log ticks for invalid range %v", r)
		}
	}
}

func TestParseRich(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []run
	}{
		{"2^{-4}", []run{{"2", false}, {"-4", true}}},
		{"a^b", []run{{"a^b", false}}},
		{"x^{2} + y^{", []run{{"x", false}, {"2", true}, {" + y^{", false}}},
		{"", nil},
	} {
		got := parseRich(tc.in)
		if len(got) != len(tc.want) {
			t.Errorf("parseRich(%q) = %v, want %v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("parseRich(%q) = %v, want %v", tc.in, got, tc.want)
			}
		}
	}
}

// TestUnstableRings: marking a point unstable draws something (a ring).
func TestUnstableRings(t *testing.T) {
	render := func(unstable []float64) image.Image {
		p := outPath(t, "u")
		s := Series{Label: "A", X: []float64{0.5, 1, 2}, Y: []float64{0.3, 0.5, 0.4}, Unstable: unstable}
		if err := LRSensitivity(p, []Panel{{LogX: true, Series: []Series{s}}}, Options{Width: 480, Height: 360}); err != nil {
			t.Fatal(err)
		}
		return decode(t, p)
	}
	plain := render(nil)
	if samePixels(plain, render([]float64{2})) {
		t.Error("an unstable point is drawn like any other")
	}
}

// TestHugeRangeWithManyDivergedMarkers: values over hundreds of decades on
// a log axis, with diverged markers stacked at one rate (blow-ups that stay
// finite, as the non-finite divergence rule records them), still render.
func TestHugeRangeWithManyDivergedMarkers(t *testing.T) {
	var series []Series
	for i := range 7 {
		series = append(series, Series{Label: "beta-" + string(rune(48+i)), X: []float64{1, 2, 4}, Y: []float64{1e-7, 1e229, 1e-6}, Diverged: []float64{8}})
	}
	if err := LRSensitivity(outPath(t, "huge"), []Panel{{LogX: true, LogY: true, Series: series}}, Options{}); err != nil {
		t.Fatal(err)
	}
}
