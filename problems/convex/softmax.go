package convex

import (
	"fmt"

	"github.com/sfbench/sfbench/internal/vmath"
	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/problems/data"
)

// SoftmaxOptions configures multinomial logistic regression.
type SoftmaxOptions struct {
	Source    `yaml:",inline"`
	Batch     int     `yaml:"batch"`      // minibatch size (default 16, as in the paper)
	L2        float64 `yaml:"l2"`         // (l2/2)·‖W‖² added to the training loss (bias excluded)
	InitScale float64 `yaml:"init_scale"` // initial weights ~ N(0, init_scale²); 0 starts at zero
	// Validation holds out this fraction of the training rows (a fixed
	// split) and reports val_loss and val_acc on them (0: no split).
	Validation float64 `yaml:"validation"`
}

// ValidationFraction and SetValidationFraction make the options a problems.ValidationOptions.
func (o *SoftmaxOptions) ValidationFraction() float64     { return o.Validation }
func (o *SoftmaxOptions) SetValidationFraction(f float64) { o.Validation = f }

func init() {
	problems.Register(problems.Kind{
		Name:    "softmax",
		Doc:     "multinomial logistic regression on a shipped LIBSVM/CSV data set",
		Options: func() any { return &SoftmaxOptions{Batch: 16} },
		New: func(opts any, seed uint64) (problems.Problem, error) {
			return NewSoftmax(*opts.(*SoftmaxOptions), seed)
		},
		Plan: func(opts any) (problems.Plan, error) { return opts.(*SoftmaxOptions).plan() },
	})
}

// load checks the options and returns the data (cached, shared) and the
// number of training rows left beside the validation split.
func (o SoftmaxOptions) load() (train, test *data.Dataset, rows int, err error) {
	if o.Batch < 1 {
		return nil, nil, 0, fmt.Errorf("softmax: batch must be >= 1, got %d", o.Batch)
	}
	if !(o.L2 >= 0) || !(o.InitScale >= 0) {
		return nil, nil, 0, fmt.Errorf("softmax: l2 and init_scale must be >= 0")
	}
	train, test, err = o.Source.load()
	if err != nil {
		return nil, nil, 0, fmt.Errorf("softmax: %w", err)
	}
	if err := o.classification("softmax", train); err != nil {
		return nil, nil, 0, err
	}
	rows, _, err = problems.ValidationSize(train, o.Validation)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("softmax: %w", err)
	}
	if o.Batch > rows {
		return nil, nil, 0, fmt.Errorf("softmax: batch %d is larger than the %d training rows of %s", o.Batch, rows, train.Name)
	}
	return train, test, rows, nil
}

// plan: the data, its split copies, K·(D+1) parameters and LossGrad's
// buffers.
func (o SoftmaxOptions) plan() (problems.Plan, error) {
	train, test, rows, err := o.load()
	if err != nil {
		return problems.Plan{}, err
	}
	k, d := float64(train.Classes), float64(train.D)
	chunk := float64(min(o.Batch, gradChunk))
	split := problems.SplitFloats(train, o.Validation)
	floats := problems.DatasetFloats(train) + problems.DatasetFloats(test) + split + float64(rows) + k + chunk*(k+2*d+4)
	metrics := []string{problems.TrainLoss, problems.TrainAcc}
	if test != nil {
		metrics = append(metrics, problems.TestLoss, problems.TestAcc)
	}
	if o.Validation > 0 {
		metrics = append(metrics, problems.ValLoss, problems.ValAcc)
	}
	return problems.NewPlan(k*(d+1), floats, split, problems.PerEpoch(rows, o.Batch), metrics...), nil
}

// Softmax is multinomial logistic regression: with K classes and D
// features the parameters are W [K][D] (row-major) followed by b [K]; the
// loss of an example (x, y) is log Σ_k exp(z_k) − z_y with z = Wx + b.
type Softmax struct {
	train, test *data.Dataset
	val         *data.Dataset // nil without a validation split
	k, d        int
	l2, scale   float64
	seed        uint64
	batches     *problems.Batches

	// LossGrad's buffers for a chunk of up to gradChunk examples, which
	// it keeps as the columns of matrices with leading dimension gradChunk
	// (see vmath.MatVecCols): the features transposed, xt [D][chunk], and
	// the logits, then probabilities, then ∂loss/∂z, zt [K][chunk]; beside
	// them the features as rows, xs [chunk][D], and per example the logit
	// of its class, the softmax maximum and sum [chunk] each, and its
	// class, yc [chunk].
	xt, zt, xs, zy, ms, ls []float64
	yc                     []int
}

