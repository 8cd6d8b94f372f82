package optim

import (
	"fmt"

	"github.com/sfbench/sfbench/optim/kernel"
)

// AveragingKind selects how Averaged averages a base optimizer's iterates.
type AveragingKind int

const (
	// Polyak is Polyak-Ruppert averaging: the base optimizer trains on its
	// own iterates w_t and the model is evaluated at their uniform average
	// x_t = x_{t-1} + (w_t - x_{t-1})/t, x_1 = w_1 (schedule-free's β = 0).
	Polyak AveragingKind = iota
	// Primal is primal averaging: the base optimizer's iterates z_t are
	// averaged uniformly into x_t, and the gradient is taken at x_t, which
	// is both the training and the evaluation point (schedule-free's β = 1).
	Primal
	// EMA evaluates at an exponential moving average of the iterates:
	// x_1 = w_1, x_t = x_{t-1} + (1-Decay)(w_t - x_{t-1}).
	EMA
)

var averagingNames = [...]string{"polyak", "primal", "ema"}

func (k AveragingKind) String() string {
	if k < 0 || int(k) >= len(averagingNames) {
		return fmt.Sprintf("AveragingKind(%d)", int(k))
	}
	return averagingNames[k]
}

// AveragingConfig configures Averaged.
type AveragingConfig struct {
	Kind  AveragingKind
	Decay float64 // EMA only, in (0, 1)
}

// Validate reports a configuration out of range.
func (c AveragingConfig) Validate() error {
	switch c.Kind {
	case Polyak, Primal:
		return unused(c.Kind.String(), "decay", c.Decay)
	case EMA:
		return openUnit("ema", "decay", c.Decay)
	}
	return fmt.Errorf("optim: unknown averaging kind %d", int(c.Kind))
}

// Averaged evaluates (and for Primal, trains) a base optimizer at an average
// of its iterates. The average is kept explicitly, so switching between the
// training and evaluation points is exact: Eval and Train swap vectors.
type Averaged struct {
	base Optimizer
	cfg  AveragingConfig
	t    int       // iterates averaged so far
	avg  []float64 // [n] x for Polyak and EMA; the base iterate z for Primal
	mode
}

var _ Optimizer = (*Averaged)(nil)

// NewAveraged wraps base, which must be freshly constructed and is owned by
// the returned optimizer from then on.
func NewAveraged(base Optimizer, cfg AveragingConfig) (*Averaged, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if base == nil {
		return nil, fmt.Errorf("optim: %s: no base optimizer", cfg.Kind)
	}
	return &Averaged{base: base, cfg: cfg}, nil
}

// Base returns the wrapped optimizer.
func (o *Averaged) Base() Optimizer { return o.base }

// Rate is the base optimizer's rate for the next step.
func (o *Averaged) Rate() float64 { return o.base.Rate() }

// Steps is the number of steps taken.
func (o *Averaged) Steps() int { return o.t }

// weight is the averaging weight of iterate t (counting from 1).
func (o *Averaged) weight(t int) float64 {
	if o.cfg.Kind == EMA {
		return 1 - o.cfg.Decay
	}
	return 1 / float64(t)
}

// Step takes one base step and folds the new iterate into the average.
func (o *Averaged) Step(w, g []float64) {
	o.mustTrain(o.cfg.Kind.String())
	if o.avg == nil {
		o.avg = kernel.Vectors[float64](len(w), 1)[0]
		copy(o.avg, w)
	}
	checkLen(o.cfg.Kind.String(), len(o.avg), w, g)
	o.t++
	// dst holds the average and src the new iterate.
	dst, src := o.avg, w
	if o.cfg.Kind == Primal {
		o.base.Step(o.avg, g)
		dst, src = w, o.avg
	} else {
		o.base.Step(w, g)
	}
	if o.t == 1 {
		copy(dst, src)
		return
	}
	kernel.Lerp(dst, src, o.weight(o.t))
}

// EvalPoint writes the average into dst.
func (o *Averaged) EvalPoint(dst, w []float64) {
	if o.cfg.Kind == Primal || o.avg == nil {
		copy(dst[:len(w)], w)
		return
	}
	copy(dst[:len(w)], o.avg)
}

// Eval puts the average into w (keeping the iterate aside).
func (o *Averaged) Eval(w []float64) {
	if !o.eval && o.cfg.Kind != Primal && o.avg != nil {
		kernel.Swap(w, o.avg)
	}
	o.eval = true
}

// Train puts the iterate back into w.
func (o *Averaged) Train(w []float64) {
	if o.eval && o.cfg.Kind != Primal && o.avg != nil {
		kernel.Swap(w, o.avg)
	}
	o.eval = false
}

// MarshalBinary returns the state, the base optimizer's included.
func (o *Averaged) MarshalBinary() ([]byte, error) {
	e := newEncoder("averaged", fmt.Sprintf("%+v", o.cfg))
	e.int(o.t)
	e.bool(o.eval)
	e.floats(o.avg)
	if err := e.nested(o.base); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// UnmarshalBinary restores a state written by MarshalBinary.
func (o *Averaged) UnmarshalBinary(data []byte) error {
	d := newDecoder(data, "averaged", fmt.Sprintf("%+v", o.cfg))
	t := d.int()
	eval := d.bool()
	var avg []float64
	if n := d.vectorLen(); n >= 0 {
		avg = kernel.Vectors[float64](n, 1)[0]
	}
	d.floatsInto(avg)
	d.nested(o.base)
	if err := d.finish(); err != nil {
		return err
	}
	o.t, o.mode.eval, o.avg = t, eval, avg
	return nil
}
