package optim

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// quadratic is a noisy diagonal quadratic: the gradient at w in step t is
// a*(w-b) + σ·noise_t, with a fixed noise sequence per seed.
type quadratic struct {
	a, b  []float64
	sigma float64
	rng   *rand.Rand
}

func newQuadratic(n int, seed uint64) *quadratic {
	rng := rand.New(rand.NewPCG(seed, 99))
	q := &quadratic{a: make([]float64, n), b: make([]float64, n), sigma: 0.1, rng: rng}
	for i := range q.a {
		q.a[i] = math.Exp(rng.Float64()*4 - 3) // curvatures in [e^-3, e^1]
		q.b[i] = rng.NormFloat64()
	}
	return q
}

func (q *quadratic) grad(g, w []float64) {
	for i := range g {
		g[i] = q.a[i]*(w[i]-q.b[i]) + q.sigma*q.rng.NormFloat64()
	}
}

func (q *quadratic) start() []float64 {
	w := make([]float64, len(q.a))
	for i := range w {
		w[i] = q.rng.NormFloat64()
	}
	return w
}

// maxRelDiff is max_i |a_i - b_i| / max(|b_i|, 1).
func maxRelDiff(a, b []float64) float64 {
	m := 0.0
	for i := range a {
		d := math.Abs(a[i]-b[i]) / math.Max(math.Abs(b[i]), 1)
		if math.IsNaN(d) {
			return math.Inf(1)
		}
		m = math.Max(m, d)
	}
	return m
}

// factories build fresh optimizers of every kind, for table-driven tests.
var factories = []struct {
	name string
	new  func() (Optimizer, error)
}{
	{"sf-sgd", func() (Optimizer, error) {
		c := DefaultSFSGD()
		c.LR, c.Warmup, c.WeightDecay, c.R = 0.5, 10, 1e-3, 0.5
		return NewScheduleFree(c)
	}},
	{"sf-adamw", func() (Optimizer, error) {
		c := DefaultSFAdamW()
		c.LR, c.Warmup, c.WeightDecay = 0.05, 10, 0.01
		return NewScheduleFree(c)
	}},
	{"sf-adamw-paper", func() (Optimizer, error) {
		c := DefaultSFAdamWPaper()
		c.LR, c.Warmup = 0.05, 5
		return NewScheduleFree(c)
	}},
	{"sf-radam", func() (Optimizer, error) {
		c := DefaultSFRAdam()
		c.LR, c.WeightDecay = 0.05, 0.01
		return NewScheduleFree(c)
	}},
	{"reference-sf-adamw", func() (Optimizer, error) {
		c := DefaultSFAdamW()
		c.LR, c.Warmup = 0.05, 10
		return NewReferenceSF(c)
	}},
	{"wrapper(adamw)", func() (Optimizer, error) {
		base, _ := NewAdamW(AdamWConfig{LR: 0.05, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Schedule: WarmupCosine{Warmup: 5, Horizon: 200}})
		c := DefaultWrapper()
		c.WeightDecayAtY = 0.01
		return NewWrapper(base, c)
	}},
	{"sgd+nesterov+step", func() (Optimizer, error) {
		return NewSGD(SGDConfig{LR: 0.1, Momentum: 0.9, Nesterov: true, WeightDecay: 1e-3, Schedule: StepDecay{Every: 50, Gamma: 0.5}})
	}},
	{"adamw+linear", func() (Optimizer, error) {
		c := DefaultAdamW()
		c.LR, c.Schedule = 0.05, WarmupLinear{Warmup: 10, Horizon: 300}
		return NewAdamW(c)
	}},
	{"sgd+polyak", func() (Optimizer, error) {
		base, _ := NewSGD(SGDConfig{LR: 0.1, Momentum: 0.9})
		return NewAveraged(base, AveragingConfig{Kind: Polyak})
	}},
	{"adamw+primal", func() (Optimizer, error) {
		base, _ := NewAdamW(AdamWConfig{LR: 0.05, Beta1: 0.9, Beta2: 0.95, Eps: 1e-8})
		return NewAveraged(base, AveragingConfig{Kind: Primal})
	}},
	{"sgd+ema", func() (Optimizer, error) {
		base, _ := NewSGD(SGDConfig{LR: 0.1, Momentum: 0.5, Dampening: 0.5})
		return NewAveraged(base, AveragingConfig{Kind: EMA, Decay: 0.99})
	}},
}

