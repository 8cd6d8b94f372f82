package problems_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sfbench/sfbench/problems"
)

// allocated returns what f allocates, in bytes.
func allocated(f func()) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc - before.TotalAlloc)
}

// bigLIBSVM writes a classification file of rows×dim (dense values) with
// classes classes and returns its path.
func bigLIBSVM(t *testing.T, rows, dim, classes int) string {
	t.Helper()
	var b strings.Builder
	for i := range rows {
		fmt.Fprintf(&b, "%d", i%classes)
		for j := 1; j <= dim; j++ {
			fmt.Fprintf(&b, " %d:%d", j, (i*j)%7+1)
		}
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), fmt.Sprintf("big%dx%d.libsvm", rows, dim))
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPlanMatchesBuiltProblem: for every family and a range of options,
// Plan reports what the built problem has (dimension, metrics, batches
// per epoch), and its memory estimate covers what building allocates plus
// the run's vectors, without exceeding twice what planning and building
// allocate (loading uncached data included) and the run's vectors.
func TestPlanMatchesBuiltProblem(t *testing.T) {
	path := bigLIBSVM(t, 6000, 40, 5)
	cases := []struct{ kind, yaml string }{
		{"quadratic", "{}"},
		{"quadratic", "{dim: 300}"},
		{"quadratic", "{dim: 300, rotate: false}"},
		{"least-squares", "{}"},
		{"least-squares", "{test_fraction: 0, batch: 1000}"},
		{"synthetic-regression", "{}"},
		{"synthetic-regression", "{n: 20000, d: 60, batch: 7}"},
		{"softmax", "{dataset: iris}"},
		{"softmax", "{dataset: letter, validation: 0.1, batch: 64}"},
		{"softmax", "{path: " + path + ", validation: 0.2}"},
		{"logistic", "{dataset: dna, positive_class: 2}"},
		{"logistic", "{path: " + path + ", positive_class: 0, batch: 100}"},
		{"vision", "{}"},
		{"vision", "{model: mlp, hidden: 3000, batch: 64}"},
		{"vision", "{model: cnn, c1: 32, c2: 64, validation: 0.1, train_subset: 1000}"},
		{"charlm", "{}"},
		{"charlm", "{context: 128, d_model: 64, heads: 8, blocks: 3, batch: 8, eval_windows: 16, validation: 0.0123}"},
	}
	for _, c := range cases {
		name := c.kind + " " + c.yaml
		k, opts, err := problems.Configure(c.kind, yamlDecoder(c.yaml))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var plan problems.Plan
		planned := allocated(func() { plan, err = k.Plan(opts) })
		if err != nil {
			t.Errorf("%s: Plan: %v", name, err)
			continue
		}
		var p problems.Problem
		built := allocated(func() { p, err = k.New(opts, 3) })
		if err != nil {
			t.Errorf("%s: New: %v", name, err)
			continue
		}
		w := make([]float64, p.Dim())
		p.Init(w)
		metrics := slices.Sorted(maps.Keys(p.Evaluate(w)))
		if plan.Dim != float64(p.Dim()) || plan.BatchesPerEpoch != p.BatchesPerEpoch() || !slices.Equal(plan.Metrics, metrics) {
			t.Errorf("%s: planned dim %v, %d batches per epoch, metrics %v; built %d, %d, %v", name,
				plan.Dim, plan.BatchesPerEpoch, plan.Metrics, p.Dim(), p.BatchesPerEpoch(), metrics)
		}
		run := 8 * problems.RunVectors * float64(p.Dim())
		lo, hi := 0.9*(built+run), 2*(planned+built+run)+4<<20
		t.Logf("%s: estimate %.3g bytes; planning allocated %.3g, building %.3g, the run's vectors %.3g", name, plan.Memory, planned, built, run)
		if plan.Memory < lo || plan.Memory > hi {
			t.Errorf("%s: estimated %.3g bytes, want between %.3g and %.3g", name, plan.Memory, lo, hi)
		}
	}
}

