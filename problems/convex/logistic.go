package convex

import (
	"fmt"
	"math"

	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/problems/data"
)

// LogisticOptions configures binary logistic regression.
type LogisticOptions struct {
	Source `yaml:",inline"`
	Batch  int     `yaml:"batch"`
	L2     float64 `yaml:"l2"`
	// PositiveClass turns a multi-class set into "class k versus the rest";
	// -1 (the default) requires a two-class set, whose second class is positive.
	PositiveClass int `yaml:"positive_class"`
}

func init() {
	problems.Register(problems.Kind{
		Name:    "logistic",
		Doc:     "binary logistic regression (two-class set, or one class versus the rest)",
		Options: func() any { return &LogisticOptions{Batch: 16, PositiveClass: -1} },
		New: func(opts any, seed uint64) (problems.Problem, error) {
			return NewLogistic(*opts.(*LogisticOptions), seed)
		},
		Plan: func(opts any) (problems.Plan, error) { return opts.(*LogisticOptions).plan() },
	})
}

// load checks the options and returns the data (cached, shared) and the
// positive class.
func (o LogisticOptions) load() (train, test *data.Dataset, pos int, err error) {
	if o.Batch < 1 || !(o.L2 >= 0) {
		return nil, nil, 0, fmt.Errorf("logistic: need batch >= 1 and l2 >= 0")
	}
	train, test, err = o.Source.load()
	if err != nil {
		return nil, nil, 0, fmt.Errorf("logistic: %w", err)
	}
	if err := o.classification("logistic", train); err != nil {
		return nil, nil, 0, err
	}
	pos = o.PositiveClass
	switch {
	case pos < 0 && train.Classes != 2:
		return nil, nil, 0, fmt.Errorf("logistic: %s has %d classes; set positive_class for one versus the rest", o.name(train), train.Classes)
	case pos < 0:
		pos = 1
	case pos >= train.Classes:
		return nil, nil, 0, fmt.Errorf("logistic: positive_class %d, but %s has %d classes", pos, o.name(train), train.Classes)
	}
	return train, test, pos, nil
}

// plan: the data (used in place), D+1 parameters and the minibatch order.
func (o LogisticOptions) plan() (problems.Plan, error) {
	train, test, _, err := o.load()
	if err != nil {
		return problems.Plan{}, err
	}
	metrics := []string{problems.TrainLoss, problems.TrainAcc}
	if test != nil {
		metrics = append(metrics, problems.TestLoss, problems.TestAcc)
	}
	floats := problems.DatasetFloats(train) + problems.DatasetFloats(test) + float64(train.N)
	return problems.NewPlan(float64(train.D)+1, floats, float64(train.N), problems.PerEpoch(train.N, o.Batch), metrics...), nil
}

// Logistic is binary logistic regression with parameters w [D] then b: the
// loss of (x, s), s = ±1, is log(1 + exp(−s·(w·x + b))).
type Logistic struct {
	train, test *data.Dataset
	d, pos      int
	l2          float64
	batches     *problems.Batches
}

var _ problems.Problem = (*Logistic)(nil)

// NewLogistic builds the problem for one seed.
func NewLogistic(o LogisticOptions, seed uint64) (*Logistic, error) {
	train, test, pos, err := o.load()
	if err != nil {
		return nil, err
	}
	return &Logistic{train: train, test: test, d: train.D, pos: pos, l2: o.L2,
		batches: problems.NewBatches(train.N, min(o.Batch, train.N), seed)}, nil
}

// Dim is D+1.
func (p *Logistic) Dim() int { return p.d + 1 }

// Init starts at zero.
func (p *Logistic) Init(w []float64) { clear(w) }

// BatchesPerEpoch is ceil(N / batch).
func (p *Logistic) BatchesPerEpoch() int { return p.batches.PerEpoch() }

// margin returns s and s·(w·x + b) for row i of ds.
func (p *Logistic) margin(w []float64, ds *data.Dataset, i int) (s, m float64) {
	x := ds.Row(i)
	z := w[p.d]
	for j, xj := range x[:p.d] {
		z += w[j] * xj
	}
	s = -1
	if ds.Class(i) == p.pos {
		s = 1
	}
	return s, s * z
}

// softplus is log(1 + exp(−m)) without overflow.
func softplus(m float64) float64 {
	if m > 0 {
		return math.Log1p(math.Exp(-m))
	}
	return -m + math.Log1p(math.Exp(m))
}

// LossGrad is the minibatch loss and its gradient.
func (p *Logistic) LossGrad(w, g []float64, step int) float64 {
	idx := p.batches.Indices(step)
	clear(g)
	inv := 1 / float64(len(idx))
	loss := 0.0
	for _, i := range idx {
		s, m := p.margin(w, p.train, i)
		loss += softplus(m)
		// d/dz log(1+exp(−s z)) = −s·σ(−m)
		c := -s * inv / (1 + math.Exp(m))
		for j, xj := range p.train.Row(i)[:p.d] {
			g[j] += c * xj
		}
		g[p.d] += c
	}
	pen := 0.0
	if p.l2 != 0 {
		for j, wj := range w[:p.d] {
			g[j] += p.l2 * wj
			pen += wj * wj
		}
	}
	return loss*inv + 0.5*p.l2*pen
}

func (p *Logistic) lossAcc(w []float64, ds *data.Dataset) (loss, acc float64) {
	correct := 0
	for i := range ds.N {
		_, m := p.margin(w, ds, i)
		loss += softplus(m)
		if m > 0 {
			correct++
		}
	}
	return loss / float64(ds.N), float64(correct) / float64(ds.N)
}

// Evaluate reports training and (with a test split) test loss and accuracy.
func (p *Logistic) Evaluate(w []float64) problems.Metrics {
	loss, acc := p.lossAcc(w, p.train)
	pen := 0.0
	for _, wj := range w[:p.d] {
		pen += wj * wj
	}
	m := problems.Metrics{problems.TrainLoss: loss + 0.5*p.l2*pen, problems.TrainAcc: acc}
	if p.test != nil {
		m[problems.TestLoss], m[problems.TestAcc] = p.lossAcc(w, p.test)
	}
	return m
}