// trajectory runs opt for steps steps on a fresh quadratic and returns the
// final training and evaluation points. between, if set, runs after every
// step (to interleave evaluations, checkpoints, …) and may replace opt.
func trajectory(t *testing.T, opt Optimizer, steps int, between func(k int, opt Optimizer, w []float64) Optimizer) (w, x []float64) {
	t.Helper()
	q := newQuadratic(37, 5)
	w = q.start()
	g := make([]float64, len(w))
	for k := 0; k < steps; k++ {
		q.grad(g, w)
		opt.Step(w, g)
		if between != nil {
			opt = between(k, opt, w)
		}
	}
	x = make([]float64, len(w))
	opt.EvalPoint(x, w)
	return w, x
}

func TestEvalTrainRoundTripsDoNotDrift(t *testing.T) {
	for _, f := range factories {
		t.Run(f.name, func(t *testing.T) {
			a, _ := f.new()
			b, _ := f.new()
			w0, x0 := trajectory(t, a, 1000, nil)
			eval := make([]float64, 37)
			w1, x1 := trajectory(t, b, 1000, func(k int, opt Optimizer, w []float64) Optimizer {
				opt.Eval(w)
				copy(eval, w)
				opt.Train(w)
				opt.Train(w) // a second Train must be a no-op
				return opt
			})
			if d := maxRelDiff(w1, w0); d > 1e-12 {
				t.Errorf("training point drifted by %.3g after 1000 eval/train round trips", d)
			}
			if d := maxRelDiff(x1, x0); d > 1e-12 {
				t.Errorf("evaluation point drifted by %.3g", d)
			}
		})
	}
}

func TestEvalMatchesEvalPoint(t *testing.T) {
	for _, f := range factories {
		opt, _ := f.new()
		w, x := trajectory(t, opt, 50, nil)
		opt.Eval(w)
		if d := maxRelDiff(w, x); d > 1e-14 {
			t.Errorf("%s: Eval and EvalPoint disagree by %.3g", f.name, d)
		}
	}
}

func TestStepInEvalModePanics(t *testing.T) {
	opt, _ := NewScheduleFree(DefaultSFSGD())
	w, g := make([]float64, 3), make([]float64, 3)
	opt.Step(w, g)
	opt.Eval(w)
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "eval mode") {
			t.Fatalf("Step in eval mode: got %v, want a panic about eval mode", r)
		}
	}()
	opt.Step(w, g)
}

func TestCheckpointRestoresBitIdentically(t *testing.T) {
	for _, f := range factories {
		t.Run(f.name, func(t *testing.T) {
			// Some checkpoints are taken in eval mode; the uninterrupted
			// run makes the same eval/train round trips.
			evalAt := func(k int) bool { return k%37 == 5 && k%2 == 1 }
			a, _ := f.new()
			b, _ := f.new()
			wa, xa := trajectory(t, a, 300, func(k int, opt Optimizer, w []float64) Optimizer {
				if evalAt(k) {
					opt.Eval(w)
					opt.Train(w)
				}
				return opt
			})
			wb, xb := trajectory(t, b, 300, func(k int, opt Optimizer, w []float64) Optimizer {
				if k%37 != 5 {
					return opt
				}
				if evalAt(k) {
					opt.Eval(w)
				}
				data, err := opt.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				fresh, _ := f.new()
				if err := fresh.UnmarshalBinary(data); err != nil {
					t.Fatalf("step %d: %v", k, err)
				}
				fresh.Train(w)
				if fresh.Steps() != k+1 {
					t.Fatalf("restored Steps() = %d, want %d", fresh.Steps(), k+1)
				}
				return fresh
			})
			for i := range wa {
				if math.Float64bits(wa[i]) != math.Float64bits(wb[i]) || math.Float64bits(xa[i]) != math.Float64bits(xb[i]) {
					t.Fatalf("element %d: restored run differs: w %v vs %v, x %v vs %v", i, wb[i], wa[i], xb[i], xa[i])
				}
			}
		})
	}
}

