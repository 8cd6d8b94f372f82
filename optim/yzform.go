package optim

import "github.com/sfbench/sfbench/optim/kernel"

// yzForm is the memory-efficient schedule-free state shared by ScheduleFree
// and Wrapper: the caller's vector holds y (while training), the optimizer
// keeps z, and the evaluation point is x = y + (1-1/β)(z-y); back to
// training, y = x + (1-β)(z-x).
type yzForm struct {
	z    []float64 // [n], nil before the first step
	beta float64
	mode
}

// Z returns the base sequence z (read only), or nil before the first step.
func (f *yzForm) Z() []float64 { return f.z }

// EvalPoint writes x into dst.
func (f *yzForm) EvalPoint(dst, y []float64) {
	dst = dst[:len(y)]
	copy(dst, y)
	if f.z != nil {
		kernel.Lerp(dst, f.z, 1-1/f.beta)
	}
}

// Eval turns y into x in place.
func (f *yzForm) Eval(w []float64) {
	if !f.eval && f.z != nil {
		kernel.Lerp(w, f.z, 1-1/f.beta)
	}
	f.eval = true
}

// Train turns x back into y in place.
func (f *yzForm) Train(w []float64) {
	if f.eval && f.z != nil {
		kernel.Lerp(w, f.z, 1-f.beta)
	}
	f.eval = false
}