// gradChunk is the number of examples whose logits, ∂loss/∂z and features
// LossGrad buffers before it adds their outer products to the weight
// gradient with one vmath.GerBatchCols, and whose softmax sums it takes the
// logarithm of with one vmath.Log. The gradient does not depend on it:
// GerBatchCols applies the updates in example order, exactly as one Ger
// per example would.
const gradChunk = 32

var _ problems.Problem = (*Softmax)(nil)

// NewSoftmax builds the problem for one seed.
func NewSoftmax(o SoftmaxOptions, seed uint64) (*Softmax, error) {
	train, test, _, err := o.load()
	if err != nil {
		return nil, err
	}
	train, val, err := problems.SplitValidation(train, o.Validation)
	if err != nil {
		return nil, fmt.Errorf("softmax: %w", err)
	}
	chunk := min(o.Batch, train.N, gradChunk)
	return &Softmax{
		train: train, test: test, val: val, k: train.Classes, d: train.D,
		l2: o.L2, scale: o.InitScale, seed: seed,
		batches: problems.NewBatches(train.N, min(o.Batch, train.N), seed),
		xt:      make([]float64, train.D*chunk),
		zt:      make([]float64, train.Classes*chunk),
		xs:      make([]float64, chunk*train.D),
		zy:      make([]float64, chunk),
		ms:      make([]float64, chunk),
		ls:      make([]float64, chunk),
		yc:      make([]int, chunk),
	}, nil
}

// Dim is K·(D+1).
func (p *Softmax) Dim() int { return p.k * (p.d + 1) }

// Init draws W ~ N(0, init_scale²) and sets b = 0.
func (p *Softmax) Init(w []float64) {
	fillNormal(w[:p.k*p.d], p.scale, initRNG(p.seed))
	clear(w[p.k*p.d:])
}

// BatchesPerEpoch is ceil(N / batch).
func (p *Softmax) BatchesPerEpoch() int { return p.batches.PerEpoch() }

// LossGrad is the mean loss of the minibatch plus the L2 term, and its gradient.
func (p *Softmax) LossGrad(w, g []float64, step int) float64 {
	idx := p.batches.Indices(step)
	clear(g)
	W, b := w[:p.k*p.d], w[p.k*p.d:]
	gW, gb := g[:p.k*p.d], g[p.k*p.d:]
	inv := 1 / float64(len(idx))
	loss := 0.0
	ld := len(p.ls) // the leading dimension of xt and zt
	for len(idx) > 0 {
		n := min(len(idx), ld)
		// The chunk's rows are copied first, in a loop of nothing but
		// copies, so that the cache misses of rows not prefetched (the
		// first step, or after an evaluation) overlap; then transposed.
		for r, i := range idx[:n] {
			copy(p.xs[r*p.d:(r+1)*p.d], p.train.Row(i))
			p.yc[r] = p.train.Class(i)
		}
		vmath.Transpose(p.xt, p.xs, n, p.d, ld, p.d)
		// Per example, the loss −log p_y = log Σ_k exp(z_k) − z_y =
		// m + log(s) − z_y with m = max_k z_k and s = Σ_k exp(z_k − m):
		// the logits of the whole chunk, then their softmax (which
		// replaces them by the probabilities, with one exp per class), and
		// the logarithms of the s together. These are MatVec, SoftmaxSum
		// and Log per example, bit for bit, and the loss adds up in the
		// same order.
		vmath.MatVecCols(p.zt, W, p.xt, b, p.k, p.d, n, ld)
		for r, y := range p.yc[:n] {
			p.zy[r] = p.zt[y*ld+r]
		}
		vmath.SoftmaxSumCols(p.zt, p.k, n, ld, p.ms, p.ls)
		for r := range n {
			loss += p.ms[r] - p.zy[r]
		}
		// ∂loss/∂z_k = softmax_k − [k = y], averaged over the batch: gb
		// gets inv·∂loss/∂z of each example in turn, as Axpy would add it.
		for r, y := range p.yc[:n] {
			p.zt[y*ld+r]--
		}
		vmath.AxpyCols(gb, p.zt, p.k, n, ld, inv)
		vmath.Log(p.ls[:n], p.ls[:n])
		for _, l := range p.ls[:n] {
			loss += l
		}
		vmath.GerBatchCols(gW, p.k, p.d, p.zt, n, ld, p.xs[:n*p.d], inv)
		idx = idx[n:]
	}
	loss = float64(loss*inv) + p.addL2(w, g) // converted: never a fused multiply-add (GOAMD64=v3)
	// The next step's rows are scattered over the data set (1.9 MB for
	// letter, more than a core's L2); read when that step starts, their
	// cache and TLB misses cost ~1.5 µs of a 7 µs step on an EPYC (Zen 3)
	// VM. Prefetched now, they arrive during the optimizer's step. (The
	// batch of step+1 is a function of step+1 alone: asking for it early
	// changes nothing but when the epoch's order is computed.)
	next := p.batches.Indices(step + 1)
	prefetchRows(p.train.X, next, p.d)
	prefetchRows(p.train.Y, next, 1) // their classes
	return loss
}

