package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/cli"
	"github.com/sfbench/sfbench/record"
)

// sfbench runs the example's command line (main's cli.Main, with signum
// registered by init) and returns its exit code and output.
func sfbench(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = cli.Main(&out, &errb, args)
	return code, out.String(), errb.String()
}

// TestSweep runs suite.yaml into a temporary folder: every cell of both
// kinds finishes, signum's records carry its settings and are not
// schedule-free, sf-adamw's are, both learn (letter has 26 classes), and
// the report's table has a signum column.
func TestSweep(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := sfbench("run", "-j", "2", "-o", dir, "suite.yaml")
	if code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, stdout, stderr)
	}
	recs, _, err := record.Read(filepath.Join(dir, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range recs {
		count[r.OptimizerKind]++
		if r.Status != record.StatusOK || r.ScheduleFree == nil || *r.ScheduleFree != (r.OptimizerKind == "sf-adamw") {
			t.Errorf("%s: status %s, schedule_free %v", r.ID, r.Status, r.ScheduleFree)
		}
		if r.OptimizerKind == "signum" && r.Hyper["beta"] != 0.9 {
			t.Errorf("%s: hyper %v, want beta 0.9", r.ID, r.Hyper)
		}
		if acc := r.Final["test_acc"]; !(acc > 0.3) {
			t.Errorf("%s: test accuracy %v", r.ID, acc)
		}
	}
	if count["signum"] != 6 || count["sf-adamw"] != 6 || len(recs) != 12 {
		t.Errorf("records per kind %v, want 6 of signum and 6 of sf-adamw (3 rates × 2 seeds)", count)
	}
	table, err := os.ReadFile(filepath.Join(dir, "table.md"))
	header, _, _ := strings.Cut(string(table), "\n")
	if err != nil || !strings.Contains(header, " signum ") {
		t.Errorf("table.md (%v):\n%s", err, table)
	}
}

// TestBadSetting: a suite giving signum a beta out of range is refused
// at its line, as a built-in kind's would be.
func TestBadSetting(t *testing.T) {
	suite := filepath.Join(t.TempDir(), "bad.yaml")
	err := os.WriteFile(suite, []byte(`suite: bad
problems: [{kind: quadratic}]
optimizers:
  - kind: signum
    hyper: {beta: 1}
lrs: [0.1]
budget: {steps: 10}
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := sfbench("run", "-dry-run", suite)
	if want := suite + ":5: "; code != 2 || stdout != "" || !strings.Contains(stderr, want) || !strings.Contains(stderr, "beta must be in [0, 1)") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, want)
	}
}

// TestStateRoundTrip: a Signum restored from MarshalBinary continues
// bit-identically, as a checkpointed run needs.
func TestStateRoundTrip(t *testing.T) {
	a := &Signum{lr: 0.1, beta: 0.9}
	w := []float64{1, -2, 3}
	for _, g := range [][]float64{{1, 1, -1}, {-3, 0.5, 0}} {
		a.Step(w, g)
	}
	state, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b := &Signum{lr: 0.1, beta: 0.9}
	if err := b.UnmarshalBinary(state); err != nil {
		t.Fatal(err)
	}
	wb := append([]float64(nil), w...)
	g := []float64{2, -0.1, 0.25}
	a.Step(w, g)
	b.Step(wb, g)
	if a.Steps() != 3 || b.Steps() != 3 || !slices.Equal(w, wb) {
		t.Errorf("after restoring: steps %d and %d, w %v and %v", a.Steps(), b.Steps(), w, wb)
	}
}
