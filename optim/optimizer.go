package optim

import "encoding"

// Optimizer updates a flat parameter vector from gradients.
//
// The parameter vector w passed to Step, Eval, Train and EvalPoint must be the
// same length every call; the first Step fixes it and initializes the state
// from w. Calling Step between Eval and Train panics: gradients must be taken
// at the training point.
type Optimizer interface {
	// Step takes one step. w holds the training point (y for schedule-free
	// methods, the iterate for the others) and g the gradient taken at w.
	// g is not modified.
	Step(w, g []float64)

	// Rate is the learning rate the next Step will use, after warmup and
	// schedule.
	Rate() float64

	// Steps is the number of steps taken.
	Steps() int

	// EvalPoint writes into dst the point at which to evaluate the model
	// (x for schedule-free and averaged methods, w itself otherwise),
	// leaving w unchanged.
	EvalPoint(dst, w []float64)

	// Eval replaces the training point w by the evaluation point in place;
	// Train undoes it. Both are no-ops when the two points coincide or the
	// vector is already in that mode.
	Eval(w []float64)
	Train(w []float64)

	// MarshalBinary captures all state (vectors and scalars) and
	// UnmarshalBinary restores it into an optimizer constructed with the
	// same configuration; the restored optimizer continues bit-identically.
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

// Zer is implemented by optimizers that keep a base sequence z (the
// schedule-free methods); Z returns it, read only, or nil before the first step.
type Zer interface {
	Z() []float64
}

// mode tracks whether the caller's vector holds the training or the
// evaluation point.
type mode struct{ eval bool }

func (m *mode) mustTrain(name string) {
	if m.eval {
		panic("optim: " + name + ".Step called in eval mode; call Train first")
	}
}

func checkLen(name string, want int, got ...[]float64) {
	for _, s := range got {
		if len(s) != want {
			panic("optim: " + name + ": vector length changed between calls")
		}
	}
}