// addL2 adds l2·W to the gradient and returns (l2/2)·‖W‖².
func (p *Softmax) addL2(w, g []float64) float64 {
	if p.l2 == 0 {
		return 0
	}
	W := w[:p.k*p.d]
	vmath.Axpy(g[:p.k*p.d], W, p.l2)
	return 0.5 * p.l2 * vmath.Dot(W, W)
}

// meanLossAcc is the mean loss and the accuracy over a whole data set.
// Per example the loss is log Σ_k exp(z_k) − z_y with the log-sum-exp
// m + log s of vmath.LogSumExp, and the prediction argmax_k z_k; they are
// computed with LossGrad's column kernels over chunks of examples
// (MatVecCols, SoftmaxSumCols and Log are MatVec, SoftmaxSum and the log
// of LogSumExp per example, bit for bit but for the payload of a NaN made
// from NaNs of different payloads, which only non-finite weights give, and
// the records write every NaN alike), about 1.6× faster on letter than one
// MatVec and LogSumExp per example, which is what meanLossAccRef in the
// tests does and checks this against.
func (p *Softmax) meanLossAcc(w []float64, ds *data.Dataset) (loss, acc float64) {
	W, b := w[:p.k*p.d], w[p.k*p.d:]
	ld := len(p.ls)
	correct := 0
	for i0 := 0; i0 < ds.N; i0 += ld {
		n := min(ld, ds.N-i0)
		for r := range n {
			copy(p.xs[r*p.d:(r+1)*p.d], ds.Row(i0+r))
		}
		vmath.Transpose(p.xt, p.xs, n, p.d, ld, p.d)
		vmath.MatVecCols(p.zt, W, p.xt, b, p.k, p.d, n, ld)
		for r := range n {
			y := ds.Class(i0 + r)
			p.zy[r] = p.zt[y*ld+r]
			if argmaxCol(p.zt, p.k, ld, r) == y {
				correct++
			}
		}
		vmath.SoftmaxSumCols(p.zt, p.k, n, ld, p.ms, p.ls)
		vmath.Log(p.ls[:n], p.ls[:n])
		for r := range n {
			lse := p.ms[r] + p.ls[r]
			loss += lse - p.zy[r]
		}
	}
	return loss / float64(ds.N), float64(correct) / float64(ds.N)
}

// Evaluate reports training loss (with the L2 term) and accuracy, and the
// test (and validation) loss and accuracy when the data set has that split.
func (p *Softmax) Evaluate(w []float64) problems.Metrics {
	loss, acc := p.meanLossAcc(w, p.train)
	if p.l2 != 0 {
		W := w[:p.k*p.d]
		loss += float64(0.5 * p.l2 * vmath.Dot(W, W))
	}
	m := problems.Metrics{problems.TrainLoss: loss, problems.TrainAcc: acc}
	if p.test != nil {
		m[problems.TestLoss], m[problems.TestAcc] = p.meanLossAcc(w, p.test)
	}
	if p.val != nil {
		m[problems.ValLoss], m[problems.ValAcc] = p.meanLossAcc(w, p.val)
	}
	return m
}

// argmaxCol is the index of the largest of column r of the k×ld matrix
// z: the first one for ties, and never a NaN (v > z[best] is false for
// them) unless the first is.
func argmaxCol(z []float64, k, ld, r int) int {
	best, bv := 0, z[r] // bv is z[best*ld+r], kept in a register
	for kk := 1; kk < k; kk++ {
		if v := z[kk*ld+r]; v > bv {
			best, bv = kk, v
		}
	}
	return best
}
