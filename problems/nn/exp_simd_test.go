//go:build goexperiment.simd && amd64

package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestExpVectorBitExact checks the vector exp against math.Exp bit for bit
// on random arguments over the whole range, the edges of its branches
// (overflow, subnormal results, underflow) and the special values.
func TestExpVectorBitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(23, 24))
	var x []float64
	for range 200000 {
		switch r.IntN(4) {
		case 0:
			x = append(x, (r.Float64()*2-1)*800)
		case 1:
			x = append(x, (r.Float64()*2-1)*20)
		case 2:
			x = append(x, -708+(r.Float64()*2-1)*40) // subnormal results and underflow
		default:
			x = append(x, 709.78+(r.Float64()*2-1)*0.01) // overflow edge
		}
	}
	x = append(x, specials...)
	x = append(x, 7.09782712893384e+02, math.Nextafter(7.09782712893384e+02, 1000), -745.1332191019411, -745.1332191019412, -1e300, 1e300, 1e-300)
	for _, sub := range []float64{0, 1.5, -3} {
		got := make([]float64, len(x))
		expSubVec(got, x, sub)
		for i, v := range x {
			if want := math.Exp(v - sub); math.Float64bits(got[i]) != math.Float64bits(want) {
				t.Fatalf("exp(%v − %v) = %v, math.Exp gives %v", v, sub, got[i], want)
			}
		}
	}
}

// TestGELUVectorBitExact checks GELU forward and backward with the vector
// loops against the scalar loops bit for bit, including arguments whose exp
// overflows or underflows and the special values.
func TestGELUVectorBitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(25, 26))
	for _, n := range []int{1, 5, 8, 1023, 4099} {
		x := randSpecial(r, n)
		for i := range x {
			if r.IntN(8) == 0 {
				x[i] *= 40 // saturating arguments
			}
		}
		dy := randSpecial(r, n)
		g := NewGELU(n)
		ov := append([]float64(nil), g.Forward(x)...)
		dv := append([]float64(nil), g.Backward(dy)...)
		useAVX2 = false
		osc := append([]float64(nil), g.Forward(x)...)
		dsc := append([]float64(nil), g.Backward(dy)...)
		useAVX2 = true
		sameBits(t, "forward", ov, osc)
		sameBits(t, "backward", dv, dsc)
	}
}

// TestExpVectorSpecialLane puts one argument outside the normal path of the
// vector exp (overflow, subnormal result, underflow, ±Inf, NaN) at every
// position of the 8-wide blocks (and the 4-wide block after them) among
// ordinary arguments, for expSubVec and the GELU forward: each must still be
// math.Exp's value bit for bit, whichever lane of EXP8 sends the block back
// to EXP4 and the caller.
func TestExpVectorSpecialLane(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(27, 28))
	for _, bad := range []float64{710, -720, -800, math.Inf(1), math.Inf(-1), math.NaN()} {
		for pos := range 20 {
			x := make([]float64, 23)
			for i := range x {
				x[i] = (r.Float64()*2 - 1) * 30
			}
			x[pos] = bad
			got := make([]float64, len(x))
			expSubVec(got, x, 0.25)
			for i, v := range x {
				if want := math.Exp(v - 0.25); math.Float64bits(got[i]) != math.Float64bits(want) {
					t.Fatalf("bad %v at %d: exp(%v − 0.25) = %v, math.Exp gives %v", bad, pos, v, got[i], want)
				}
			}
			g := NewGELU(len(x))
			x[pos] = bad / 20 // GELU's exp argument is about 1.6·x
			vec := append([]float64(nil), g.Forward(x)...)
			useAVX2 = false
			sc := append([]float64(nil), g.Forward(x)...)
			useAVX2 = true
			sameBits(t, "gelu forward", vec, sc)
		}
	}
}
