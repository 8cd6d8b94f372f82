// Package golden compares what a test produced with a golden file, or
// rewrites the file when the tests run with -update. Every package with
// golden files uses it, so one flag and one way of showing a difference
// serve them all:
//
//	golden.Check(t, "testdata/report.md", got) // go test -update rewrites it
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files instead of comparing with them")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Check compares got with the file at path (relative to the test's
// package); with -update it writes got there instead (making its folder).
// A difference is reported with the first line that differs and both
// texts in full.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it) %s:\n--- got\n%s--- want\n%s", path, firstDiff(got, want), got, want)
	}
}

// firstDiff says at which line got and want first differ.
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) && i < len(w); i++ {
		if !bytes.Equal(g[i], w[i]) {
			return fmt.Sprintf("from line %d: got %q, want %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("in length: %d lines, want %d", len(g), len(w))
}
