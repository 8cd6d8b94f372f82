package nn

import (
	"fmt"
	"math"
)

// ReLU is the elementwise max(x, 0) on a flat buffer of any shape.
type ReLUOf[F Float] struct {
	MaxLen int
	out    []F // out: [MaxLen] (same shape as the input)
	dx     []F // dx: [MaxLen]
	n      int
}

// ReLU is the float64 ReLU.
type ReLU = ReLUOf[float64]

// NewReLU allocates a float64 ReLU for inputs of up to maxLen elements.
func NewReLU(maxLen int) *ReLU { return NewReLUOf[float64](maxLen) }

// NewReLUOf allocates an F ReLU for inputs of up to maxLen elements.
func NewReLUOf[F Float](maxLen int) *ReLUOf[F] {
	return &ReLUOf[F]{MaxLen: maxLen, out: make([]F, maxLen), dx: make([]F, maxLen)}
}

// Forward computes out = max(x, 0).
//
//	x, out: [len(x)] (any shape)
func (a *ReLUOf[F]) Forward(x []F) []F {
	if len(x) > a.MaxLen {
		panic(fmt.Sprintf("nn: ReLU.Forward: len %d > max %d", len(x), a.MaxLen))
	}
	a.n = len(x)
	out := a.out[:len(x)]
	// vector loop (elem_simd.go; bit for bit the same values), then this
	// loop on the rest
	for lo := vReluFwd(out, x); lo < len(x); lo += clearEvery {
		clearUpper() // upper.go
		hi := min(lo+clearEvery, len(x))
		o := out[lo:hi]
		for i, v := range x[lo:hi] {
			o[i] = max(v, 0)
		}
	}
	return out
}

// Backward returns dx = dout·[x > 0] (the derivative at 0 is taken as 0).
//
//	dout, dx: [len(x)]
func (a *ReLUOf[F]) Backward(dout []F) []F {
	for lo := vReluBwd(a.dx[:a.n], a.out[:a.n], dout[:a.n]); lo < a.n; lo += clearEvery {
		clearUpper() // upper.go
		hi := min(lo+clearEvery, a.n)
		if !is64[F]() {
			out, dx, dout := a.out[lo:hi], a.dx[lo:hi], dout[lo:hi]
			for i, y := range out {
				if y > 0 {
					dx[i] = dout[i]
				} else {
					dx[i] = 0
				}
			}
			continue
		}
		out, dx, dout := as64(a.out[lo:hi]), as64(a.dx[lo:hi]), as64(dout[lo:hi])
		for i, y := range out {
			// Branch-free dx = y > 0 ? dout : 0. y = max(x, 0) is +0 (all
			// bits zero) or positive, so (b | −b) >> 63 is 1 exactly when y > 0.
			b := math.Float64bits(y)
			mask := -((b | -b) >> 63)
			dx[i] = math.Float64frombits(math.Float64bits(dout[i]) & mask)
		}
	}
	return a.dx[:a.n]
}

// geluS is sqrt(2/π).
var geluS = math.Sqrt(2 / math.Pi)

// GELU is the tanh approximation of the Gaussian error linear unit:
//
//	gelu(x) = ½·x·(1 + tanh(u)),  u = sqrt(2/π)·(x + 0.044715·x³)
type GELUOf[F Float] struct {
	MaxLen int
	x      []F // input of the last Forward (not owned)
	th     []F // th: [MaxLen] tanh(u), kept for Backward
	out    []F // out: [MaxLen]
	dx     []F // dx: [MaxLen]
}

// GELU is the float64 GELU.
type GELU = GELUOf[float64]

// NewGELU allocates a float64 GELU for inputs of up to maxLen elements.
func NewGELU(maxLen int) *GELU { return NewGELUOf[float64](maxLen) }

// NewGELUOf allocates an F GELU for inputs of up to maxLen elements.
func NewGELUOf[F Float](maxLen int) *GELUOf[F] {
	return &GELUOf[F]{MaxLen: maxLen, th: make([]F, maxLen), out: make([]F, maxLen), dx: make([]F, maxLen)}
}

// Forward computes out = gelu(x) elementwise.
//
//	x, out: [len(x)] (any shape)
func (g *GELUOf[F]) Forward(x []F) []F {
	if len(x) > g.MaxLen {
		panic(fmt.Sprintf("nn: GELU.Forward: len %d > max %d", len(x), g.MaxLen))
	}
	g.x = x
	// vector loop (exp_simd.go; math.Exp's values bit for bit), then this
	// loop on the rest
	for lo := vGeluFwd(g.out, g.th, x); lo < len(x); lo += clearEvery {
		clearUpper() // upper.go
		hi := min(lo+clearEvery, len(x))
		th, out := g.th[lo:hi], g.out[lo:hi]
		for i, v := range x[lo:hi] {
			// tanh(u) = 1 − 2/(e^{2u} + 1): math.Exp has an assembly
			// implementation and this is ~2× cheaper than math.Tanh; the
			// absolute error stays O(ε) and e^{2u} = ±Inf/0 saturates to ±1
			// correctly.
			t := 1 - 2/(F(math.Exp(float64(F(2*geluS)*(v+0.044715*v*v*v))))+1)
			th[i] = t
			out[i] = 0.5 * v * (1 + t)
		}
	}
	return g.out[:len(x)]
}

// Backward returns dx = dout·gelu'(x) with
//
//	gelu'(x) = ½(1 + t) + ½·x·(1 − t²)·sqrt(2/π)·(1 + 3·0.044715·x²),  t = tanh(u)
func (g *GELUOf[F]) Backward(dout []F) []F {
	n := len(g.x)
	// vector loop (elem_simd.go; the same operations, bit for bit), then
	// this loop on the rest
	for lo := vGeluBwd(g.dx[:n], g.th[:n], g.x, dout[:n]); lo < n; lo += clearEvery {
		clearUpper() // upper.go
		hi := min(lo+clearEvery, n)
		th, dx, dout := g.th[lo:hi], g.dx[lo:hi], dout[lo:hi]
		for i, v := range g.x[lo:hi] {
			t := th[i]
			d := 0.5*(1+t) + 0.5*v*(1-t*t)*F(geluS)*(1+3*0.044715*v*v)
			dx[i] = dout[i] * d
		}
	}
	return g.dx[:n]
}
