package convex

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/problems"
)

// build constructs a registered problem from its defaults changed by set.
func build[O any](t testing.TB, kind string, seed uint64, set func(*O)) problems.Problem {
	t.Helper()
	k, err := problems.Lookup(kind)
	if err != nil {
		t.Fatal(err)
	}
	opts := k.Options()
	set(opts.(*O))
	p, err := k.New(opts, seed)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type gradCase struct {
	name string
	p    problems.Problem
}

func gradCases(t *testing.T) []gradCase {
	return []gradCase{
		{"softmax iris", build(t, "softmax", 1, func(o *SoftmaxOptions) { o.Dataset = "iris"; o.InitScale = 0.5 })},
		{"softmax letter l2", build(t, "softmax", 2, func(o *SoftmaxOptions) { o.Dataset = "letter"; o.L2 = 0.01; o.InitScale = 0.3 })},
		{"logistic wine 1-vs-rest", build(t, "logistic", 3, func(o *LogisticOptions) { o.Dataset = "wine"; o.PositiveClass = 1; o.L2 = 0.1 })},
		{"least-squares diabetes", build(t, "least-squares", 4, func(o *LeastSquaresOptions) { o.L2 = 0.01 })},
		{"synthetic", build(t, "synthetic-regression", 5, func(o *SyntheticOptions) { o.Condition = 100 })},
		{"quadratic", build(t, "quadratic", 6, func(o *QuadraticOptions) { o.MinEig = 1e-3 })},
	}
}

// TestGradientsMatchFiniteDifferences checks every problem's gradient against
// central differences at random points and several minibatches.
func TestGradientsMatchFiniteDifferences(t *testing.T) {
	for _, c := range gradCases(t) {
		t.Run(c.name, func(t *testing.T) {
			n := c.p.Dim()
			rng := rand.New(rand.NewPCG(7, 7))
			w := make([]float64, n)
			g := make([]float64, n)
			wp := make([]float64, n)
			scratch := make([]float64, n)
			for _, step := range []int{0, 3, c.p.BatchesPerEpoch() + 1} {
				for i := range w {
					w[i] = 0.5 * rng.NormFloat64()
				}
				c.p.LossGrad(w, g, step)
				for trial := 0; trial < min(n, 40); trial++ {
					i := rng.IntN(n)
					const h = 1e-5
					copy(wp, w)
					wp[i] = w[i] + h
					fp := c.p.LossGrad(wp, scratch, step)
					wp[i] = w[i] - h
					fm := c.p.LossGrad(wp, scratch, step)
					fd := (fp - fm) / (2 * h)
					if e := math.Abs(fd-g[i]) / math.Max(math.Abs(fd)+math.Abs(g[i]), 1e-6); e > 1e-5 {
						t.Fatalf("step %d, coordinate %d: analytic %.10g, finite difference %.10g (relative error %.2g)", step, i, g[i], fd, e)
					}
				}
			}
		})
	}
}

func TestLossGradDoesNotAllocate(t *testing.T) {
	for _, c := range gradCases(t) {
		w := make([]float64, c.p.Dim())
		g := make([]float64, c.p.Dim())
		c.p.Init(w)
		step := 0
		if a := testing.AllocsPerRun(50, func() { c.p.LossGrad(w, g, step); step++ }); a != 0 {
			t.Errorf("%s: %v allocations per LossGrad", c.name, a)
		}
	}
}

func TestLeastSquaresReachesClosedForm(t *testing.T) {
	for _, name := range []string{"least-squares", "synthetic-regression"} {
		// Full batches; with standardized (or unit-scale) features the
		// Hessian's largest eigenvalue is at most trace = D+1 (+ l2), so
		// lr = 1/(D+2) is stable, and l2 bounds the smallest one from below.
		var p problems.Problem
		if name == "least-squares" {
			p = build(t, name, 1, func(o *LeastSquaresOptions) { o.Batch = 1 << 20; o.L2 = 0.05 })
		} else {
			p = build(t, name, 1, func(o *SyntheticOptions) { o.Batch = 1 << 20; o.Condition = 3 })
		}
		ls := p.(*LeastSquares)
		w := problems.TrainSGD(p, 1/float64(p.Dim()+1), 20000)
		for i, want := range ls.Optimum() {
			if math.Abs(w[i]-want) > 1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("%s: coordinate %d: gradient descent reached %.9g, closed form %.9g", name, i, w[i], want)
			}
		}
		if gap := p.Evaluate(w)[problems.Gap]; !(math.Abs(gap) < 1e-10) {
			t.Errorf("%s: gap at the optimum is %g", name, gap)
		}
	}
}

