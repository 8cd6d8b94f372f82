package vision

import (
	"math"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/problems/nn"
)

func small(model string) Options {
	o := DefaultOptions()
	o.Model, o.Hidden, o.C1, o.C2, o.Batch = model, 16, 2, 4, 8
	return o
}

func mustNew(t *testing.T, o Options, seed uint64) *Problem {
	t.Helper()
	p, err := New(o, seed)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGradientMatchesFiniteDifferences(t *testing.T) {
	for _, model := range []string{"mlp", "cnn"} {
		p := mustNew(t, small(model), 1)
		w := make([]float64, p.Dim())
		p.Init(w)
		for _, step := range []int{0, 7} {
			if e, i := problems.CheckGradient(p, w, step, 40, 2, 1e-5, 1e-7); e > 1e-5 {
				t.Errorf("%s step %d: coordinate %d has relative error %.2g", model, step, i, e)
			}
		}
	}
}

func TestTrainingLearns(t *testing.T) {
	for _, model := range []string{"mlp", "cnn"} {
		o := small(model)
		o.Hidden, o.C1, o.C2, o.Batch = 64, 8, 16, 32
		p := mustNew(t, o, 1)
		w0 := make([]float64, p.Dim())
		p.Init(w0)
		before := p.Evaluate(w0)
		w := problems.TrainSGD(p, 0.2, 400)
		p.Recalibrate(w)
		after := p.Evaluate(w)
		if !(after[problems.TestAcc] > 0.85 && after[problems.TrainLoss] < before[problems.TrainLoss]/3) {
			t.Errorf("%s: test accuracy %.3f, train loss %.3f (from %.3f)", model, after[problems.TestAcc], after[problems.TrainLoss], before[problems.TrainLoss])
		}
	}
}

// TestRecalibrate: evaluating a CNN at a point other than the one training
// ran at needs its BatchNorm statistics recomputed there, and recomputing is
// deterministic.
func TestRecalibrate(t *testing.T) {
	p := mustNew(t, small("cnn"), 1)
	w := problems.TrainSGD(p, 0.1, 50)
	stale := p.Evaluate(w)
	p.Recalibrate(w)
	fresh := p.Evaluate(w)
	p.Recalibrate(w)
	again := p.Evaluate(w)
	if stale[problems.TrainLoss] == fresh[problems.TrainLoss] {
		t.Error("recalibrating did not change the evaluation")
	}
	if fresh[problems.TrainLoss] != again[problems.TrainLoss] {
		t.Error("recalibrating twice gave different statistics")
	}
	// The MLP has no BatchNorm: recalibrating changes nothing.
	m := mustNew(t, small("mlp"), 1)
	wm := problems.TrainSGD(m, 0.1, 20)
	a := m.Evaluate(wm)
	m.Recalibrate(wm)
	if b := m.Evaluate(wm); a[problems.TrainLoss] != b[problems.TrainLoss] {
		t.Error("recalibrating the MLP changed its evaluation")
	}
}

func TestDeterministic(t *testing.T) {
	a := problems.TrainSGD(mustNew(t, small("cnn"), 3), 0.1, 30)
	b := problems.TrainSGD(mustNew(t, small("cnn"), 3), 0.1, 30)
	c := problems.TrainSGD(mustNew(t, small("cnn"), 4), 0.1, 30)
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("same seed, different parameter %d", i)
		}
	}
	if a[0] == c[0] && a[len(a)-1] == c[len(c)-1] {
		t.Error("different seeds gave the same run")
	}
}

func TestLossGradDoesNotAllocate(t *testing.T) {
	p := mustNew(t, small("cnn"), 1)
	w := make([]float64, p.Dim())
	g := make([]float64, p.Dim())
	p.Init(w)
	step := 0
	if a := testing.AllocsPerRun(20, func() { p.LossGrad(w, g, step); step++ }); a != 0 {
		t.Errorf("%v allocations per step", a)
	}
}

func TestBadOptions(t *testing.T) {
	cases := []struct {
		set  func(*Options)
		want string
	}{
		{func(o *Options) { o.Model = "resnet" }, `unknown model "resnet"`},
		{func(o *Options) { o.Dataset = "cifar" }, `unknown dataset "cifar"`},
		{func(o *Options) { o.Batch = 0 }, "batch must be >= 1"},
		{func(o *Options) { o.TestFraction = 1 }, "test_fraction"},
		{func(o *Options) { o.C1 = 0 }, "c1 and c2"},
		{func(o *Options) { o.Model = "mlp"; o.Hidden = 0 }, "hidden must be >= 1"},
		{func(o *Options) { o.RecalibrateBatches = -1 }, "recalibrate_batches must be >= 0"},
		{func(o *Options) { o.RecalibrateBatches = 1000 }, "recalibrate_batches 1000 × batch 32 is 32000 images, more than the"},
		{func(o *Options) { o.Model = "mlp"; o.RecalibrateBatches = 2 }, "recalibrate_batches is for the cnn (the mlp has no BatchNorm)"},
	}
	for _, c := range cases {
		o := DefaultOptions()
		c.set(&o)
		if _, err := New(o, 1); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error containing %q", err, c.want)
		}
	}
}

