package plot

import (
	"math"
	"testing"
)

func diagSeries(label string, scale float64, f func(step float64) float64) Series {
	s := Series{Label: label}
	for i := 1; i <= 30; i++ {
		x := float64(10 * i)
		y := scale * f(x)
		s.X, s.Y = append(s.X, x), append(s.Y, y)
		s.Lo, s.Hi = append(s.Lo, 0.9*y), append(s.Hi, 1.1*y)
	}
	return s
}

// diagPanels: two problems × the five quantities, as the report lays them out.
func diagPanels(shift float64) []Panel {
	var out []Panel
	for _, p := range []string{"letter", "cnn"} {
		out = append(out,
			Panel{Title: p + ": learning rate", YLabel: "lr", Series: []Series{
				diagSeries("sf-sgd", 1+shift, func(x float64) float64 { return math.Min(1, x/50) }),
				diagSeries("sgd-cosine", 0.5, func(x float64) float64 { return 0.5 * (1 + math.Cos(math.Pi*x/310)) })}},
			Panel{Title: p + ": c_k", YLabel: "c_k", Series: []Series{
				diagSeries("sf-sgd", 1, func(x float64) float64 { return 1 / x }),
				diagSeries("sgd-polyak", 1+shift, func(x float64) float64 { return 1 / x })}},
			Panel{Title: p + ": ‖x − z‖", YLabel: "‖x − z‖", Series: []Series{
				diagSeries("sf-sgd", 1e3+shift, math.Sqrt),
				diagSeries("sgd-polyak", 1, math.Log)}},
			Panel{Title: p + ": ‖y − x‖", YLabel: "‖y − x‖", Series: []Series{
				diagSeries("sf-sgd", 100, math.Sqrt),
				diagSeries("sgd-polyak", 1+shift, math.Log)}},
			Panel{Title: p + ": ‖g‖", YLabel: "‖g‖", Series: []Series{
				diagSeries("sf-sgd", 1+shift, func(x float64) float64 { return 2 + math.Sin(x/20) }),
				diagSeries("sgd-cosine", 1, func(x float64) float64 { return 2 + math.Cos(x/20) })}},
		)
	}
	return out
}

// TestDiagnosticsFigure renders the figure with a row per problem and a
// column per quantity: a real image of the default size, deterministic,
// different for different data.
func TestDiagnosticsFigure(t *testing.T) {
	opt := Options{Title: "diagnostics", Columns: 5}
	a, b, c := outPath(t, "a"), outPath(t, "b"), outPath(t, "c")
	for _, r := range []struct {
		path  string
		shift float64
	}{{a, 0}, {b, 0.3}, {c, 0}} {
		if err := Diagnostics(r.path, diagPanels(r.shift), opt); err != nil {
			t.Fatal(err)
		}
	}
	w, h := DefaultSize(10, 5)
	imgA := decode(t, a)
	checkImage(t, imgA, w, h)
	if samePixels(imgA, decode(t, b)) {
		t.Error("different data rendered to identical pixels")
	}
	if !samePixels(imgA, decode(t, c)) {
		t.Error("same data rendered to different pixels")
	}
}

// TestDiagnosticsChooseLogAxes: a panel whose values span two decades is
// drawn as Convergence draws it with a log y axis, one that does not as
// Convergence draws it with a linear one; LogY set is kept.
func TestDiagnosticsChooseLogAxes(t *testing.T) {
	wide := Panel{Title: "lr", YLabel: "lr", Series: []Series{diagSeries("sf", 1, func(x float64) float64 { return 1 / (x * x) })}}
	narrow := Panel{Title: "‖g‖", YLabel: "‖g‖", Series: []Series{diagSeries("sf", 1, func(x float64) float64 { return 2 + math.Sin(x) })}}
	forced := narrow
	forced.LogY = true
	for _, tc := range []struct {
		name string
		p    Panel
		log  bool
	}{{"wide", wide, true}, {"narrow", narrow, false}, {"forced", forced, true}} {
		t.Run(tc.name, func(t *testing.T) {
			d, c := outPath(t, "diagnostics"), outPath(t, "convergence")
			if err := Diagnostics(d, []Panel{tc.p}, Options{}); err != nil {
				t.Fatal(err)
			}
			want := tc.p
			want.LogY = tc.log
			if err := Convergence(c, []Panel{want}, Options{}); err != nil {
				t.Fatal(err)
			}
			if !samePixels(decode(t, d), decode(t, c)) {
				t.Errorf("not drawn with log y %v", tc.log)
			}
		})
	}
}

func TestSpansDecades(t *testing.T) {
	s := func(ys ...float64) []Series { return []Series{{Y: ys}} }
	for _, tc := range []struct {
		series []Series
		want   bool
	}{
		{s(1, 100), true},
		{s(1, 99), false},
		{s(0, -5, 1e-3, 1), true}, // zeros and negatives do not count
		{s(0, 0, 0), false},
		{s(math.NaN(), math.Inf(1), 2, 3), false},
		{append(s(1, 2), s(300)...), true}, // over every series of the panel
		{nil, false},
	} {
		if got := SpansDecades(tc.series, 2); got != tc.want {
			t.Errorf("%v: %v, want %v", tc.series, got, tc.want)
		}
	}
}
