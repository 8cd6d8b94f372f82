package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/internal/buildinfo"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/suites"
)

// diagSuite covers every form of optimizer: the fused kernels (SGD, AdamW),
// the reference x/y/z form, the wrapper, the baselines with a schedule and
// with averaging, on a convex problem and on a CNN with BatchNorm (whose
// evaluation recalibrates statistics), with a rate that diverges.
const diagSuite = `suite: d
problems:
  - {name: quad, kind: quadratic, options: {dim: 8, noise: 0.1}}
  - {name: cnn, kind: vision, options: {model: cnn, c1: 2, c2: 4, batch: 16, train_subset: 128}}
optimizers:
  - {kind: sf-sgd, hyper: {warmup_steps: 5}}
  - {kind: sf-adamw, hyper: {warmup_steps: 5}}
  - {kind: sf-sgd-reference}
  - {kind: sf-wrapper, base: {kind: sgd}}
  - {name: sgd-cosine, kind: sgd, schedule: {kind: cosine}}
  - {name: sgd-polyak, kind: sgd, averaging: {kind: polyak}}
  - {name: adamw-primal, kind: adamw, averaging: {kind: primal}}
lrs: [0.05, 1e30]
budget: {steps: 24}
eval: {every: 8`

func runDiag(t *testing.T, diagnostics bool, jobs int) map[string]record.Record {
	t.Helper()
	src := diagSuite + "}\n"
	if diagnostics {
		src = diagSuite + ", diagnostics: true}\n"
	}
	s, err := suites.Parse("d.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), s, Options{Dir: dir, Jobs: jobs}); err != nil {
		t.Fatal(err)
	}
	recs, _, err := record.Read(filepath.Join(dir, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]record.Record{}
	for _, r := range recs {
		out[fmt.Sprintf("%s/%s/%g", r.Problem, r.Optimizer, r.LR)] = r
	}
	return out
}

// results is a record as JSON without what diagnostics add or change
// (its id and settings, the flag, the points' diagnostics), timing and
// environment: what must be the same bit for bit with and without them.
func results(r record.Record) string {
	r.ID, r.SuiteSettings, r.Diagnostics = "", "", false
	r.Curve = slices.Clone(r.Curve)
	for i := range r.Curve {
		r.Curve[i].Diag = nil
	}
	return record.Canonical(r)
}

// TestDiagnosticsLeaveResultsBitIdentical: with eval: {diagnostics: true}
// every record's metrics, curves and outcome are those of the run without,
// bit for bit; each evaluation carries the quantities its optimizer has
// and no others; the values are the rate of the last step, 1/t for Polyak's
// weight, and the same whatever the number of workers.
func TestDiagnosticsLeaveResultsBitIdentical(t *testing.T) {
	plain, diag := runDiag(t, false, 2), runDiag(t, true, 1)
	if len(plain) != 28 || len(diag) != len(plain) {
		t.Fatalf("%d and %d records", len(plain), len(diag))
	}
	diverged := 0
	for key, a := range plain {
		b := diag[key]
		if results(a) != results(b) {
			t.Fatalf("%s: results differ with diagnostics:\n%s\n%s", key, results(a), results(b))
		}
		if a.Diagnostics || !b.Diagnostics || a.ID == b.ID {
			t.Errorf("%s: flags %v %v, ids %s %s", key, a.Diagnostics, b.Diagnostics, a.ID, b.ID)
		}
		if b.Status == record.StatusDiverged {
			diverged++
		}
		want := []string{"lr", "ck", "x_minus_z", "y_minus_x", "grad_norm"}
		if b.Optimizer == "sgd-cosine" {
			want = []string{"lr", "grad_norm"}
		}
		for _, pt := range b.Curve {
			if a.Curve[0].Diag != nil {
				t.Fatalf("%s: diagnostics recorded without being asked for", key)
			}
			var got []string
			for _, name := range record.DiagnosticNames {
				if _, ok := pt.Diag.Get(name); ok {
					got = append(got, name)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s step %d: has %v, want %v", key, pt.Step, got, want)
			}
			if b.Status == record.StatusDiverged {
				continue
			}
			lr, _ := pt.Diag.Get("lr")
			ck, _ := pt.Diag.Get("ck")
			g, _ := pt.Diag.Get("grad_norm")
			switch {
			case !(g > 0) || math.IsInf(float64(g), 0):
				t.Errorf("%s step %d: gradient norm %v", key, pt.Step, g)
			case b.Optimizer == "sf-sgd" && float64(lr) != b.LR: // warmup is over
				t.Errorf("%s step %d: lr %v, want %v", key, pt.Step, lr, b.LR)
			case b.Optimizer == "sgd-cosine" && !(float64(lr) < b.LR):
				t.Errorf("%s step %d: cosine lr %v not below %v", key, pt.Step, lr, b.LR)
			case b.Optimizer == "sgd-polyak" && math.Abs(float64(ck)-1/float64(pt.Step)) > 1e-15:
				t.Errorf("%s step %d: Polyak's weight %v, want 1/%d", key, pt.Step, ck, pt.Step)
			case b.Optimizer == "adamw-primal":
				if yx, _ := pt.Diag.Get("y_minus_x"); yx != 0 {
					t.Errorf("%s step %d: primal averaging trains at x, yet ‖y − x‖ = %v", key, pt.Step, yx)
				}
			}
		}
	}
	if diverged == 0 {
		t.Error("no run diverged: the test does not cover diagnostics at a divergence")
	}
	again := runDiag(t, true, 2)
	for key, r := range diag {
		if record.Canonical(r) != record.Canonical(again[key]) {
			t.Errorf("%s: -j 1 and -j 2 differ", key)
		}
	}
}

// TestCheckpointKeepsDiagnostics: a checkpoint's curve keeps its points'
// diagnostics exactly, absent quantities absent.
func TestCheckpointKeepsDiagnostics(t *testing.T) {
	dir := t.TempDir()
	ck := &checkpoint{Version: buildinfo.Version, ID: "c", Steps: 3, W: make([]float64, 3)}
	lr, g := record.Value(0.5), record.Value(math.NaN())
	ck.Curve = []record.Point{{Step: 1, Metrics: record.Metrics{"train_loss": 1}, Diag: &record.Diagnostics{LR: &lr, GradNorm: &g}},
		{Step: 2, Metrics: record.Metrics{"train_loss": 0.5}}}
	if err := ck.save(dir); err != nil {
		t.Fatal(err)
	}
	back, err := loadCheckpoint(dir, "c")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(ck.Curve)
	got, _ := json.Marshal(back.Curve)
	if string(got) != string(want) || back.Curve[1].Diag != nil || back.Curve[0].Diag.C != nil {
		t.Errorf("curve after the checkpoint %s, want %s", got, want)
	}
	if !reflect.DeepEqual(back.Curve[0].Metrics, ck.Curve[0].Metrics) || !strings.Contains(string(got), `"grad_norm":"NaN"`) {
		t.Errorf("curve after the checkpoint %s", got)
	}
}
