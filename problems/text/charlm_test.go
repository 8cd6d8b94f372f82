package text

import (
	"math"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/problems/nn"
)

func small() Options {
	return Options{Context: 8, DModel: 8, Heads: 2, Blocks: 1, MLPMult: 2, Batch: 2, ValFraction: 0.1, EvalWindows: 4}
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
	p := mustNew(t, small(), 1)
	w := make([]float64, p.Dim())
	p.Init(w)
	for _, step := range []int{0, 5} {
		// Some gradients are exactly zero (attention's key bias cancels in
		// the softmax); the floor keeps rounding noise of about 1e-11 in
		// their finite differences from counting as error.
		if e, i := problems.CheckGradient(p, w, step, 60, 4, 1e-4, 1e-6); e > 1e-5 {
			t.Errorf("step %d: coordinate %d has relative error %.2g", step, i, e)
		}
	}
}

func TestInitialLossNearUniform(t *testing.T) {
	p := mustNew(t, small(), 1)
	w := make([]float64, p.Dim())
	p.Init(w)
	m := p.Evaluate(w)
	uniform := math.Log(float64(p.c.vocab))
	if p.c.vocab < 60 || p.c.vocab > 100 {
		t.Errorf("vocabulary of %d symbols; the Austen corpus has about 80", p.c.vocab)
	}
	// He-uniform initialization of the output layer spreads the logits, so
	// the initial loss sits somewhat above the uniform prediction's.
	if l := m[problems.TestLoss]; !(l > 0.8*uniform && l < 1.5*uniform) {
		t.Errorf("initial validation loss %.3f nats/char, uniform is %.3f", l, uniform)
	}
	if math.Abs(m[TestBPC]-m[problems.TestLoss]/math.Ln2) > 1e-12 {
		t.Errorf("bits per char %v inconsistent with nats %v", m[TestBPC], m[problems.TestLoss])
	}
}

func TestMinibatchesReproducible(t *testing.T) {
	a := mustNew(t, small(), 1)
	b := mustNew(t, small(), 1)
	w := make([]float64, a.Dim())
	a.Init(w)
	g := make([]float64, a.Dim())
	l7 := a.LossGrad(w, g, 7)
	a.LossGrad(w, g, 8)
	if b.LossGrad(w, g, 7) != l7 || a.LossGrad(w, g, 7) != l7 {
		t.Error("the minibatch of step 7 is not a function of (seed, step)")
	}
	if a.LossGrad(w, g, 8) == l7 {
		t.Error("steps 7 and 8 drew the same windows")
	}
}

func TestTrainingLowersValidationLoss(t *testing.T) {
	o := small()
	o.Batch, o.EvalWindows = 8, 16
	p := mustNew(t, o, 1)
	w := make([]float64, p.Dim())
	g := make([]float64, p.Dim())
	p.Init(w)
	before := p.Evaluate(w)[problems.TestLoss]
	// Adam-like normalized steps would be faster; plain SGD suffices to see
	// the loss fall below the unigram level.
	for k := range 300 {
		p.LossGrad(w, g, k)
		for i := range w {
			w[i] -= 0.5 * g[i]
		}
	}
	after := p.Evaluate(w)[problems.TestLoss]
	if !(after < before-0.5) {
		t.Errorf("validation loss %.3f → %.3f nats/char after 300 steps", before, after)
	}
}

func TestBadOptions(t *testing.T) {
	cases := []struct {
		set  func(*Options)
		want string
	}{
		{func(o *Options) { o.Heads = 3 }, "heads (3) must divide d_model (8)"},
		{func(o *Options) { o.ValFraction = 0.6 }, "val_fraction"},
		{func(o *Options) { o.Batch = 0 }, "must be >= 1"},
		{func(o *Options) { o.EvalWindows = 0 }, "eval_windows"},
		{func(o *Options) { o.Precision = "float16" }, "precision must be float64 or float32"},
	}
	for _, c := range cases {
		o := small()
		c.set(&o)
		if _, err := New(o, 1); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error containing %q", err, c.want)
		}
	}
}

// TestFloat32 checks precision: float32: the gradient against central
// differences of the float32 loss (h = 2e-3, where the rounding noise of a
// float32 loss of ~4 nats is ~1e-4 in the difference, hence the floor 1e-2
// and tolerance 3e-2; see nn's models32_test.go), that training lowers the loss as in float64, and
// that the default options do not name a precision (so cells that do not
// set it keep their ids).
func TestFloat32(t *testing.T) {
	o := small()
	o.Precision = nn.Float32
	p := mustNew(t, o, 1)
	w := make([]float64, p.Dim())
	p.Init(w)
	for _, step := range []int{0, 5} {
		if e, i := problems.CheckGradient(p, w, step, 60, 4, 2e-3, 1e-2); e > 3e-2 {
			t.Errorf("step %d: coordinate %d has relative error %.2g", step, i, e)
		}
	}
	o.Batch, o.EvalWindows = 8, 16
	p = mustNew(t, o, 1)
	g := make([]float64, p.Dim())
	p.Init(w)
	before := p.Evaluate(w)[problems.TestLoss]
	for k := range 300 {
		p.LossGrad(w, g, k)
		for i := range w {
			w[i] -= 0.5 * g[i]
		}
	}
	if after := p.Evaluate(w)[problems.TestLoss]; !(after < before-0.5) {
		t.Errorf("float32: validation loss %.3f → %.3f nats/char after 300 steps", before, after)
	}
	b, err := yaml.Marshal(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "precision") {
		t.Errorf("default options encode a precision:\n%s", b)
	}
}
