//go:build unix

package record

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestShareDir: readers share a folder's lock, and are refused while a
// writer of another process holds it (simulated by a flock not taken
// through LockDir); a folder without a lock file is read without one, and
// this process's own lock does not stand in its way.
func TestShareDir(t *testing.T) {
	dir := t.TempDir()
	release, err := ShareDir(dir)
	if err != nil {
		t.Fatalf("no lock file: %v", err)
	}
	release()
	if _, err := os.Stat(filepath.Join(dir, LockFile)); err == nil {
		t.Error("ShareDir created a lock file")
	}
	f, err := os.Create(filepath.Join(dir, LockFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r1, err1 := ShareDir(dir)
	r2, err2 := ShareDir(dir)
	if err1 != nil || err2 != nil {
		t.Fatalf("two readers: %v, %v", err1, err2)
	}
	if _, err := LockDir(dir); err == nil {
		t.Error("a writer locked a folder two readers hold")
	}
	r1()
	r2()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	if _, err := ShareDir(dir); err == nil || !strings.Contains(err.Error(), "is in use by another sfbench") {
		t.Errorf("reader beside another process's writer: %v", err)
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	unlock, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if release, err := ShareDir(dir); err != nil {
		t.Errorf("reading a folder this process writes: %v", err)
	} else {
		release()
	}
	unlock()
}
