//go:build goexperiment.simd && amd64

package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// specials are inputs on which vector and scalar code most easily differ.
var specials = []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, -5e-324, 1, -1}

// randSpecial is a random vector with the special values mixed in.
func randSpecial(r *rand.Rand, n int) []float64 {
	x := randSlice(r, n)
	for i := range x {
		if r.IntN(4) == 0 {
			x[i] = specials[r.IntN(len(specials))]
		}
	}
	return x
}

func sameBits(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s: [%d] = %v (%#x), want %v (%#x)", what, i, got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
		}
	}
}

// TestReLUVectorBitExact checks the vector ReLU loops against the scalar
// ones bit for bit (−0, NaN, infinities and subnormals included), at lengths
// with and without a scalar tail.
func TestReLUVectorBitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(15, 16))
	for _, n := range []int{1, 3, 4, 7, 64, 1027, 4099} {
		x, dout := randSpecial(r, n), randSpecial(r, n)
		vec := NewReLU(n)
		yv := append([]float64(nil), vec.Forward(x)...)
		dv := append([]float64(nil), vec.Backward(dout)...)
		useAVX2 = false
		sc := NewReLU(n)
		ys := sc.Forward(x)
		ds := sc.Backward(dout)
		useAVX2 = true
		sameBits(t, "forward", yv, ys)
		sameBits(t, "backward", dv, ds)
	}
}
