package convex

import (
	"fmt"
	"math"

	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/problems/data"
)

// SoftmaxOptions configures multinomial logistic regression.
type SoftmaxOptions struct {
	Source    `yaml:",inline"`
	Batch     int     `yaml:"batch"`      // minibatch size (default 16, as in the paper)
	L2        float64 `yaml:"l2"`         // (l2/2)·‖W‖² added to the training loss (bias excluded)
	InitScale float64 `yaml:"init_scale"` // initial weights ~ N(0, init_scale²); 0 starts at zero
}

func init() {
	problems.Register(problems.Kind{
		Name:    "softmax",
		Doc:     "multinomial logistic regression on a shipped LIBSVM/CSV data set",
		Options: func() any { return &SoftmaxOptions{Batch: 16} },
		New: func(opts any, seed uint64) (problems.Problem, error) {
			return NewSoftmax(*opts.(*SoftmaxOptions), seed)
		},
	})
}

// Softmax is multinomial logistic regression: with K classes and D
// features the parameters are W [K][D] (row-major) followed by b [K]; the
// loss of an example (x, y) is log Σ_k exp(z_k) − z_y with z = Wx + b.
type Softmax struct {
	train, test *data.Dataset
	k, d        int
	l2, scale   float64
	seed        uint64
	batches     *problems.Batches
	z           []float64 // [K] logits of one example
}

var _ problems.Problem = (*Softmax)(nil)

// NewSoftmax builds the problem for one seed.
func NewSoftmax(o SoftmaxOptions, seed uint64) (*Softmax, error) {
	if o.Batch < 1 {
		return nil, fmt.Errorf("softmax: batch must be >= 1, got %d", o.Batch)
	}
	if !(o.L2 >= 0) || !(o.InitScale >= 0) {
		return nil, fmt.Errorf("softmax: l2 and init_scale must be >= 0")
	}
	train, test, err := o.load()
	if err != nil {
		return nil, fmt.Errorf("softmax: %w", err)
	}
	if train.Classes < 2 {
		return nil, fmt.Errorf("softmax: data set %s is not a classification set", train.Name)
	}
	return &Softmax{
		train: train, test: test, k: train.Classes, d: train.D,
		l2: o.L2, scale: o.InitScale, seed: seed,
		batches: problems.NewBatches(train.N, min(o.Batch, train.N), seed),
		z:       make([]float64, train.Classes),
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

// logits writes z = Wx + b into p.z and returns log Σ_k exp(z_k).
func (p *Softmax) logits(w, x []float64) (lse float64) {
	W, b := w[:p.k*p.d], w[p.k*p.d:]
	zmax := math.Inf(-1)
	for k := range p.z {
		row := W[k*p.d : (k+1)*p.d]
		s := b[k]
		for j, xj := range x[:len(row)] {
			s += row[j] * xj
		}
		p.z[k] = s
		zmax = math.Max(zmax, s)
	}
	sum := 0.0
	for _, zk := range p.z {
		sum += math.Exp(zk - zmax)
	}
	return zmax + math.Log(sum)
}

// probabilities replaces the logits in p.z by softmax probabilities and
// returns the loss −log p_y; one exp per class.
func (p *Softmax) probabilities(w, x []float64, y int) (loss float64) {
	lse := p.logits(w, x)
	loss = lse - p.z[y]
	for k, zk := range p.z {
		p.z[k] = math.Exp(zk - lse)
	}
	return loss
}

// LossGrad is the mean loss of the minibatch plus the L2 term, and its gradient.
func (p *Softmax) LossGrad(w, g []float64, step int) float64 {
	idx := p.batches.Indices(step)
	clear(g)
	gW, gb := g[:p.k*p.d], g[p.k*p.d:]
	inv := 1 / float64(len(idx))
	loss := 0.0
	for _, i := range idx {
		x, y := p.train.Row(i), p.train.Class(i)
		loss += p.probabilities(w, x, y)
		p.z[y]--
		for k, pk := range p.z {
			// ∂loss/∂z_k = softmax_k − [k = y], averaged over the batch.
			dk := pk * inv
			gb[k] += dk
			row := gW[k*p.d : (k+1)*p.d]
			for j, xj := range x[:len(row)] {
				row[j] += dk * xj
			}
		}
	}
	return loss*inv + p.addL2(w, g)
}

// addL2 adds l2·W to the gradient and returns (l2/2)·‖W‖².
func (p *Softmax) addL2(w, g []float64) float64 {
	if p.l2 == 0 {
		return 0
	}
	s := 0.0
	for j, wj := range w[:p.k*p.d] {
		s += wj * wj
		g[j] += p.l2 * wj
	}
	return 0.5 * p.l2 * s
}

// meanLossAcc is the mean loss and the accuracy over a whole data set.
func (p *Softmax) meanLossAcc(w []float64, ds *data.Dataset) (loss, acc float64) {
	correct := 0
	for i := range ds.N {
		lse := p.logits(w, ds.Row(i))
		y := ds.Class(i)
		loss += lse - p.z[y]
		if argmax(p.z) == y {
			correct++
		}
	}
	return loss / float64(ds.N), float64(correct) / float64(ds.N)
}

// Evaluate reports training loss (with the L2 term) and accuracy, and the
// test loss and accuracy when the data set has a test split.
func (p *Softmax) Evaluate(w []float64) problems.Metrics {
	loss, acc := p.meanLossAcc(w, p.train)
	if p.l2 != 0 {
		s := 0.0
		for _, wj := range w[:p.k*p.d] {
			s += wj * wj
		}
		loss += 0.5 * p.l2 * s
	}
	m := problems.Metrics{problems.TrainLoss: loss, problems.TrainAcc: acc}
	if p.test != nil {
		m[problems.TestLoss], m[problems.TestAcc] = p.meanLossAcc(w, p.test)
	}
	return m
}

// argmax is the index of the largest value (the first on ties); NaN never wins.
func argmax(z []float64) int {
	best := 0
	for k, v := range z {
		if v > z[best] {
			best = k
		}
	}
	return best
}
