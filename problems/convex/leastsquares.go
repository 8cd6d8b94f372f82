package convex

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/problems/data"
)

// LeastSquaresOptions configures least-squares regression on a shipped
// regression data set (diabetes).
type LeastSquaresOptions struct {
	Dataset      string  `yaml:"dataset"`       // a shipped regression data set
	Batch        int     `yaml:"batch"`         // minibatch size
	L2           float64 `yaml:"l2"`            // (l2/2)·‖w‖² (bias excluded)
	TestFraction float64 `yaml:"test_fraction"` // held out for the test loss (fixed split)
}

// SyntheticOptions configures least squares on synthetic data with a known
// optimum: X has N rows of D features with singular values spread
// log-uniformly up to Condition, y = X·w* + Noise·ε.
type SyntheticOptions struct {
	N         int     `yaml:"n"`
	D         int     `yaml:"d"`
	Noise     float64 `yaml:"noise"`
	Condition float64 `yaml:"condition"` // ratio of the largest to smallest feature scale, >= 1
	Batch     int     `yaml:"batch"`
	L2        float64 `yaml:"l2"`
}

func init() {
	problems.Register(problems.Kind{
		Name:    "least-squares",
		Doc:     "least-squares regression on a shipped regression data set (standardized)",
		Options: func() any { return &LeastSquaresOptions{Dataset: "diabetes", Batch: 16, TestFraction: 0.2} },
		New: func(opts any, seed uint64) (problems.Problem, error) {
			return NewLeastSquares(*opts.(*LeastSquaresOptions), seed)
		},
		Plan: func(opts any) (problems.Plan, error) { return opts.(*LeastSquaresOptions).plan() },
	})
	problems.Register(problems.Kind{
		Name:    "synthetic-regression",
		Doc:     "least squares on synthetic data with a known optimum and chosen conditioning",
		Options: func() any { return &SyntheticOptions{N: 1000, D: 20, Noise: 0.1, Condition: 10, Batch: 16} },
		New: func(opts any, seed uint64) (problems.Problem, error) {
			return NewSynthetic(*opts.(*SyntheticOptions), seed)
		},
		Plan: func(opts any) (problems.Plan, error) { return opts.(*SyntheticOptions).plan() },
	})
}

// load checks the options and returns the data set (cached, shared) and
// the size of its test split.
func (o LeastSquaresOptions) load() (all *data.Dataset, test int, err error) {
	if !(o.TestFraction >= 0 && o.TestFraction < 1) {
		return nil, 0, fmt.Errorf("least-squares: test_fraction must be in [0, 1), got %v", o.TestFraction)
	}
	all, _, err = problems.LoadDataset(o.Dataset)
	if err != nil {
		return nil, 0, fmt.Errorf("least-squares: %w", err)
	}
	if all.Classes != 0 {
		return nil, 0, fmt.Errorf("least-squares: data set %q is a classification set", o.Dataset)
	}
	if o.TestFraction > 0 {
		if test, err = data.SplitSize(all.N, all.Name, o.TestFraction); err != nil {
			return nil, 0, fmt.Errorf("least-squares: %w", err)
		}
	}
	return all, test, checkFit(o.Batch, o.L2)
}

// plan: the data set, its standardized copies and the normal equations.
func (o LeastSquaresOptions) plan() (problems.Plan, error) {
	all, test, err := o.load()
	if err != nil {
		return problems.Plan{}, err
	}
	n, d := float64(all.N), float64(all.D)
	metrics := []string{problems.TrainLoss, problems.Gap}
	if test > 0 {
		metrics = append(metrics, problems.TestLoss)
	}
	return problems.NewPlan(d+1, 2*n*(d+1)+n+normalFloats(d), n*(d+1)*(d+1), problems.PerEpoch(all.N-test, o.Batch), metrics...), nil
}

// check reports options NewSynthetic refuses.
func (o SyntheticOptions) check() error {
	if o.N < 2 || o.D < 1 {
		return fmt.Errorf("synthetic-regression: need n >= 2 and d >= 1, got n=%d d=%d", o.N, o.D)
	}
	if !(o.Condition >= 1) || !(o.Noise >= 0) {
		return fmt.Errorf("synthetic-regression: condition must be >= 1 and noise >= 0")
	}
	return checkFit(o.Batch, o.L2)
}