func TestSyntheticOptimumNearTruth(t *testing.T) {
	// With little noise and many rows the least-squares solution is close
	// to the generating weights; the bias is near zero.
	p := build(t, "synthetic-regression", 1, func(o *SyntheticOptions) { o.Noise = 1e-3; o.N = 2000 })
	opt := p.(*LeastSquares).Optimum()
	if math.Abs(opt[len(opt)-1]) > 1e-3 {
		t.Errorf("bias %g, want about 0", opt[len(opt)-1])
	}
}

func TestLogisticSeparableLossGoesToZero(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	rng := rand.New(rand.NewPCG(1, 1))
	for range 200 {
		x1, x2 := rng.Float64()*2-1, rng.Float64()*2-1
		label := 1
		if x1+x2 > 0.1 {
			label = 2
		} else if x1+x2 > -0.1 {
			continue // a margin makes the set separable
		}
		fmt.Fprintf(&b, "%d 1:%.6f 2:%.6f\n", label, x1, x2)
	}
	path := filepath.Join(dir, "toy.libsvm")
	os.WriteFile(path, []byte(b.String()), 0o644)
	p := build(t, "logistic", 1, func(o *LogisticOptions) { o.Path = path; o.Batch = 1000 })
	var losses []float64
	w := make([]float64, p.Dim())
	g := make([]float64, p.Dim())
	for k := range 20000 {
		l := p.LossGrad(w, g, k)
		if k%5000 == 0 {
			losses = append(losses, l)
		}
		for i := range w {
			w[i] -= 2 * g[i]
		}
	}
	m := p.Evaluate(w)
	if m[problems.TrainAcc] != 1 || m[problems.TrainLoss] > 0.01 {
		t.Errorf("separable set: accuracy %v, loss %v; want 1 and < 0.01", m[problems.TrainAcc], m[problems.TrainLoss])
	}
	for i := 1; i < len(losses); i++ {
		if !(losses[i] < losses[i-1]) {
			t.Errorf("loss did not decrease: %v", losses)
		}
	}
}

func TestQuadraticKnownMinimum(t *testing.T) {
	p := build(t, "quadratic", 3, func(o *QuadraticOptions) { o.MinEig = 0.1 })
	q := p.(*Quadratic)
	if f := p.Evaluate(q.Optimum())[problems.Gap]; f != 0 {
		t.Errorf("f(w*) = %g, want 0", f)
	}
	w := problems.TrainSGD(p, 1, 2000)
	if f := p.Evaluate(w)[problems.Gap]; f > 1e-12 {
		t.Errorf("gradient descent reached f = %g", f)
	}
	// The spectrum is the requested one: the Hessian's trace lies between
	// d·min_eig and d·max_eig.
	tr := 0.0
	for i := range q.Dim() {
		tr += q.h[i*q.Dim()+i]
	}
	if tr < 20*0.1 || tr > 20*1 {
		t.Errorf("trace %g outside [2, 20]", tr)
	}
}

func TestQuadraticNoiseIsReproducible(t *testing.T) {
	p := build(t, "quadratic", 3, func(o *QuadraticOptions) { o.Noise = 0.1 })
	w := make([]float64, p.Dim())
	g1, g2, g3 := make([]float64, p.Dim()), make([]float64, p.Dim()), make([]float64, p.Dim())
	p.LossGrad(w, g1, 5)
	p.LossGrad(w, g2, 6)
	p.LossGrad(w, g3, 5)
	if g1[0] != g3[0] || g1[0] == g2[0] {
		t.Errorf("noise of step 5 not reproducible or equal to step 6's: %v %v %v", g1[0], g3[0], g2[0])
	}
}

