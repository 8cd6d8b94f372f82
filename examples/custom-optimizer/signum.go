package main

import (
	"encoding/binary"
	"errors"

	"github.com/sfbench/sfbench/optim"
)

// Signum is sign descent with momentum (Bernstein et al., 2018): the
// momentum m ← β·m + (1−β)·g, then every parameter moves by the rate
// against the sign of its momentum, w ← w − lr·sign(m).
type Signum struct {
	lr, beta float64
	k        int
	m        []float64 // nil until the first step fixes the length
}

var _ optim.Optimizer = (*Signum)(nil)

// Step takes one step at w with the gradient g.
func (o *Signum) Step(w, g []float64) {
	if o.m == nil {
		o.m = make([]float64, len(w))
	}
	if len(w) != len(o.m) || len(g) != len(o.m) {
		panic("signum: vector length changed between calls")
	}
	for i, gi := range g {
		o.m[i] = o.beta*o.m[i] + (1-o.beta)*gi
		switch {
		case o.m[i] > 0:
			w[i] -= o.lr
		case o.m[i] < 0:
			w[i] += o.lr
		}
	}
	o.k++
}

// Rate is the learning rate: constant.
func (o *Signum) Rate() float64 { return o.lr }

// Steps is the number of steps taken.
func (o *Signum) Steps() int { return o.k }

// EvalPoint copies w: Signum evaluates where it trains.
func (o *Signum) EvalPoint(dst, w []float64) { copy(dst, w) }

// Eval does nothing: the two points coincide.
func (o *Signum) Eval([]float64) {}

// Train does nothing.
func (o *Signum) Train([]float64) {}

// MarshalBinary returns the state: the step count and the momentum.
func (o *Signum) MarshalBinary() ([]byte, error) {
	b := binary.LittleEndian.AppendUint64(nil, uint64(o.k))
	return binary.Append(b, binary.LittleEndian, o.m)
}

// UnmarshalBinary restores a state written by MarshalBinary.
func (o *Signum) UnmarshalBinary(data []byte) error {
	if len(data) < 8 || len(data)%8 != 0 {
		return errors.New("signum: malformed state")
	}
	k := binary.LittleEndian.Uint64(data)
	var m []float64
	if n := len(data)/8 - 1; n > 0 {
		m = make([]float64, n)
		if _, err := binary.Decode(data[8:], binary.LittleEndian, m); err != nil {
			return err
		}
	}
	o.k, o.m = int(k), m
	return nil
}