// TestPlanRefusesWhatNewRefuses: for bad options Plan gives New's error,
// word for word.
func TestPlanRefusesWhatNewRefuses(t *testing.T) {
	oneClass := filepath.Join(t.TempDir(), "one.libsvm")
	os.WriteFile(oneClass, []byte("3 1:1\n3 1:2 2:1\n"), 0o644)
	for _, c := range []struct{ kind, yaml, want string }{
		{"quadratic", "{dim: 0}", "dim must be >= 1"},
		{"quadratic", "{noise: -1}", "noise must be >= 0"},
		{"least-squares", "{dataset: iris}", "classification set"},
		{"least-squares", "{test_fraction: 0.0001}", "leaves a part empty"},
		{"least-squares", "{batch: 0}", "batch must be >= 1"},
		{"synthetic-regression", "{n: 1}", "need n >= 2"},
		{"synthetic-regression", "{l2: -1}", "l2 must be >= 0"},
		{"softmax", "{dataset: diabetes}", "not a classification set"},
		{"softmax", "{path: " + oneClass + "}", oneClass + ": every row has label 3"},
		{"softmax", "{dataset: iris, batch: 200}", "batch 200 is larger than the 150 training rows"},
		{"softmax", "{dataset: iris, validation: 0.6}", "validation must be a fraction"},
		{"logistic", "{path: " + oneClass + "}", oneClass + ": every row has label 3"},
		{"logistic", "{dataset: iris}", "set positive_class"},
		{"vision", "{model: mlp, hidden: 0}", "hidden must be >= 1"},
		{"vision", "{model: rnn}", "unknown model"},
		{"vision", "{dataset: cifar}", "unknown dataset"},
		{"vision", "{batch: 2000}", "larger than the"},
		{"charlm", "{heads: 3}", "must divide d_model"},
		{"charlm", "{context: 100000000000}", "shorter than one window"},
	} {
		k, opts, err := problems.Configure(c.kind, yamlDecoder(c.yaml))
		if err != nil {
			t.Fatal(err)
		}
		_, perr := k.Plan(opts)
		_, nerr := k.New(opts, 0)
		if perr == nil || nerr == nil || perr.Error() != nerr.Error() || !strings.Contains(perr.Error(), c.want) {
			t.Errorf("%s %s: Plan: %v; New: %v; want the same error with %q", c.kind, c.yaml, perr, nerr, c.want)
		}
	}
}

// TestPlanOfHugeOptions: absurd sizes are planned in milliseconds, without
// overflow, as needing more memory than any machine has.
func TestPlanOfHugeOptions(t *testing.T) {
	for _, c := range []struct{ kind, yaml string }{
		{"quadratic", "{dim: 200000}"},
		{"quadratic", "{dim: 1000000000000000000}"},
		{"synthetic-regression", "{d: 200000}"},
		{"synthetic-regression", "{n: 1000000000000000000, d: 1000000000000000000}"},
		{"vision", "{model: mlp, hidden: 100000000}"},
		{"vision", "{model: cnn, c1: 1000000000000000000, c2: 1000000000000000000}"},
		{"charlm", "{context: 100000}"},
		{"charlm", "{d_model: 1000000000000000000, heads: 1, blocks: 1000000000000000000, mlp_mult: 1000000000000000000, batch: 1000000000000000000}"},
	} {
		k, opts, err := problems.Configure(c.kind, yamlDecoder(c.yaml))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		plan, err := k.Plan(opts)
		if err != nil {
			t.Errorf("%s %s: %v", c.kind, c.yaml, err)
			continue
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s %s: planned in %v", c.kind, c.yaml, d)
		}
		if !(plan.Memory > 1e11) || !(plan.Work > 0) {
			t.Errorf("%s %s: %.3g bytes, work %.3g", c.kind, c.yaml, plan.Memory, plan.Work)
		}
	}
}
