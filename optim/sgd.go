package optim

import (
	"fmt"

	"github.com/sfbench/sfbench/optim/kernel"
)

// SGDConfig configures SGD with torch semantics. A nil Schedule is constant.
type SGDConfig struct {
	LR          float64 // base learning rate, >= 0
	Momentum    float64 // μ >= 0; 0 turns momentum off
	Dampening   float64 // in [0, 1]
	Nesterov    bool    // needs Momentum > 0 and Dampening 0 (as torch)
	WeightDecay float64 // λ >= 0, added to the gradient (coupled)
	Schedule    Schedule
}

// Validate reports the first hyperparameter out of range.
func (c SGDConfig) Validate() error {
	err := firstError([]check{
		nonNegative("sgd", "lr", c.LR),
		nonNegative("sgd", "momentum", c.Momentum),
		closedUnit("sgd", "dampening", c.Dampening),
		nonNegative("sgd", "weight_decay", c.WeightDecay),
	})
	if err == nil && c.Nesterov && (c.Momentum <= 0 || c.Dampening != 0) {
		err = SettingErrorf("nesterov", "optim: sgd: nesterov needs momentum > 0 and dampening 0")
	}
	if err == nil && c.Schedule != nil {
		if serr := c.Schedule.Validate(); serr != nil {
			err = fmt.Errorf("optim: sgd: %w", serr)
		}
	}
	return err
}

// SGD is stochastic gradient descent as torch.optim.SGD computes it: with
// d = g + λw, the momentum buffer is d on the first step and μ*buf + (1-τ)*d
// after; the step is w -= lr*buf (or lr*(d + μ*buf) with Nesterov).
type SGD struct {
	cfg SGDConfig
	k   int
	buf []float64 // [n] momentum buffer; nil without momentum
	n   int
}

var _ Optimizer = (*SGD)(nil)

// NewSGD returns an SGD optimizer, or the error of an invalid configuration.
func NewSGD(cfg SGDConfig) (*SGD, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Schedule == nil {
		cfg.Schedule = Constant{}
	}
	return &SGD{cfg: cfg, n: -1}, nil
}

// Rate is the learning rate of the next step.
func (o *SGD) Rate() float64 { return o.cfg.LR * o.cfg.Schedule.Factor(o.k) }

// Steps is the number of steps taken.
func (o *SGD) Steps() int { return o.k }

// Step takes one SGD step at w.
func (o *SGD) Step(w, g []float64) {
	if o.n < 0 {
		o.n = len(w)
		if o.cfg.Momentum != 0 {
			o.buf = kernel.Vectors[float64](o.n, 1)[0]
		}
	}
	checkLen("sgd", o.n, w, g)
	c := o.cfg
	kernel.SGDStep(w, o.buf, g, o.Rate(), c.WeightDecay, c.Momentum, c.Dampening, c.Nesterov, o.k == 0)
	o.k++
}

// EvalPoint copies w: SGD evaluates where it trains.
func (o *SGD) EvalPoint(dst, w []float64) { copy(dst[:len(w)], w) }

// Eval does nothing.
func (o *SGD) Eval([]float64) {}

// Train does nothing.
func (o *SGD) Train([]float64) {}

// MarshalBinary returns the optimizer's state.
func (o *SGD) MarshalBinary() ([]byte, error) {
	e := newEncoder("sgd", fmt.Sprintf("%+v", o.cfg))
	e.int(o.k)
	e.int(o.n)
	e.floats(o.buf)
	return e.buf, nil
}

// UnmarshalBinary restores a state written by MarshalBinary.
func (o *SGD) UnmarshalBinary(data []byte) error {
	d := newDecoder(data, "sgd", fmt.Sprintf("%+v", o.cfg))
	k, n := d.int(), d.int()
	var buf []float64
	if m := d.vectorLen(); m >= 0 {
		buf = kernel.Vectors[float64](m, 1)[0]
	}
	d.floatsInto(buf)
	if err := d.finish(); err != nil {
		return err
	}
	o.k, o.n, o.buf = k, n, buf
	return nil
}
