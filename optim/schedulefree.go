package optim

import (
	"fmt"
	"math"

	"github.com/sfbench/sfbench/optim/kernel"
)

// SFMethod selects how a schedule-free optimizer turns a gradient into a step.
type SFMethod int

const (
	// MethodSGD steps with the raw gradient (official SGDScheduleFree).
	MethodSGD SFMethod = iota
	// MethodAdamW normalizes by the bias-corrected second moment
	// (official AdamWScheduleFree, versions >= 1.3).
	MethodAdamW
	// MethodAdamWPaper is the variant of the paper and official <= 1.2: the
	// bias correction multiplies the learning rate (and so enters lrMax and
	// the averaging weights) instead of dividing the second moment.
	MethodAdamWPaper
	// MethodRAdam is RAdamScheduleFree: no warmup; Adam steps scaled by
	// RAdam's rectification once it is defined, before that either no
	// step at all (the default, "silent" phase) or plain SGD steps.
	MethodRAdam
)

var methodNames = [...]string{"sf-sgd", "sf-adamw", "sf-adamw-paper", "sf-radam"}

func (m SFMethod) String() string {
	if m < 0 || int(m) >= len(methodNames) {
		return fmt.Sprintf("SFMethod(%d)", int(m))
	}
	return methodNames[m]
}

// SFConfig configures a schedule-free optimizer. Zero fields are zero, not
// defaults: start from DefaultSFSGD, DefaultSFAdamW, DefaultSFAdamWPaper or
// DefaultSFRAdam and change what you need.
type SFConfig struct {
	Method        SFMethod
	LR            float64 // base learning rate, >= 0
	Beta1         float64 // interpolation momentum β, in (0, 1)
	Beta2         float64 // second-moment decay (Adam methods), in [0, 1)
	Eps           float64 // added to the root second moment (Adam methods), > 0
	WeightDecay   float64 // λ, applied to the gradient at y, >= 0
	Warmup        int     // steps of linear warmup, >= 0 (0 for RAdam)
	R             float64 // averaging weight grows as (k+1)^R, >= 0
	WeightLRPower float64 // averaging weight grows as lrMax^WeightLRPower, >= 0
	SGDPhase      bool    // RAdam only: plain SGD steps while the rectification is undefined
}

// DefaultSFSGD is the official SGDScheduleFree's defaults.
func DefaultSFSGD() SFConfig {
	return SFConfig{Method: MethodSGD, LR: 1, Beta1: 0.9, WeightLRPower: 2}
}

// DefaultSFAdamW is the official AdamWScheduleFree's defaults.
func DefaultSFAdamW() SFConfig {
	return SFConfig{Method: MethodAdamW, LR: 0.0025, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightLRPower: 2}
}

// DefaultSFAdamWPaper is DefaultSFAdamW with the paper's bias correction.
func DefaultSFAdamWPaper() SFConfig {
	c := DefaultSFAdamW()
	c.Method = MethodAdamWPaper
	return c
}

// DefaultSFRAdam is the official RAdamScheduleFree's defaults.
func DefaultSFRAdam() SFConfig {
	c := DefaultSFAdamW()
	c.Method = MethodRAdam
	return c
}

// Validate reports the first hyperparameter out of range.
func (c SFConfig) Validate() error {
	name := c.Method.String()
	if c.Method < MethodSGD || c.Method > MethodRAdam {
		return fmt.Errorf("optim: unknown schedule-free method %d", int(c.Method))
	}
	adam := c.Method != MethodSGD
	checks := []check{
		nonNegative(name, "lr", c.LR),
		openUnit(name, "beta1 (momentum)", c.Beta1),
		nonNegative(name, "weight_decay", c.WeightDecay),
		nonNegative(name, "r", c.R),
		nonNegative(name, "weight_lr_power", c.WeightLRPower),
		nonNegativeInt(name, "warmup_steps", c.Warmup),
	}
	if adam {
		checks = append(checks, halfOpenUnit(name, "beta2", c.Beta2), positive(name, "eps", c.Eps))
	} else {
		checks = append(checks, unused(name, "beta2", c.Beta2), unused(name, "eps", c.Eps))
	}
	if c.Method == MethodRAdam && c.Warmup != 0 {
		checks = append(checks, SettingErrorf("warmup_steps", "optim: %s: warmup_steps does not apply (RAdam rectifies instead), got %d", name, c.Warmup))
	}
	if c.Method != MethodRAdam && c.SGDPhase {
		checks = append(checks, SettingErrorf("sgd_phase", "optim: %s: sgd_phase applies to sf-radam only", name))
	}
	return firstError(checks)
}

// ScheduleFree is a schedule-free optimizer in the memory-efficient form:
// the caller's parameter vector holds y, the optimizer stores z (and the
// second moment v for the Adam methods), and x is recovered from y and z.
type ScheduleFree struct {
	cfg   SFConfig
	bc2   biasCorrection // of Beta2
	clock clock
	yzForm
	v []float64 // [n] second moment (Adam methods), in z's block
}

var _ Optimizer = (*ScheduleFree)(nil)
var _ Zer = (*ScheduleFree)(nil)

// NewScheduleFree returns a schedule-free optimizer, or the error of an
// invalid configuration.
func NewScheduleFree(cfg SFConfig) (*ScheduleFree, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &ScheduleFree{cfg: cfg, bc2: newBiasCorrection(cfg.Beta2), yzForm: yzForm{beta: cfg.Beta1}}, nil
}

