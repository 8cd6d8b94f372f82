package optim

import (
	"fmt"
	"math"

	"github.com/sfbench/sfbench/optim/kernel"
)

// AdamWConfig configures AdamW with torch semantics. A nil Schedule is constant.
type AdamWConfig struct {
	LR          float64 // base learning rate, >= 0
	Beta1       float64 // first-moment decay, in [0, 1)
	Beta2       float64 // second-moment decay, in [0, 1)
	Eps         float64 // > 0
	WeightDecay float64 // decoupled: w *= 1 - lr*λ before the step, >= 0
	Schedule    Schedule
}

// DefaultAdamW is torch.optim.AdamW's defaults.
func DefaultAdamW() AdamWConfig {
	return AdamWConfig{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 0.01}
}

// Validate reports the first hyperparameter out of range.
func (c AdamWConfig) Validate() error {
	err := firstError([]check{
		nonNegative("adamw", "lr", c.LR),
		halfOpenUnit("adamw", "beta1", c.Beta1),
		halfOpenUnit("adamw", "beta2", c.Beta2),
		positive("adamw", "eps", c.Eps),
		nonNegative("adamw", "weight_decay", c.WeightDecay),
	})
	if err == nil && c.Schedule != nil {
		if serr := c.Schedule.Validate(); serr != nil {
			err = fmt.Errorf("optim: adamw: %w", serr)
		}
	}
	return err
}

// AdamW is Adam with decoupled weight decay as torch.optim.AdamW computes it.
type AdamW struct {
	cfg      AdamWConfig
	bc1, bc2 biasCorrection // of Beta1 and Beta2
	k        int
	m, v     []float64 // [n] each, one block
}

var _ Optimizer = (*AdamW)(nil)

// NewAdamW returns an AdamW optimizer, or the error of an invalid configuration.
func NewAdamW(cfg AdamWConfig) (*AdamW, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Schedule == nil {
		cfg.Schedule = Constant{}
	}
	return &AdamW{cfg: cfg, bc1: newBiasCorrection(cfg.Beta1), bc2: newBiasCorrection(cfg.Beta2)}, nil
}

// Rate is the learning rate of the next step.
func (o *AdamW) Rate() float64 { return o.cfg.LR * o.cfg.Schedule.Factor(o.k) }

// Steps is the number of steps taken.
func (o *AdamW) Steps() int { return o.k }

func newMoments(n int) (m, v []float64) {
	vs := kernel.Vectors[float64](n, 2)
	return vs[0], vs[1]
}

// Step takes one AdamW step at w.
func (o *AdamW) Step(w, g []float64) {
	if o.m == nil {
		o.m, o.v = newMoments(len(w))
	}
	checkLen("adamw", len(o.m), w, g)
	c := o.cfg
	lr := o.Rate()
	bc1, bc2 := o.bc1.at(o.k+1), o.bc2.at(o.k+1)
	kernel.AdamWStep(w, o.m, o.v, g, 1-lr*c.WeightDecay, c.Beta1, c.Beta2, lr/bc1, math.Sqrt(bc2), c.Eps)
	o.k++
}

// EvalPoint copies w: AdamW evaluates where it trains.
func (o *AdamW) EvalPoint(dst, w []float64) { copy(dst[:len(w)], w) }

// Eval does nothing.
func (o *AdamW) Eval([]float64) {}

// Train does nothing.
func (o *AdamW) Train([]float64) {}

// MarshalBinary returns the optimizer's state.
func (o *AdamW) MarshalBinary() ([]byte, error) {
	e := newEncoder("adamw", fmt.Sprintf("%+v", o.cfg))
	e.int(o.k)
	e.floats(o.m)
	e.floats(o.v)
	return e.buf, nil
}

// UnmarshalBinary restores a state written by MarshalBinary.
func (o *AdamW) UnmarshalBinary(data []byte) error {
	d := newDecoder(data, "adamw", fmt.Sprintf("%+v", o.cfg))
	k := d.int()
	var m, v []float64
	if n := d.vectorLen(); n >= 0 {
		m, v = newMoments(n)
	}
	d.floatsInto(m)
	d.floatsInto(v)
	if err := d.finish(); err != nil {
		return err
	}
	o.k, o.m, o.v = k, m, v
	return nil
}
