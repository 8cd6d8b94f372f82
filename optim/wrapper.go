package optim

import (
	"fmt"

	"github.com/sfbench/sfbench/optim/kernel"
)

// WrapperConfig configures the schedule-free wrapper.
type WrapperConfig struct {
	Momentum       float64 // β, in (0, 1)
	WeightDecayAtY float64 // λ >= 0, applied at y before the base step
	R              float64 // averaging weight grows as (k+1)^R, >= 0
	WeightLRPower  float64 // averaging weight grows as lrMax^WeightLRPower, >= 0
}

// DefaultWrapper is the official ScheduleFreeWrapper's defaults.
func DefaultWrapper() WrapperConfig { return WrapperConfig{Momentum: 0.9, WeightLRPower: 2} }

// Validate reports the first hyperparameter out of range.
func (c WrapperConfig) Validate() error {
	return firstError([]check{
		openUnit("sf-wrapper", "momentum", c.Momentum),
		nonNegative("sf-wrapper", "weight_decay_at_y", c.WeightDecayAtY),
		nonNegative("sf-wrapper", "r", c.R),
		nonNegative("sf-wrapper", "weight_lr_power", c.WeightLRPower),
	})
}

// Wrapper makes any base optimizer schedule-free, as the official
// ScheduleFreeWrapper does: the caller's vector holds y, the base optimizer
// steps on z with the gradient taken at y (its own momentum, decay and
// schedule apply to z), and x averages z with the weights of the base
// optimizer's learning rate. With lr the base's rate for this step:
//
//	z -= lr*λ*y; y -= lr*λ*(1-β)*y        (when λ != 0)
//	x = y + (1-1/β)(z-y)
//	base step on z with g
//	c from lrMax = max(lrMax, lr) as for every schedule-free method
//	x += c(z-x); y = x + (1-β)(z-x)
type Wrapper struct {
	base  Optimizer
	cfg   WrapperConfig
	clock clock
	yzForm
}

var _ Optimizer = (*Wrapper)(nil)
var _ Zer = (*Wrapper)(nil)

// NewWrapper wraps base, which must be freshly constructed and is owned by
// the wrapper from then on.
func NewWrapper(base Optimizer, cfg WrapperConfig) (*Wrapper, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if base == nil {
		return nil, fmt.Errorf("optim: sf-wrapper: no base optimizer")
	}
	return &Wrapper{base: base, cfg: cfg, yzForm: yzForm{beta: cfg.Momentum}}, nil
}

// Base returns the wrapped optimizer.
func (o *Wrapper) Base() Optimizer { return o.base }

// Rate is the base optimizer's rate for the next step.
func (o *Wrapper) Rate() float64 { return o.base.Rate() }

// Steps is the number of steps taken.
func (o *Wrapper) Steps() int { return o.clock.k }

// Step takes one schedule-free step at y: the base optimizer steps on z.
func (o *Wrapper) Step(y, g []float64) {
	o.mustTrain("sf-wrapper")
	if o.z == nil {
		o.z = kernel.Vectors[float64](len(y), 1)[0]
		copy(o.z, y)
	}
	checkLen("sf-wrapper", len(o.z), y, g)
	beta, lambda := o.cfg.Momentum, o.cfg.WeightDecayAtY
	lr := o.base.Rate()
	// y becomes x in place.
	if lambda != 0 {
		kernel.DecayAtY(y, o.z, lr*lambda, lr*lambda*(1-beta), 1-1/beta)
	} else {
		kernel.Lerp(y, o.z, 1-1/beta)
	}
	o.base.Step(o.z, g)
	c := o.clock.advance(lr, o.cfg.R, o.cfg.WeightLRPower)
	kernel.Interp(y, y, o.z, c, 1-beta)
}

func (o *Wrapper) signature() string { return fmt.Sprintf("%+v", o.cfg) }

// MarshalBinary returns the wrapper's state, the base optimizer's included.
func (o *Wrapper) MarshalBinary() ([]byte, error) {
	e := newEncoder("sf-wrapper", o.signature())
	o.clock.encode(e)
	e.bool(o.eval)
	e.floats(o.z)
	if err := e.nested(o.base); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// UnmarshalBinary restores a state written by MarshalBinary.
func (o *Wrapper) UnmarshalBinary(data []byte) error {
	d := newDecoder(data, "sf-wrapper", o.signature())
	var c clock
	c.decode(d)
	eval := d.bool()
	var z []float64
	if n := d.vectorLen(); n >= 0 {
		z = kernel.Vectors[float64](n, 1)[0]
	}
	d.floatsInto(z)
	d.nested(o.base)
	if err := d.finish(); err != nil {
		return err
	}
	o.clock, o.mode.eval, o.z = c, eval, z
	return nil
}