// plan: the N×D data drawn, and the normal equations solved.
func (o SyntheticOptions) plan() (problems.Plan, error) {
	if err := o.check(); err != nil {
		return problems.Plan{}, err
	}
	n, d := float64(o.N), float64(o.D)
	work := n*d + n*(d+1)*(d+1)/2 + (d+1)*(d+1)*(d+1)/3
	return problems.NewPlan(d+1, n*(d+1)+n+2*d+normalFloats(d), work, problems.PerEpoch(o.N, o.Batch),
		problems.TrainLoss, problems.Gap), nil
}

// normalFloats is what solving the normal equations of d features holds:
// the (d+1)×(d+1) matrix, its Cholesky factor and the vectors.
func normalFloats(d float64) float64 { return 2*(d+1)*(d+1) + 4*(d+1) }

// checkFit reports a minibatch size or penalty newLeastSquares refuses.
func checkFit(batch int, l2 float64) error {
	if batch < 1 {
		return fmt.Errorf("least squares: batch must be >= 1, got %d", batch)
	}
	if !(l2 >= 0) {
		return fmt.Errorf("least squares: l2 must be >= 0, got %v", l2)
	}
	return nil
}

// LeastSquares minimizes ½·mean((x·w + b − y)²) + (l2/2)·‖w‖² with the
// parameters w [D] followed by the bias b. The optimum of the full training
// loss is computed once in closed form, so Evaluate reports the gap to it.
type LeastSquares struct {
	train, test *data.Dataset
	d           int
	l2          float64
	seed        uint64
	batches     *problems.Batches
	optLoss     float64   // minimal training loss
	opt         []float64 // [D+1] its minimizer
}

var _ problems.Problem = (*LeastSquares)(nil)

// NewLeastSquares loads the data set, standardizes features (and the target)
// with training statistics and holds out a fixed test split.
func NewLeastSquares(o LeastSquaresOptions, seed uint64) (*LeastSquares, error) {
	all, _, err := o.load()
	if err != nil {
		return nil, err
	}
	// The split does not depend on the run's seed: every seed sees the same
	// train and test sets, only the order and the initial point change.
	// Both parts are copies, so standardizing them leaves the shared,
	// cached data set untouched.
	var train, test *data.Dataset
	if o.TestFraction > 0 {
		if train, test, err = data.Split(all, o.TestFraction, 0); err != nil {
			return nil, fmt.Errorf("least-squares: %w", err)
		}
	} else {
		train = all.Subset(identity(all.N))
	}
	if _, err := data.Standardize(train, nonNil(test)...); err != nil {
		return nil, fmt.Errorf("least-squares: %w", err)
	}
	standardizeTarget(train, test)
	return newLeastSquares(train, test, o.Batch, o.L2, seed)
}

func identity(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

func nonNil(ds *data.Dataset) []*data.Dataset {
	if ds == nil {
		return nil
	}
	return []*data.Dataset{ds}
}

// standardizeTarget centres and scales y with the training mean and std.
func standardizeTarget(train, test *data.Dataset) {
	mean, sq := 0.0, 0.0
	for _, y := range train.Y {
		mean += y
	}
	mean /= float64(train.N)
	for _, y := range train.Y {
		sq += (y - mean) * (y - mean)
	}
	std := math.Sqrt(sq / float64(train.N))
	if std == 0 {
		std = 1
	}
	for _, ds := range nonNil(test) {
		for i := range ds.Y {
			ds.Y[i] = (ds.Y[i] - mean) / std
		}
	}
	for i := range train.Y {
		train.Y[i] = (train.Y[i] - mean) / std
	}
}

// NewSynthetic draws the data for seed 0 of the options (so every run's seed
// sees the same problem) and the order and initial point from seed.
func NewSynthetic(o SyntheticOptions, seed uint64) (*LeastSquares, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(0x5eed, uint64(o.N)<<32|uint64(o.D)))
	wstar := make([]float64, o.D)
	for j := range wstar {
		wstar[j] = rng.NormFloat64()
	}
	scale := make([]float64, o.D)
	for j := range scale {
		// Feature scales log-spaced from 1 down to 1/condition.
		scale[j] = math.Pow(o.Condition, -float64(j)/math.Max(1, float64(o.D-1)))
	}
	ds := &data.Dataset{Name: "synthetic", N: o.N, D: o.D, X: make([]float64, o.N*o.D), Y: make([]float64, o.N)}
	for i := range o.N {
		row := ds.Row(i)
		y := 0.0
		for j := range row {
			row[j] = scale[j] * rng.NormFloat64()
			y += row[j] * wstar[j]
		}
		ds.Y[i] = y + o.Noise*rng.NormFloat64()
	}
	return newLeastSquares(ds, nil, o.Batch, o.L2, seed)
}