func TestMinibatchOrderDependsOnSeedAndEpoch(t *testing.T) {
	p1 := build(t, "softmax", 1, func(o *SoftmaxOptions) { o.Dataset = "iris" })
	p2 := build(t, "softmax", 2, func(o *SoftmaxOptions) { o.Dataset = "iris" })
	p1b := build(t, "softmax", 1, func(o *SoftmaxOptions) { o.Dataset = "iris" })
	w := make([]float64, p1.Dim())
	for i := range w {
		w[i] = float64(i%5) * 0.1
	}
	g := make([]float64, p1.Dim())
	nb := p1.BatchesPerEpoch()
	loss := func(p problems.Problem, step int) float64 { return p.LossGrad(w, g, step) }
	if loss(p1, 3) != loss(p1b, 3) {
		t.Error("same seed, same step: different minibatch")
	}
	if loss(p1, 3) == loss(p2, 3) {
		t.Error("different seeds gave the same minibatch")
	}
	if loss(p1, 3) == loss(p1, 3+nb) {
		t.Error("the next epoch repeated the same minibatch")
	}
	// Going back to an earlier epoch reproduces it (resumable at any step).
	a := loss(p1, 2*nb+1)
	loss(p1, 0)
	if loss(p1, 2*nb+1) != a {
		t.Error("revisiting an epoch changed its order")
	}
}

func TestBadOptions(t *testing.T) {
	cases := []struct {
		kind string
		set  func(any)
		want string
	}{
		{"softmax", func(o any) { o.(*SoftmaxOptions).Dataset = "nope" }, `unknown data set "nope"`},
		{"softmax", func(o any) {}, "no data: give dataset or path"},
		{"softmax", func(o any) { o.(*SoftmaxOptions).Dataset = "iris"; o.(*SoftmaxOptions).Batch = 0 }, "batch must be >= 1"},
		{"softmax", func(o any) { o.(*SoftmaxOptions).Dataset = "diabetes" }, "not a classification set"},
		{"softmax", func(o any) { o.(*SoftmaxOptions).Dataset = "iris"; o.(*SoftmaxOptions).Path = "x" }, "not both"},
		{"logistic", func(o any) { o.(*LogisticOptions).Dataset = "iris" }, "set positive_class"},
		{"logistic", func(o any) { o.(*LogisticOptions).Dataset = "iris"; o.(*LogisticOptions).PositiveClass = 3 }, "positive_class 3"},
		{"least-squares", func(o any) { o.(*LeastSquaresOptions).Dataset = "iris" }, "classification set"},
		{"least-squares", func(o any) { o.(*LeastSquaresOptions).TestFraction = 1 }, "test_fraction"},
		{"synthetic-regression", func(o any) { o.(*SyntheticOptions).Condition = 0.5 }, "condition must be >= 1"},
		{"quadratic", func(o any) { o.(*QuadraticOptions).MinEig = 0 }, "min_eig"},
		{"quadratic", func(o any) { o.(*QuadraticOptions).Dim = 0 }, "dim must be >= 1"},
	}
	for _, c := range cases {
		k, _ := problems.Lookup(c.kind)
		opts := k.Options()
		c.set(opts)
		_, err := k.New(opts, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.kind, err, c.want)
		}
	}
}

func TestRegistry(t *testing.T) {
	for _, name := range []string{"softmax", "logistic", "least-squares", "synthetic-regression", "quadratic"} {
		if _, err := problems.Lookup(name); err != nil {
			t.Error(err)
		}
	}
	_, err := problems.Lookup("rosenbrock")
	if err == nil || !strings.Contains(err.Error(), "known: ") || !strings.Contains(err.Error(), "softmax") {
		t.Errorf("unknown problem: %v", err)
	}
}
