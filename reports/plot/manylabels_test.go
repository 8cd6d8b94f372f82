package plot

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestManyLabels: up to MaxLabels labels differ in colour, the second half
// also in dashes; beyond, the rest are left out (and the panel says so)
// rather than drawn in repeated colours.
func TestManyLabels(t *testing.T) {
	var labels []string
	var series []Series
	for i := range 20 {
		l := fmt.Sprintf("opt-%02d", i)
		labels = append(labels, l)
		series = append(series, Series{Label: l, X: []float64{1, 2, 3}, Y: []float64{float64(i), float64(i) + 1, float64(i) + 3}})
	}
	pal := NewPalette(labels...)
	seen := map[string]bool{}
	for i, l := range labels[:MaxLabels] {
		key := fmt.Sprint(pal.Color(l), pal.Dashed(l))
		if seen[key] {
			t.Errorf("%s looks like an earlier label (%s)", l, key)
		}
		seen[key] = true
		if want := i >= len(Colors)/2; pal.Dashed(l) != want || !pal.shown(l) {
			t.Errorf("%s: dashed %v, shown %v", l, pal.Dashed(l), pal.shown(l))
		}
	}
	for _, l := range labels[MaxLabels:] {
		if pal.shown(l) {
			t.Errorf("%s beyond MaxLabels is drawn", l)
		}
	}
	dir := os.Getenv("SFBENCH_PLOT_OUT")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := Convergence(filepath.Join(dir, "many.png"), []Panel{{Title: "20 optimizers", Series: series}}, Options{Palette: pal}); err != nil {
		t.Fatal(err)
	}
}
