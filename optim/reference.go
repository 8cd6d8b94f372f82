package optim

import (
	"fmt"
	"math"
)

// ReferenceSF is the textbook form of a schedule-free method: it stores x, y
// and z explicitly and applies the paper's three updates in plain loops,
//
//	z ← z − lr·u;   x ← (1−c)·x + c·z;   y ← (1−β)·z + β·x
//
// where u is the (Adam-normalized, for the Adam methods) gradient at y plus
// λy. It is the naive twin the memory-efficient ScheduleFree is tested
// against, and it also accepts β = 0 (Polyak averaging of the z sequence)
// and β = 1 (primal averaging), which the memory-efficient form cannot
// represent. It uses one more vector and three passes over memory.
type ReferenceSF struct {
	cfg   SFConfig
	clock clock
	x, z  []float64 // [n] each
	v     []float64 // [n] second moment (Adam methods)
	mode
}

var _ Optimizer = (*ReferenceSF)(nil)
var _ Zer = (*ReferenceSF)(nil)

// NewReferenceSF validates cfg as NewScheduleFree does, except that Beta1
// may be anywhere in [0, 1].
func NewReferenceSF(cfg SFConfig) (*ReferenceSF, error) {
	if !(cfg.Beta1 >= 0 && cfg.Beta1 <= 1) {
		return nil, &SettingError{Setting: "beta1", Also: []string{"momentum"},
			msg: fmt.Sprintf("reference %s: beta1 (momentum) must be in [0, 1], got %v", cfg.Method, cfg.Beta1)}
	}
	check := cfg
	check.Beta1 = 0.5 // the end points are this form's to take; the rest as NewScheduleFree
	if err := check.Validate(); err != nil {
		return nil, err
	}
	return &ReferenceSF{cfg: cfg}, nil
}

// Z returns z (read only).
func (o *ReferenceSF) Z() []float64 { return o.z }

// Rate is the learning rate of the next step.
func (o *ReferenceSF) Rate() float64 {
	lr, _ := o.cfg.rate(o.clock.k)
	return lr
}

// Steps is the number of steps taken.
func (o *ReferenceSF) Steps() int { return o.clock.k }

// Step takes one step at y.
func (o *ReferenceSF) Step(y, g []float64) {
	o.mustTrain("reference " + o.cfg.Method.String())
	n := len(y)
	if o.z == nil {
		o.x, o.z, o.v = make([]float64, n), make([]float64, n), make([]float64, n)
		copy(o.x, y)
		copy(o.z, y)
	}
	checkLen("reference "+o.cfg.Method.String(), n, g, o.z)
	cfg := o.cfg
	k := o.clock.k
	lr, bc2 := cfg.rate(k)
	normalize := cfg.Method != MethodSGD
	if cfg.Method == MethodRAdam {
		_, rhoT := radamRho(k, cfg.Beta2)
		normalize = rhoT > 4
	}
	c := o.clock.advance(lr, cfg.R, cfg.WeightLRPower)
	for i := range y {
		u := g[i]
		if cfg.Method != MethodSGD {
			o.v[i] = cfg.Beta2*o.v[i] + (1-cfg.Beta2)*g[i]*g[i]
		}
		if normalize {
			u = g[i] / (math.Sqrt(o.v[i]/bc2) + cfg.Eps)
		}
		if cfg.WeightDecay != 0 {
			u += cfg.WeightDecay * y[i]
		}
		o.z[i] -= lr * u
	}
	for i := range o.x {
		o.x[i] = (1-c)*o.x[i] + c*o.z[i]
	}
	o.interpolate(y)
}

// interpolate writes y = (1-β)z + βx.
func (o *ReferenceSF) interpolate(y []float64) {
	b := o.cfg.Beta1
	for i := range y {
		y[i] = (1-b)*o.z[i] + b*o.x[i]
	}
}

// EvalPoint copies x into dst.
func (o *ReferenceSF) EvalPoint(dst, y []float64) {
	if o.x == nil {
		copy(dst[:len(y)], y)
		return
	}
	copy(dst[:len(y)], o.x)
}

// Eval copies x into w.
func (o *ReferenceSF) Eval(w []float64) {
	if !o.eval && o.x != nil {
		copy(w, o.x)
	}
	o.eval = true
}

// Train recomputes y from x and z into w; since Step computed y the same
// way, the round trip is exact.
func (o *ReferenceSF) Train(w []float64) {
	if o.eval && o.x != nil {
		o.interpolate(w)
	}
	o.eval = false
}

// MarshalBinary returns the state.
func (o *ReferenceSF) MarshalBinary() ([]byte, error) {
	e := newEncoder("reference-sf", fmt.Sprintf("%+v", o.cfg))
	o.clock.encode(e)
	e.bool(o.eval)
	e.floats(o.x)
	e.floats(o.z)
	e.floats(o.v)
	return e.buf, nil
}

// UnmarshalBinary restores a state written by MarshalBinary.
func (o *ReferenceSF) UnmarshalBinary(data []byte) error {
	d := newDecoder(data, "reference-sf", fmt.Sprintf("%+v", o.cfg))
	var c clock
	c.decode(d)
	eval := d.bool()
	var x, z, v []float64
	if n := d.vectorLen(); n >= 0 {
		x, z, v = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	d.floatsInto(x)
	d.floatsInto(z)
	d.floatsInto(v)
	if err := d.finish(); err != nil {
		return err
	}
	o.clock, o.mode.eval, o.x, o.z, o.v = c, eval, x, z, v
	return nil
}