func TestCheckpointRejectsBadData(t *testing.T) {
	sgd, _ := NewScheduleFree(DefaultSFSGD())
	w, g := []float64{1, 2, 3}, []float64{0.1, 0.2, 0.3}
	sgd.Step(w, g)
	good, _ := sgd.MarshalBinary()
	other := DefaultSFSGD()
	other.LR = 0.5
	otherOpt, _ := NewScheduleFree(other)
	adam, _ := NewScheduleFree(DefaultSFAdamW())
	sgdBase, _ := NewSGD(SGDConfig{LR: 1})
	cases := []struct {
		name string
		into Optimizer
		data []byte
		want string
	}{
		{"empty", sgd, nil, "not an sfbench optimizer checkpoint"},
		{"truncated", sgd, good[:len(good)-3], "truncated"},
		{"trailing", sgd, append(append([]byte(nil), good...), 0), "unexpected bytes"},
		{"other config", otherOpt, good, "configuration"},
		{"other method", adam, good, "configuration"},
		{"other kind", sgdBase, good, "holds a schedule-free optimizer, not sgd"},
	}
	for _, c := range cases {
		err := c.into.UnmarshalBinary(c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
	// A failed restore leaves the optimizer as it was.
	if sgd.Steps() != 1 {
		t.Errorf("failed restores changed the step count to %d", sgd.Steps())
	}
}

// TestMemoryEfficientMatchesReference compares the fused (y, z) form of each
// method with the textbook form that stores x, y and z.
func TestMemoryEfficientMatchesReference(t *testing.T) {
	configs := map[string]SFConfig{
		"sgd":   {Method: MethodSGD, LR: 0.8, Beta1: 0.9, WeightDecay: 1e-3, Warmup: 20, R: 0.5, WeightLRPower: 2},
		"adamw": {Method: MethodAdamW, LR: 0.05, Beta1: 0.95, Beta2: 0.99, Eps: 1e-8, WeightDecay: 0.01, Warmup: 20, WeightLRPower: 2},
		"paper": {Method: MethodAdamWPaper, LR: 0.05, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Warmup: 20, WeightLRPower: 2},
		"radam": {Method: MethodRAdam, LR: 0.05, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 0.01, WeightLRPower: 2},
		"radam-sgd-phase": {Method: MethodRAdam, LR: 0.05, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8,
			WeightLRPower: 2, SGDPhase: true},
	}
	for name, cfg := range configs {
		fused, err := NewScheduleFree(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ref, _ := NewReferenceSF(cfg)
		w1, x1 := trajectory(t, fused, 500, nil)
		w2, x2 := trajectory(t, ref, 500, nil)
		if d := math.Max(maxRelDiff(w1, w2), maxRelDiff(x1, x2)); d > 1e-11 {
			t.Errorf("%s: fused and reference forms differ by %.3g after 500 steps", name, d)
		}
		if d := maxRelDiff(fused.Z(), ref.Z()); d > 1e-11 {
			t.Errorf("%s: z differs by %.3g", name, d)
		}
	}
}

// TestWrapperOverSGDIsScheduleFreeSGD checks the wrapper against the direct
// implementation: wrapping plain SGD gives SF-SGD (no warmup, no decay).
func TestWrapperOverSGDIsScheduleFreeSGD(t *testing.T) {
	base, _ := NewSGD(SGDConfig{LR: 0.7})
	wrapped, _ := NewWrapper(base, WrapperConfig{Momentum: 0.9, R: 0.25, WeightLRPower: 2})
	direct, _ := NewScheduleFree(SFConfig{Method: MethodSGD, LR: 0.7, Beta1: 0.9, R: 0.25, WeightLRPower: 2})
	w1, x1 := trajectory(t, wrapped, 400, nil)
	w2, x2 := trajectory(t, direct, 400, nil)
	if d := math.Max(maxRelDiff(w1, w2), maxRelDiff(x1, x2)); d > 1e-11 {
		t.Errorf("wrapper over SGD differs from SF-SGD by %.3g", d)
	}
}

// TestAveragingMatchesNaiveMeans checks Polyak and primal averaging against
// averages computed by hand from the base optimizer's iterates.
func TestAveragingMatchesNaiveMeans(t *testing.T) {
	const n, steps = 5, 60
	q := newQuadratic(n, 11)
	// Polyak: replay SGD alone and average its iterates by hand.
	base, _ := NewSGD(SGDConfig{LR: 0.3, Momentum: 0.5})
	avg, _ := NewAveraged(base, AveragingConfig{Kind: Polyak})
	plain, _ := NewSGD(SGDConfig{LR: 0.3, Momentum: 0.5})
	w1, w2 := q.start(), make([]float64, n)
	copy(w2, w1)
	g := make([]float64, n)
	sum := make([]float64, n)
	for k := 1; k <= steps; k++ {
		for i := range g {
			g[i] = float64(k%7) - float64(i) // deterministic, shared by both runs
		}
		avg.Step(w1, g)
		plain.Step(w2, g)
		for i := range sum {
			sum[i] += w2[i]
		}
	}
	x := make([]float64, n)
	avg.EvalPoint(x, w1)
	for i := range sum {
		sum[i] /= steps
	}
	if d := maxRelDiff(x, sum); d > 1e-13 {
		t.Errorf("polyak average differs from the mean of the iterates by %.3g", d)
	}
	if d := maxRelDiff(w1, w2); d != 0 {
		t.Errorf("polyak changed the base iterates (by %.3g)", d)
	}

	// Primal: the gradient is taken at the running mean of the base iterates.
	base2, _ := NewSGD(SGDConfig{LR: 0.1})
	primal, _ := NewAveraged(base2, AveragingConfig{Kind: Primal})
	w := q.start()
	z := append([]float64(nil), w...)
	zsum := make([]float64, n)
	for k := 1; k <= steps; k++ {
		q.sigma = 0
		q.grad(g, w)
		want := make([]float64, n)
		for i := range z {
			z[i] -= 0.1 * g[i]
			zsum[i] += z[i]
			want[i] = zsum[i] / float64(k)
		}
		primal.Step(w, g)
		if d := maxRelDiff(w, want); d > 1e-13 {
			t.Fatalf("step %d: primal average differs from the mean of z by %.3g", k, d)
		}
	}
}

func TestSchedules(t *testing.T) {
	cases := []struct {
		s    Schedule
		k    int
		want float64
	}{
		{Constant{}, 1000, 1},
		{WarmupCosine{Warmup: 4, Horizon: 14}, 0, 0.25},
		{WarmupCosine{Warmup: 4, Horizon: 14}, 3, 1},
		{WarmupCosine{Warmup: 4, Horizon: 14}, 4, 1},
		{WarmupCosine{Warmup: 4, Horizon: 14}, 9, 0.5},
		{WarmupCosine{Warmup: 4, Horizon: 14}, 14, 0},
		{WarmupCosine{Warmup: 4, Horizon: 14}, 100, 0},
		{WarmupLinear{Warmup: 0, Horizon: 10}, 0, 1},
		{WarmupLinear{Warmup: 0, Horizon: 10}, 5, 0.5},
		{WarmupLinear{Warmup: 2, Horizon: 10}, 0, 0.5},
		{WarmupLinear{Warmup: 2, Horizon: 10}, 6, 0.5},
		{WarmupLinear{Warmup: 2, Horizon: 10}, 12, 0},
		{StepDecay{Every: 10, Gamma: 0.1}, 9, 1},
		{StepDecay{Every: 10, Gamma: 0.1}, 25, 0.01},
		{Sequence{0.5, 0.25}, 0, 0.5},
		{Sequence{0.5, 0.25}, 7, 0.25},
	}
	for _, c := range cases {
		if got := c.s.Factor(c.k); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%T%+v.Factor(%d) = %v, want %v", c.s, c.s, c.k, got, c.want)
		}
	}
}

func TestInvalidConfigurations(t *testing.T) {
	sf := func(mod func(*SFConfig)) error {
		c := DefaultSFSGD()
		mod(&c)
		_, err := NewScheduleFree(c)
		return err
	}
	adam := func(mod func(*SFConfig)) error {
		c := DefaultSFAdamW()
		mod(&c)
		_, err := NewScheduleFree(c)
		return err
	}
	sgdBase, _ := NewSGD(SGDConfig{LR: 1})
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"negative lr", sf(func(c *SFConfig) { c.LR = -1 }), "lr must be finite and >= 0"},
		{"NaN lr", sf(func(c *SFConfig) { c.LR = math.NaN() }), "lr must be finite"},
		{"infinite lr", sf(func(c *SFConfig) { c.LR = math.Inf(1) }), "lr must be finite"},
		{"beta 0", sf(func(c *SFConfig) { c.Beta1 = 0 }), "beta1 (momentum) must be in (0, 1)"},
		{"beta 1", sf(func(c *SFConfig) { c.Beta1 = 1 }), "must be in (0, 1)"},
		{"beta 1.5", sf(func(c *SFConfig) { c.Beta1 = 1.5 }), "must be in (0, 1)"},
		{"eps on sgd", sf(func(c *SFConfig) { c.Eps = 1e-8 }), "eps does not apply"},
		{"negative warmup", sf(func(c *SFConfig) { c.Warmup = -1 }), "warmup_steps must be >= 0"},
		{"negative decay", sf(func(c *SFConfig) { c.WeightDecay = -0.1 }), "weight_decay"},
		{"negative r", sf(func(c *SFConfig) { c.R = -1 }), "r must be"},
		{"unknown method", sf(func(c *SFConfig) { c.Method = 9 }), "unknown schedule-free method"},
		{"eps 0", adam(func(c *SFConfig) { c.Eps = 0 }), "eps must be finite and > 0"},
		{"beta2 1", adam(func(c *SFConfig) { c.Beta2 = 1 }), "beta2 must be in [0, 1)"},
		{"radam warmup", func() error {
			c := DefaultSFRAdam()
			c.Warmup = 5
			_, err := NewScheduleFree(c)
			return err
		}(), "warmup_steps does not apply"},
		{"sgd phase on adamw", adam(func(c *SFConfig) { c.SGDPhase = true }), "sgd_phase applies to sf-radam only"},
		{"sgd nesterov without momentum", func() error { _, err := NewSGD(SGDConfig{LR: 1, Nesterov: true}); return err }(), "nesterov needs momentum"},
		{"sgd dampening 2", func() error { _, err := NewSGD(SGDConfig{LR: 1, Dampening: 2}); return err }(), "dampening must be in [0, 1]"},
		{"sgd bad schedule", func() error {
			_, err := NewSGD(SGDConfig{LR: 1, Schedule: WarmupCosine{Warmup: 10, Horizon: 5}})
			return err
		}(), "horizon (5) must exceed warmup (10)"},
		{"adamw beta1 1", func() error { c := DefaultAdamW(); c.Beta1 = 1; _, err := NewAdamW(c); return err }(), "beta1 must be in [0, 1)"},
		{"step decay gamma 0", func() error { _, err := NewSGD(SGDConfig{LR: 1, Schedule: StepDecay{Every: 1}}); return err }(), "gamma"},
		{"empty sequence", func() error { _, err := NewSGD(SGDConfig{LR: 1, Schedule: Sequence{}}); return err }(), "empty"},
		{"wrapper momentum 1", func() error { _, err := NewWrapper(sgdBase, WrapperConfig{Momentum: 1}); return err }(), "momentum must be in (0, 1)"},
		{"wrapper without base", func() error { _, err := NewWrapper(nil, DefaultWrapper()); return err }(), "no base optimizer"},
		{"ema decay 1", func() error { _, err := NewAveraged(sgdBase, AveragingConfig{Kind: EMA, Decay: 1}); return err }(), "decay must be in (0, 1)"},
		{"polyak with decay", func() error {
			_, err := NewAveraged(sgdBase, AveragingConfig{Kind: Polyak, Decay: 0.5})
			return err
		}(), "decay does not apply"},
		{"reference beta 2", func() error { c := DefaultSFSGD(); c.Beta1 = 2; _, err := NewReferenceSF(c); return err }(), "must be in [0, 1]"},
	}
	for _, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
	// The reference form accepts the endpoints β = 0 and β = 1.
	for _, b := range []float64{0, 1} {
		c := DefaultSFSGD()
		c.Beta1 = b
		if _, err := NewReferenceSF(c); err != nil {
			t.Errorf("reference form with beta %v: %v", b, err)
		}
	}
}

// TestVeryLargeLearningRateIsData checks that huge rates give non-finite
// values, not panics, and that the optimizer keeps working.
func TestVeryLargeLearningRateIsData(t *testing.T) {
	for _, lr := range []float64{1e3, 1e6, 1e300} {
		c := DefaultSFSGD()
		c.LR = lr
		opt, _ := NewScheduleFree(c)
		_, x := trajectory(t, opt, 200, nil)
		finite := 0
		for _, v := range x {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				finite++
			}
		}
		if finite == len(x) {
			t.Errorf("lr %g: expected divergence on a quadratic with curvature up to e", lr)
		}
	}
}
