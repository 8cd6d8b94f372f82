package data

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFindDirFallsBackToTheEmbeddedFiles: outside a checkout and without
// SFBENCH_DATA, the data sets come from the binary, written once into the
// cache, byte for byte the shipped files; Export writes the same anywhere.
func TestFindDirFallsBackToTheEmbeddedFiles(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", "..", "data"))
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	t.Setenv("SFBENCH_DATA", "")
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	t.Chdir(t.TempDir())
	dir, err := FindDir()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dir, cache) {
		t.Fatalf("data dir %s is not in the cache %s", dir, cache)
	}
	if _, err := ReadText(filepath.Join(dir, AustenFile)); err != nil {
		t.Fatal(err)
	}
	for _, s := range Shipped {
		for _, f := range []string{s.Train, s.Test} {
			if f == "" {
				continue
			}
			want, err := os.ReadFile(filepath.Join(repo, f))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: the embedded copy differs from data/ (%v)", f, err)
			}
		}
	}
	// A second call finds the copy as it is.
	st, _ := os.Stat(filepath.Join(dir, AustenFile))
	again, err := FindDir()
	if err != nil || again != dir {
		t.Fatalf("second call: %s, %v", again, err)
	}
	if st2, _ := os.Stat(filepath.Join(dir, AustenFile)); !st2.ModTime().Equal(st.ModTime()) {
		t.Error("the copy was written again")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
