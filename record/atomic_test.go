//go:build unix

package record

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoWriteThroughLinks: the writers of an output folder refuse a
// symbolic link where they write, and the file it points to is untouched.
func TestNoWriteThroughLinks(t *testing.T) {
	const victimText = "a user's file\nnot results" // no final newline: looks torn
	cases := []struct {
		name  string
		entry string // the link, inside the folder
		write func(dir string) error
	}{
		{"results appended", FileName, func(dir string) error {
			w, err := Append(filepath.Join(dir, FileName), 0)
			if err == nil {
				w.Close()
			}
			return err
		}},
		{"temporary file", "table.md.tmp", func(dir string) error {
			return WriteAtomic(filepath.Join(dir, "table.md"), func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err })
		}},
		{"exclusive create", "x.png.tmp.png", func(dir string) error {
			f, err := CreateExclusive(filepath.Join(dir, "x.png.tmp.png"))
			if err == nil {
				f.Close()
			}
			return err
		}},
		{"checkpoint read", "c.ckpt", func(dir string) error {
			_, err := ReadNoFollow(filepath.Join(dir, "c.ckpt"))
			return err
		}},
		{"lock file", LockFile, func(dir string) error {
			unlock, err := LockDir(dir)
			if err == nil {
				unlock()
			}
			return err
		}},
	}
	for _, c := range cases {
		dir, elsewhere := t.TempDir(), t.TempDir()
		victim := filepath.Join(elsewhere, "victim")
		os.WriteFile(victim, []byte(victimText), 0o600)
		link := filepath.Join(dir, c.entry)
		if err := os.Symlink(victim, link); err != nil {
			t.Fatal(err)
		}
		err := c.write(dir)
		if err == nil || !strings.Contains(err.Error(), link+" is a symbolic link") {
			t.Errorf("%s: got %v, want an error naming the link", c.name, err)
		}
		if b, _ := os.ReadFile(victim); string(b) != victimText {
			t.Errorf("%s: the link's target became %q", c.name, b)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s: the link was replaced", c.name)
		}
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	os.WriteFile(path, []byte("old"), 0o644)
	// A stale temporary file (a killed writer) is replaced.
	os.WriteFile(path+".tmp", []byte("stale and longer"), 0o644)
	if err := WriteAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("got %q", b)
	}
	// A failed write leaves the old file and no temporary file.
	boom := errors.New("disk full")
	err := WriteAtomic(path, func(w io.Writer) error {
		w.Write(make([]byte, 200<<10)) // past the buffer: on disk already
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("got %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("a failed write changed the file: %q", b)
	}
	if _, err := os.Lstat(path + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("a failed write left its temporary file: %v", err)
	}
	// Something else than a regular file where the temporary goes.
	os.Mkdir(path+".tmp", 0o755)
	if err := WriteAtomic(path, func(io.Writer) error { return nil }); err == nil || !strings.Contains(err.Error(), "is not a regular file") {
		t.Errorf("got %v", err)
	}
}

func TestLockDirIsExclusive(t *testing.T) {
	dir := t.TempDir()
	unlock, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockDir(dir); err == nil || !strings.Contains(err.Error(), "in use by another sfbench run") {
		t.Errorf("second lock: %v", err)
	}
	unlock()
	again, err := LockDir(dir)
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	again()
}
