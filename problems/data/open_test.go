//go:build unix

package data

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOpenRefusesNonRegularFiles: a FIFO would block the open forever and a
// device reads without end; both are refused before opening, naming the path.
func TestOpenRefusesNonRegularFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "data.libsvm")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for _, path := range []string{fifo, "/dev/zero", t.TempDir()} {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		_, err := Open(path)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: got %v, want a 'not a regular file' error naming it", path, err)
		}
		if _, err := ReadIDX(path); err == nil {
			t.Errorf("ReadIDX(%s) read it", path)
		}
	}
}
