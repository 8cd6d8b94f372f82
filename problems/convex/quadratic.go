package convex

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/sfbench/sfbench/problems"
)

// QuadraticOptions configures a noisy quadratic with a chosen spectrum, the
// problem of the paper's β × γ study (20 dimensions, eigenvalues
// log-uniform in [1e-6, 1]).
type QuadraticOptions struct {
	Dim    int     `yaml:"dim"`
	MinEig float64 `yaml:"min_eig"`
	MaxEig float64 `yaml:"max_eig"`
	Noise  float64 `yaml:"noise"`  // σ of the Gaussian noise added to each gradient
	Rotate bool    `yaml:"rotate"` // random eigenbasis (true) or axis-aligned
	// Instance selects the random quadratic; by default (-1) it is the run's
	// seed, so "10 random quadratics" are 10 seeds.
	Instance int `yaml:"instance"`
}

func init() {
	problems.Register(problems.Kind{
		Name: "quadratic",
		Doc:  "noisy quadratic ½(w−w*)ᵀH(w−w*) with log-uniform eigenvalues, minimum 0",
		Options: func() any {
			return &QuadraticOptions{Dim: 20, MinEig: 1e-6, MaxEig: 1, Noise: 0, Rotate: true, Instance: -1}
		},
		New: func(opts any, seed uint64) (problems.Problem, error) {
			return NewQuadratic(*opts.(*QuadraticOptions), seed)
		},
		Plan: func(opts any) (problems.Plan, error) { return opts.(*QuadraticOptions).plan() },
	})
}

// check reports options NewQuadratic refuses.
func (o QuadraticOptions) check() error {
	if o.Dim < 1 {
		return fmt.Errorf("quadratic: dim must be >= 1, got %d", o.Dim)
	}
	if !(o.MinEig > 0 && o.MaxEig >= o.MinEig) || math.IsInf(o.MaxEig, 0) {
		return fmt.Errorf("quadratic: need 0 < min_eig <= max_eig < inf, got [%v, %v]", o.MinEig, o.MaxEig)
	}
	if !(o.Noise >= 0) {
		return fmt.Errorf("quadratic: noise must be >= 0, got %v", o.Noise)
	}
	return nil
}

// plan: building holds the Hessian and the eigenbasis (and, rotated, the
// Gaussian matrix, its QR factors and gonum's work space: six in all) of
// D×D each, and costs D³ for the Hessian (and about 8/3·D³ more for the
// QR factorization and Q).
func (o QuadraticOptions) plan() (problems.Plan, error) {
	if err := o.check(); err != nil {
		return problems.Plan{}, err
	}
	d := float64(o.Dim)
	squares, work := 2.0, d*d*d
	if o.Rotate {
		squares, work = 6, work*(1+8.0/3)
	}
	return problems.NewPlan(d, squares*d*d+5*d, work, 1, problems.TrainLoss, problems.Gap), nil
}

// Quadratic is f(w) = ½(w−w*)ᵀH(w−w*) with H = Q·diag(λ)·Qᵀ; the gradient
// of step k is H(w−w*) + σ·ξ_k with ξ_k ~ N(0, I) drawn from (seed, k), so
// the noise is reproducible at any step. The minimum is 0 at w*.
type Quadratic struct {
	h     []float64 // [D][D] row-major Hessian
	wstar []float64 // [D]
	w0    []float64 // [D] initial point
	sigma float64
	seed  uint64
	pcg   rand.PCG
	rng   *rand.Rand
	diff  []float64 // [D] scratch
}

var _ problems.Problem = (*Quadratic)(nil)

// NewQuadratic draws the quadratic from Instance (or seed) and the initial
// point w* + N(0, I) from seed.
func NewQuadratic(o QuadraticOptions, seed uint64) (*Quadratic, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	instance := seed
	if o.Instance >= 0 {
		instance = uint64(o.Instance)
	}
	d := o.Dim
	rng := rand.New(rand.NewPCG(instance, 0x9ad))
	eig := make([]float64, d)
	lo, hi := math.Log(o.MinEig), math.Log(o.MaxEig)
	for i := range eig {
		eig[i] = math.Exp(lo + (hi-lo)*rng.Float64())
	}
	q := mat.NewDense(d, d, nil)
	if o.Rotate {
		g := mat.NewDense(d, d, nil)
		for i := range d {
			for j := range d {
				g.Set(i, j, rng.NormFloat64())
			}
		}
		var qr mat.QR
		qr.Factorize(g)
		qr.QTo(q)
	} else {
		for i := range d {
			q.Set(i, i, 1)
		}
	}
	p := &Quadratic{h: make([]float64, d*d), wstar: make([]float64, d), w0: make([]float64, d),
		sigma: o.Noise, seed: seed, diff: make([]float64, d)}
	for i := range d {
		for j := range d {
			s := 0.0
			for k := range d {
				s += q.At(i, k) * eig[k] * q.At(j, k)
			}
			p.h[i*d+j] = s
		}
		p.wstar[i] = rng.NormFloat64()
	}
	start := initRNG(seed)
	for i := range p.w0 {
		p.w0[i] = p.wstar[i] + start.NormFloat64()
	}
	p.rng = rand.New(&p.pcg)
	return p, nil
}

// Dim is the dimension.
func (p *Quadratic) Dim() int { return len(p.wstar) }

// Init writes w* + N(0, I) (drawn from the seed).
func (p *Quadratic) Init(w []float64) { copy(w, p.w0) }

// BatchesPerEpoch is 1: there is no data set.
func (p *Quadratic) BatchesPerEpoch() int { return 1 }

// value returns f(w) and leaves H(w−w*) in g when g is not nil.
func (p *Quadratic) value(w, g []float64) float64 {
	d := len(p.wstar)
	for i := range p.diff {
		p.diff[i] = w[i] - p.wstar[i]
	}
	f := 0.0
	for i := range d {
		s := 0.0
		for j, dj := range p.diff {
			s += p.h[i*d+j] * dj
		}
		f += 0.5 * p.diff[i] * s
		if g != nil {
			g[i] = s
		}
	}
	return f
}

// LossGrad returns f(w) (noise-free) and writes the noisy gradient.
func (p *Quadratic) LossGrad(w, g []float64, step int) float64 {
	f := p.value(w, g)
	if p.sigma != 0 {
		p.pcg.Seed(p.seed^0x6e6f697365, uint64(step)) // "noise"
		for i := range g {
			g[i] += p.sigma * p.rng.NormFloat64()
		}
	}
	return f
}

// Evaluate reports f(w) as the training loss and as the gap (the minimum is 0).
func (p *Quadratic) Evaluate(w []float64) problems.Metrics {
	f := p.value(w, nil)
	return problems.Metrics{problems.TrainLoss: f, problems.Gap: f}
}

// Optimum returns w* (read only).
func (p *Quadratic) Optimum() []float64 { return p.wstar }
