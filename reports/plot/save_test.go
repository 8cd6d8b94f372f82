//go:build unix

package plot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSaveNeverWritesThroughLinks: a figure whose path is a symbolic link
// is refused and the link's target untouched; a stale regular file (a
// temporary file left by a killed report) is replaced.
func TestSaveNeverWritesThroughLinks(t *testing.T) {
	series := []Series{{Label: "a", X: []float64{1, 2, 3}, Y: []float64{3, 2, 1}}}
	panels := []Panel{{Title: "p", XLabel: "step", YLabel: "loss", Series: series}}
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("precious"), 0o644)
	link := filepath.Join(dir, "convergence.png.tmp.png")
	os.Symlink(victim, link)
	if err := Convergence(link, panels, Options{}); err == nil || !strings.Contains(err.Error(), link+" is not a regular file") {
		t.Errorf("through a link: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("the link's target became %d bytes", len(b))
	}
	stale := filepath.Join(dir, "stale.png")
	os.WriteFile(stale, []byte("partial"), 0o644)
	if err := Convergence(stale, panels, Options{}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(stale); len(b) < 100 || string(b[1:4]) != "PNG" {
		t.Errorf("the stale file was not replaced by a PNG (%d bytes)", len(b))
	}
}
