package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/cli"
	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/record"
)

// sfbench runs the example's command line (main's cli.Main, with
// rosenbrock registered by init) and returns its exit code and output.
func sfbench(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = cli.Main(&out, &errb, args)
	return code, out.String(), errb.String()
}

// TestSweep runs suite.yaml into a temporary folder: 3 rates × 2 seeds of
// each optimizer on rosenbrock are recorded, the initial gap is the
// function at the start point, each optimizer's best run closes 99.9% of
// that gap, and the report's table has a rosenbrock row.
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
	count, best := map[string]int{}, map[string]float64{}
	for _, r := range recs {
		count[r.OptimizerKind]++
		if r.ProblemKind != "rosenbrock" || r.Initial["gap"] < 1000 {
			t.Errorf("%s: problem kind %s, initial gap %v", r.ID, r.ProblemKind, r.Initial["gap"])
		}
		gap := float64(r.Final["gap"] / r.Initial["gap"])
		if b, ok := best[r.OptimizerKind]; r.Status == record.StatusOK && (!ok || gap < b) {
			best[r.OptimizerKind] = gap
		}
	}
	if count["sf-sgd"] != 6 || count["sgd"] != 6 || len(recs) != 12 {
		t.Errorf("records per kind %v, want 6 of sf-sgd and 6 of sgd (3 rates × 2 seeds)", count)
	}
	for _, kind := range []string{"sf-sgd", "sgd"} {
		if gap, ok := best[kind]; !ok || !(gap < 1e-3) {
			t.Errorf("%s: best final gap %v of the initial one (finished: %v)", kind, gap, ok)
		}
	}
	table, err := os.ReadFile(filepath.Join(dir, "table.md"))
	if err != nil || !strings.Contains(string(table), "\n| rosenbrock |") {
		t.Errorf("table.md (%v):\n%s", err, table)
	}
}

// TestList: the program lists rosenbrock as its only problem, and the
// embedded suite (which names families it does not link) as not runnable.
func TestList(t *testing.T) {
	code, stdout, stderr := sfbench("list")
	problemsPart, _, _ := strings.Cut(stdout, "optimizers")
	if code != 0 || strings.Count(problemsPart, "\n  ") != 2 || !strings.Contains(problemsPart, "\n  rosenbrock ") {
		t.Errorf("list: exit %d, stderr %q, problems:\n%s", code, stderr, problemsPart)
	}
	if !strings.Contains(stdout, "\n  smoke                  not runnable in this program: ") {
		t.Errorf("list does not mark smoke as not runnable:\n%s", stdout)
	}
}

// TestBadOptions: options NewRosenbrock refuses are refused by the suite
// at their line, before anything runs.
func TestBadOptions(t *testing.T) {
	suite := filepath.Join(t.TempDir(), "bad.yaml")
	err := os.WriteFile(suite, []byte(`suite: bad
problems:
  - kind: rosenbrock
    options: {dim: 1}
optimizers: [{kind: sgd}]
lrs: [0.1]
budget: {steps: 10}
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := sfbench("run", "-dry-run", suite)
	if want := suite + ":4: "; code != 2 || stdout != "" || !strings.Contains(stderr, want) || !strings.Contains(stderr, "dim must be >= 2") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, want)
	}
}

// TestGradient checks the hand-written gradient against finite
// differences (without noise), and that the minimum is 0 at (1, …, 1).
func TestGradient(t *testing.T) {
	p, err := NewRosenbrock(RosenbrockOptions{Dim: 7}, 3)
	if err != nil {
		t.Fatal(err)
	}
	w := make([]float64, p.Dim())
	p.Init(w)
	if worst, at := problems.CheckGradient(p, w, 0, p.Dim(), 1, 1e-6, 1e-8); worst > 1e-6 {
		t.Errorf("gradient off by %.1e at coordinate %d", worst, at)
	}
	for i := range w {
		w[i] = 1
	}
	g := make([]float64, p.Dim())
	if f := p.LossGrad(w, g, 0); f != 0 || slices.ContainsFunc(g, func(v float64) bool { return v != 0 }) {
		t.Errorf("at the minimum: f %v, gradient %v", f, g)
	}
}
