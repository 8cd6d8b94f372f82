package main

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/sfbench/sfbench/problems"
)

// RosenbrockOptions configure the chained Rosenbrock function; a suite
// gives them as options: {dim: 10, noise: 0.1}, by their yaml tags.
type RosenbrockOptions struct {
	Dim   int     `yaml:"dim"`
	Noise float64 `yaml:"noise"` // σ of the Gaussian noise added to every gradient coordinate
}

// check reports options NewRosenbrock refuses.
func (o RosenbrockOptions) check() error {
	if o.Dim < 2 {
		return fmt.Errorf("rosenbrock: dim must be >= 2, got %d", o.Dim)
	}
	if !(o.Noise >= 0) || math.IsInf(o.Noise, 0) {
		return fmt.Errorf("rosenbrock: noise must be finite and >= 0, got %v", o.Noise)
	}
	return nil
}

// plan describes the problem without building it: the start point of Dim
// values, the work of filling it, one batch per epoch (no data set), and
// the metrics Evaluate reports.
func (o RosenbrockOptions) plan() (problems.Plan, error) {
	if err := o.check(); err != nil {
		return problems.Plan{}, err
	}
	d := float64(o.Dim)
	return problems.NewPlan(d, d, d, 1, problems.TrainLoss, problems.Gap), nil
}

// Rosenbrock is f(w) = Σᵢ 100·(wᵢ₊₁ − wᵢ²)² + (1 − wᵢ)², i < Dim−1, whose
// minimum 0 lies at (1, …, 1) at the end of a long curved valley. It starts
// at (−1.2, 1, −1.2, 1, …) perturbed by 0.1·N(0, I) drawn from the seed;
// the gradient of step k carries σ·N(0, I) noise drawn from (seed, k), so
// a resumed run sees the same noise.
type Rosenbrock struct {
	w0    []float64
	sigma float64
	seed  uint64
	pcg   rand.PCG
	rng   *rand.Rand
}

var _ problems.Problem = (*Rosenbrock)(nil)

// NewRosenbrock builds the problem of seed.
func NewRosenbrock(o RosenbrockOptions, seed uint64) (*Rosenbrock, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	p := &Rosenbrock{w0: make([]float64, o.Dim), sigma: o.Noise, seed: seed}
	start := rand.New(rand.NewPCG(seed, 1))
	for i := range p.w0 {
		p.w0[i] = 1 + 0.1*start.NormFloat64()
		if i%2 == 0 {
			p.w0[i] -= 2.2
		}
	}
	p.rng = rand.New(&p.pcg)
	return p, nil
}

// Dim is the dimension.
func (p *Rosenbrock) Dim() int { return len(p.w0) }

// Init writes the start point.
func (p *Rosenbrock) Init(w []float64) { copy(w, p.w0) }

// BatchesPerEpoch is 1: there is no data set.
func (p *Rosenbrock) BatchesPerEpoch() int { return 1 }

// value returns f(w) and writes its gradient into g unless g is nil.
func (p *Rosenbrock) value(w, g []float64) float64 {
	if g != nil {
		clear(g)
	}
	f := 0.0
	for i := range len(w) - 1 {
		a, b := w[i+1]-w[i]*w[i], 1-w[i]
		f += 100*a*a + b*b
		if g != nil {
			g[i] += -400*a*w[i] - 2*b
			g[i+1] += 200 * a
		}
	}
	return f
}

// LossGrad returns f(w) (noise-free) and writes the noisy gradient of step.
func (p *Rosenbrock) LossGrad(w, g []float64, step int) float64 {
	f := p.value(w, g)
	if p.sigma != 0 {
		p.pcg.Seed(p.seed, uint64(step))
		for i := range g {
			g[i] += p.sigma * p.rng.NormFloat64()
		}
	}
	return f
}

// Evaluate reports f(w) as the training loss and as the gap to the minimum 0.
func (p *Rosenbrock) Evaluate(w []float64) problems.Metrics {
	f := p.value(w, nil)
	return problems.Metrics{problems.TrainLoss: f, problems.Gap: f}
}