func newLeastSquares(train, test *data.Dataset, batch int, l2 float64, seed uint64) (*LeastSquares, error) {
	if err := checkFit(batch, l2); err != nil {
		return nil, err
	}
	p := &LeastSquares{train: train, test: test, d: train.D, l2: l2, seed: seed,
		batches: problems.NewBatches(train.N, min(batch, train.N), seed)}
	opt, err := p.solve()
	if err != nil {
		return nil, err
	}
	p.opt = opt
	p.optLoss = p.fullLoss(opt, train) + p.penalty(opt)
	return p, nil
}

// solve returns the minimizer of the full training loss from the normal
// equations (XᵀX/n + l2·I') [w; b] = Xᵀy/n, with I' leaving b unpenalized.
func (p *LeastSquares) solve() ([]float64, error) {
	ds, d := p.train, p.d
	n := float64(ds.N)
	a := mat.NewSymDense(d+1, nil)
	rhs := mat.NewVecDense(d+1, nil)
	for i := range ds.N {
		row := ds.Row(i)
		for j := 0; j <= d; j++ {
			xj := 1.0
			if j < d {
				xj = row[j]
			}
			rhs.SetVec(j, rhs.AtVec(j)+xj*ds.Y[i]/n)
			for k := j; k <= d; k++ {
				xk := 1.0
				if k < d {
					xk = row[k]
				}
				a.SetSym(j, k, a.At(j, k)+xj*xk/n)
			}
		}
	}
	for j := range d {
		a.SetSym(j, j, a.At(j, j)+p.l2)
	}
	var chol mat.Cholesky
	if !chol.Factorize(a) {
		return nil, fmt.Errorf("least squares: the normal equations are singular (add l2)")
	}
	var sol mat.VecDense
	if err := chol.SolveVecTo(&sol, rhs); err != nil {
		return nil, fmt.Errorf("least squares: %w", err)
	}
	return append([]float64(nil), sol.RawVector().Data...), nil
}

// Optimum returns the minimizer of the training loss, [w; b] (read only).
func (p *LeastSquares) Optimum() []float64 { return p.opt }

// Dim is D+1.
func (p *LeastSquares) Dim() int { return p.d + 1 }

// Init starts at zero: least squares is convex and the paper's convex runs
// start at the origin.
func (p *LeastSquares) Init(w []float64) { clear(w) }

// BatchesPerEpoch is ceil(N / batch).
func (p *LeastSquares) BatchesPerEpoch() int { return p.batches.PerEpoch() }

func (p *LeastSquares) residual(w, x []float64, y float64) float64 {
	s := w[p.d] - y
	for j, xj := range x[:p.d] {
		s += w[j] * xj
	}
	return s
}

// LossGrad is the minibatch loss and its gradient.
func (p *LeastSquares) LossGrad(w, g []float64, step int) float64 {
	idx := p.batches.Indices(step)
	clear(g)
	inv := 1 / float64(len(idx))
	loss := 0.0
	for _, i := range idx {
		x := p.train.Row(i)
		r := p.residual(w, x, p.train.Y[i])
		loss += 0.5 * r * r
		r *= inv
		for j, xj := range x[:p.d] {
			g[j] += r * xj
		}
		g[p.d] += r
	}
	if p.l2 != 0 {
		for j := range p.d {
			g[j] += p.l2 * w[j]
		}
	}
	return loss*inv + p.penalty(w)
}

func (p *LeastSquares) penalty(w []float64) float64 {
	if p.l2 == 0 {
		return 0
	}
	s := 0.0
	for _, wj := range w[:p.d] {
		s += wj * wj
	}
	return 0.5 * p.l2 * s
}

func (p *LeastSquares) fullLoss(w []float64, ds *data.Dataset) float64 {
	s := 0.0
	for i := range ds.N {
		r := p.residual(w, ds.Row(i), ds.Y[i])
		s += 0.5 * r * r
	}
	return s / float64(ds.N)
}

// Evaluate reports the training loss, its gap to the optimum and, with a
// test split, the test loss.
func (p *LeastSquares) Evaluate(w []float64) problems.Metrics {
	loss := p.fullLoss(w, p.train) + p.penalty(w)
	m := problems.Metrics{problems.TrainLoss: loss, problems.Gap: loss - p.optLoss}
	if p.test != nil {
		m[problems.TestLoss] = p.fullLoss(w, p.test)
	}
	return m
}
