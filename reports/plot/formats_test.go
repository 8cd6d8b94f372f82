package plot

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFigureFormats: the same figure as PNG, SVG and PDF, chosen by the
// extension; another extension is refused and nothing written.
func TestFigureFormats(t *testing.T) {
	series := []Series{{Label: "sf-adamw", X: []float64{1, 2, 3}, Y: []float64{3, 2, 1}, Lo: []float64{2.5, 1.5, 0.5}, Hi: []float64{3.5, 2.5, 1.5}}}
	panels := []Panel{{Title: "letter", XLabel: "step", YLabel: "loss", Series: series}}
	dir := t.TempDir()
	for _, tc := range []struct{ ext, magic, holds string }{
		{".png", "\x89PNG", ""},
		{".svg", "<?xml", "<svg"},
		{".pdf", "%PDF", "/FontFile"},
	} {
		t.Run(tc.ext, func(t *testing.T) {
			path := filepath.Join(dir, "convergence"+tc.ext)
			if err := Convergence(path, panels, Options{Title: "t"}); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte(tc.magic)) || !bytes.Contains(b, []byte(tc.holds)) {
				t.Errorf("%d bytes starting %q", len(b), b[:min(len(b), 16)])
			}
		})
	}
	bad := filepath.Join(dir, "convergence.gif")
	if err := Convergence(bad, panels, Options{}); err == nil || !strings.Contains(err.Error(), `unknown figure format ".gif"`) {
		t.Errorf("gif: %v", err)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("a refused format left a file: %v", err)
	}
}