// Config returns the configuration.
func (o *ScheduleFree) Config() SFConfig { return o.cfg }

// newState allocates z, and v for the Adam methods, in one block.
func (o *ScheduleFree) newState(n int) (z, v []float64) {
	if o.cfg.Method == MethodSGD {
		return kernel.Vectors[float64](n, 1)[0], nil
	}
	vs := kernel.Vectors[float64](n, 2)
	return vs[0], vs[1]
}

// Steps is the number of steps taken.
func (o *ScheduleFree) Steps() int { return o.clock.k }

// Rate is the learning rate of the next step (after warmup, rectification
// or the paper variant's bias correction).
func (o *ScheduleFree) Rate() float64 {
	lr, _ := o.cfg.rateBC(o.clock.k, o.bc2)
	return lr
}

// rate returns step k's learning rate and the divisor of the second moment
// (its bias correction; 1 where it does not apply).
func (c SFConfig) rate(k int) (lr, bc2 float64) { return c.rateBC(k, biasCorrection{beta: c.Beta2}) }

// rateBC is rate with Beta2's bias correction b (the same values whatever
// b knows of where it becomes 1).
func (c SFConfig) rateBC(k int, b biasCorrection) (lr, bc2 float64) {
	switch c.Method {
	case MethodSGD:
		return c.LR * warmup(k, c.Warmup), 1
	case MethodAdamW:
		return c.LR * warmup(k, c.Warmup), b.at(k + 1)
	case MethodAdamWPaper:
		return c.LR * warmup(k, c.Warmup) * math.Sqrt(b.at(k+1)), 1
	default: // MethodRAdam
		return c.LR * rectification(k, c.Beta2, c.SGDPhase), b.at(k + 1)
	}
}

// rectification is RAdam's step scale at step k: with t = k+1,
// ρ∞ = 2/(1-β2) - 1 and ρt = ρ∞ - 2tβ2^t/(1-β2^t), it is
// sqrt((ρt-4)(ρt-2)ρ∞ / ((ρ∞-4)(ρ∞-2)ρt)) when ρt > 4, else 0 (1 when the
// SGD phase is on).
func rectification(k int, beta2 float64, sgdPhase bool) float64 {
	rhoInf, rhoT := radamRho(k, beta2)
	if rhoT > 4 {
		return math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
	}
	if sgdPhase {
		return 1
	}
	return 0
}

func radamRho(k int, beta2 float64) (rhoInf, rhoT float64) {
	t := float64(k + 1)
	bt := math.Pow(beta2, t)
	rhoInf = 2/(1-beta2) - 1
	return rhoInf, rhoInf - 2*t*bt/(1-bt)
}

// Step takes one schedule-free step at y with gradient g.
func (o *ScheduleFree) Step(y, g []float64) {
	o.mustTrain(o.cfg.Method.String())
	if o.z == nil {
		o.z, o.v = o.newState(len(y))
		copy(o.z, y)
	}
	checkLen(o.cfg.Method.String(), len(o.z), y, g)
	cfg := o.cfg
	k := o.clock.k
	lr, bc2 := cfg.rateBC(k, o.bc2)
	c := o.clock.advance(lr, cfg.R, cfg.WeightLRPower)
	a := lr * (cfg.Beta1*(1-c) - 1)
	switch {
	case cfg.Method == MethodSGD:
		kernel.SFStep(y, o.z, g, c, a, lr, cfg.WeightDecay)
	case cfg.Method == MethodRAdam:
		if _, rhoT := radamRho(k, cfg.Beta2); rhoT <= 4 {
			// Before the rectification is defined: the second moment
			// accumulates and u is the raw gradient.
			kernel.SecondMoment(o.v, g, cfg.Beta2)
			kernel.SFStep(y, o.z, g, c, a, lr, cfg.WeightDecay)
			return
		}
		kernel.SFAdamStep(y, o.z, o.v, g, c, a, lr, cfg.WeightDecay, cfg.Beta2, bc2, cfg.Eps)
	default:
		kernel.SFAdamStep(y, o.z, o.v, g, c, a, lr, cfg.WeightDecay, cfg.Beta2, bc2, cfg.Eps)
	}
}

func (o *ScheduleFree) signature() string { return fmt.Sprintf("%+v", o.cfg) }

// MarshalBinary returns the optimizer's state.
func (o *ScheduleFree) MarshalBinary() ([]byte, error) {
	e := newEncoder("schedule-free", o.signature())
	o.clock.encode(e)
	e.bool(o.eval)
	e.floats(o.z)
	e.floats(o.v)
	return e.buf, nil
}

// UnmarshalBinary restores a state written by MarshalBinary.
func (o *ScheduleFree) UnmarshalBinary(data []byte) error {
	d := newDecoder(data, "schedule-free", o.signature())
	var c clock
	c.decode(d)
	eval := d.bool()
	var z, v []float64
	if n := d.vectorLen(); n >= 0 {
		z, v = o.newState(n)
	}
	d.floatsInto(z)
	d.floatsInto(v)
	if err := d.finish(); err != nil {
		return err
	}
	o.clock, o.mode.eval, o.z, o.v = c, eval, z, v
	return nil
}
