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

// TestBatchNormVectorBitExact checks BatchNorm's forward and backward with
// the vector loops against the scalar loops bit for bit, at map sizes with
// and without a scalar tail and channel counts with and without a group
// remainder.
func TestBatchNormVectorBitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(17, 18))
	for _, sh := range [][3]int{{5, 1, 7}, {8, 4, 4}, {3, 2, 3}, {6, 8, 8}, {16, 4, 4}, {12, 2, 2}, {13, 1, 4}} {
		c, h, w := sh[0], sh[1], sh[2]
		const b = 3
		x, dy := randSlice(r, b*c*h*w), randSlice(r, b*c*h*w)
		run := func() (out, dx []float64) {
			p := NewParams()
			bn := NewBatchNorm2D(p, "bn", c, h, w, b)
			p.Finalize(1)
			for i := range bn.Gamma.W {
				bn.Gamma.W[i], bn.Beta.W[i] = 1+0.1*float64(i), 0.2*float64(i)
			}
			out = append([]float64(nil), bn.Forward(x, b)...)
			dx = append([]float64(nil), bn.Backward(dy)...)
			return out, append(dx, append(bn.Gamma.G, bn.Beta.G...)...)
		}
		ov, dv := run()
		useAVX2 = false
		osc, dsc := run()
		useAVX2 = true
		sameBits(t, "forward", ov, osc)
		sameBits(t, "backward", dv, dsc)
	}
}

// TestMaxPoolVectorBitExact checks the vector max pool against the scalar
// loop (outputs, argmax and the routed gradient) with many ties, ±0, NaN and
// infinities.
func TestMaxPoolVectorBitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(19, 20))
	for _, sh := range [][3]int{{3, 8, 8}, {2, 4, 16}, {1, 6, 24}, {3, 4, 4}, {2, 6, 4}, {1, 2, 4}, {2, 5, 8}, {1, 4, 12}} {
		c, h, w := sh[0], sh[1], sh[2]
		const b = 3
		x := randSpecial(r, b*c*h*w)
		for i := range x {
			if r.IntN(2) == 0 {
				x[i] = float64(r.IntN(3)) // ties
			}
		}
		dy := randSpecial(r, b*c*(h/2)*(w/2)) // −0 too: the gradient is +0 + dy
		run := func() (out, dx []float64, arg []int32) {
			p := NewMaxPool2(c, h, w, b)
			out = append([]float64(nil), p.Forward(x, b)...)
			dx = append([]float64(nil), p.Backward(dy)...)
			return out, dx, append([]int32(nil), p.argmax...)
		}
		ov, dv, av := run()
		useAVX2 = false
		osc, dsc, asc := run()
		useAVX2 = true
		sameBits(t, "forward", ov, osc)
		sameBits(t, "backward", dv, dsc)
		for i := range av {
			if av[i] != asc[i] {
				t.Fatalf("%v: argmax[%d] = %d, want %d", sh, i, av[i], asc[i])
			}
		}
	}
}

// TestConvVectorBitExact checks Conv2D forward and backward with the vector
// im2col/col2im (and the AVX2 gemm) against the same with the scalar loops
// (both runs use the AVX2 gemm: scalarCopies turns off only the copies),
// at widths with (4, 8, 12) and without (5) the vector path.
func TestConvVectorBitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(21, 22))
	for _, sh := range [][4]int{{1, 3, 8, 8}, {3, 4, 4, 4}, {2, 3, 3, 5}, {2, 2, 4, 12}} {
		cin, cout, h, w := sh[0], sh[1], sh[2], sh[3]
		const b = 2
		x, dy := randSpecial(r, b*cin*h*w), randSlice(r, b*cout*h*w)
		p := NewParams()
		c := NewConv2D(p, "c", cin, cout, h, w, b, true)
		p.Finalize(1)
		run := func() []float64 {
			p.ZeroGrad()
			out := append([]float64(nil), c.Forward(x, b)...)
			out = append(out, c.Backward(dy)...)
			return append(out, p.Grad...)
		}
		vec := run()
		// the scalar copies with the same gemm: switch only the copy loops off
		cu, pu := make([]uint64, 9*cin*h*w), make([]uint64, cin*(h+2)*(w+2))
		if w%4 == 0 && !im2colRowsVec(cu, pu, cin, h, w) {
			t.Fatalf("%v: vector im2col not taken", sh)
		}
		scalarCopies = true
		sc := run()
		scalarCopies = false
		sameBits(t, "conv", vec, sc)
	}
}

// TestBiasVectorBitExact checks the vector bias add and bias gradient
// against Dense's scalar loops bit for bit, at widths with and without
// 16-column and 4-column remainders.
func TestBiasVectorBitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(27, 28))
	for _, sh := range [][2]int{{1, 4}, {3, 7}, {5, 16}, {9, 20}, {17, 36}, {33, 82}, {64, 192}} {
		n, w := sh[0], sh[1]
		out, b := randSpecial(r, n*w), randSpecial(r, w)
		db, dout := randSpecial(r, w), randSpecial(r, n*w)
		vo, vdb := append([]float64(nil), out...), append([]float64(nil), db...)
		c := biasAddVec(vo, b, n)
		if c2 := biasGradVec(vdb, dout, n); c != w&^3 || c2 != c {
			t.Fatalf("%d×%d: vector loops did %d and %d columns, want %d", n, w, c, c2, w&^3)
		}
		for r := 0; r < n; r++ {
			for o := 0; o < c; o++ {
				out[r*w+o] += b[o]
				db[o] += dout[r*w+o]
			}
		}
		sameBits(t, "bias add", vo[:n*w], out)
		sameBits(t, "bias gradient", vdb[:c], db[:c])
	}
}