// TestStateRestoresEvaluation: after SetState(State()) on a fresh problem
// the evaluation (which uses the running statistics) is identical.
func TestStateRestoresEvaluation(t *testing.T) {
	a := mustNew(t, small("cnn"), 1)
	w := problems.TrainSGD(a, 0.1, 30)
	want := a.Evaluate(w)
	b := mustNew(t, small("cnn"), 1)
	if b.Evaluate(w)[problems.TrainLoss] == want[problems.TrainLoss] {
		t.Fatal("a fresh problem evaluates like a trained one: the test cannot tell")
	}
	if err := b.SetState(a.State()); err != nil {
		t.Fatal(err)
	}
	if got := b.Evaluate(w); got[problems.TrainLoss] != want[problems.TrainLoss] {
		t.Errorf("restored evaluation %v, want %v", got, want)
	}
	if err := b.SetState([]byte{1, 2}); err == nil {
		t.Error("a short state was accepted")
	}
}

// TestFloat32 checks precision: float32: the gradient against central
// differences of the float32 loss (h = 1e-2, tolerance 3e-2 relative: see
// nn's models32_test.go for the float32 finite-difference error), that both
// models still learn, that the CNN's BatchNorm state round-trips, and that
// a bad precision is refused.
func TestFloat32(t *testing.T) {
	o := small("mlp")
	o.Precision = nn.Float32
	p := mustNew(t, o, 1)
	w := make([]float64, p.Dim())
	p.Init(w)
	if e, i := problems.CheckGradient(p, w, 3, 40, 2, 1e-2, 1e-3); e > 3e-2 {
		t.Errorf("mlp float32: coordinate %d has relative error %.2g", i, e)
	}
	for _, model := range []string{"mlp", "cnn"} {
		o := small(model)
		o.Hidden, o.C1, o.C2, o.Batch, o.Precision = 64, 8, 16, 32, nn.Float32
		p := mustNew(t, o, 1)
		w := problems.TrainSGD(p, 0.2, 400)
		p.Recalibrate(w)
		after := p.Evaluate(w)
		if !(after[problems.TestAcc] > 0.85) {
			t.Errorf("%s float32: test accuracy %.3f", model, after[problems.TestAcc])
		}
		if model == "cnn" {
			st := p.State()
			if len(st) == 0 {
				t.Fatal("cnn float32: no BatchNorm state")
			}
			q := mustNew(t, o, 1)
			if err := q.SetState(st); err != nil {
				t.Fatal(err)
			}
			if a, b := p.Evaluate(w)[problems.TestLoss], q.Evaluate(w)[problems.TestLoss]; a != b {
				t.Errorf("cnn float32: test loss %v after restoring the state, want %v", b, a)
			}
		}
	}
	o.Precision = "float16"
	if _, err := New(o, 1); err == nil || !strings.Contains(err.Error(), "precision") {
		t.Errorf("precision float16: error %v", err)
	}
}

// TestPrecisionOmitted: the default options do not name a precision, so
// cells of suites that do not set it keep their ids and records.
func TestPrecisionOmitted(t *testing.T) {
	b, err := yaml.Marshal(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"precision", "recalibrate_batches"} {
		if strings.Contains(string(b), key) {
			t.Errorf("default options encode %s:\n%s", key, b)
		}
	}
}

// recalibrate_batches: the statistics over a seed's fixed subset of
// batches × batch images, the same on every call and for every optimizer
// on that seed, different from the whole set's; as many images as the
// training set is the whole set.
func TestRecalibrateBatches(t *testing.T) {
	o := small("cnn")
	full := mustNew(t, o, 1)
	w := problems.TrainSGD(full, 0.1, 50)
	full.Recalibrate(w)
	all := full.Evaluate(w)
	o.RecalibrateBatches = 2
	sub := mustNew(t, o, 1)
	sub.Recalibrate(w)
	some := sub.Evaluate(w)
	if len(sub.recal) != 2*o.Batch*sub.train.D {
		t.Errorf("recalibrates over %d values, want 2 batches of %d images", len(sub.recal), o.Batch)
	}
	if some[problems.TrainLoss] == all[problems.TrainLoss] {
		t.Error("16 images gave the whole set's statistics")
	}
	again := mustNew(t, o, 1)
	again.Recalibrate(w)
	if a := again.Evaluate(w); a[problems.TrainLoss] != some[problems.TrainLoss] {
		t.Error("the same seed recalibrated over other images")
	}
	o.TrainSubset, o.RecalibrateBatches = 64, 64/o.Batch
	if whole := mustNew(t, o, 1); whole.train.N != 64 || &whole.recal[0] != &whole.train.X[0] {
		t.Errorf("all %d images are not the whole set", whole.train.N)
	}
}
