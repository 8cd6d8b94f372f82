//go:build goexperiment.simd && amd64

package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ulps32 is the distance in float32 units in the last place between a and
// the float64 value want (rounded to float32 first).
func ulps32(a float32, want float64) float64 {
	w := float32(want)
	if a == w || (math.IsNaN(float64(a)) && math.IsNaN(want)) {
		return 0
	}
	if math.IsInf(float64(a), 0) || math.IsInf(float64(w), 0) {
		return math.Inf(1)
	}
	ia, iw := int64(math.Float32bits(a)), int64(math.Float32bits(w))
	if (ia < 0) != (iw < 0) {
		return math.Inf(1)
	}
	return math.Abs(float64(ia - iw))
}

// TestExp32 checks the float32 vector exp against math.Exp: within 2 ulp
// of the correctly rounded value for normal results, the right subnormal
// results and zeros on underflow, +Inf on overflow, NaN for NaN, at every
// tail length.
func TestExp32(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(37, 38))
	var x []float32
	for range 200000 {
		switch r.IntN(3) {
		case 0:
			x = append(x, float32((r.Float64()*2-1)*88))
		case 1:
			x = append(x, float32((r.Float64()*2-1)*10))
		default:
			x = append(x, float32(-87.3+(r.Float64()*2-1)*0.5))
		}
	}
	x = append(x, 0, float32(math.Copysign(0, -1)), 88.72, 88.73, 89, 200, -103, -104, -200, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1e-30, -1e-30)
	for n := 1; n <= 17; n++ {
		got := make([]float32, n+1)
		got[n] = 42
		expSubVec32(got[:n], x[:n], 0)
		if got[n] != 42 {
			t.Fatalf("n=%d: wrote past the end", n)
		}
	}
	got := make([]float32, len(x))
	expSubVec32(got, x, 0)
	worst := 0.0
	for i, v := range x {
		want := math.Exp(float64(v))
		switch {
		case math.IsNaN(float64(v)):
			if !math.IsNaN(float64(got[i])) {
				t.Fatalf("exp(NaN) = %v", got[i])
			}
		case want > math.MaxFloat32*(1+1e-7):
			if !math.IsInf(float64(got[i]), 1) {
				t.Fatalf("exp(%v) = %v, want +Inf", v, got[i])
			}
		case want < 0x1p-126: // subnormal or zero: within one unit of the smallest subnormal
			if math.Abs(float64(got[i])-want) > 0x1p-149 {
				t.Fatalf("exp(%v) = %v, want %v", v, got[i], want)
			}
		default:
			u := ulps32(got[i], want)
			worst = math.Max(worst, u)
			if u > 2 {
				t.Fatalf("exp(%v) = %v, want %v (%v ulp)", v, got[i], float32(want), u)
			}
		}
	}
	t.Logf("worst %v ulp", worst)
}

// close32 fails t unless got and want agree to rel (relative to max(|want|, floor)).
func close32(t *testing.T, what string, got, want []float32, rel, floor float64) {
	t.Helper()
	for i := range want {
		g, w := float64(got[i]), float64(want[i])
		if math.IsNaN(g) != math.IsNaN(w) || math.Abs(g-w) > rel*math.Max(math.Abs(w), floor) {
			t.Fatalf("%s: [%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestVec32Layers checks the float32 vector loops against the layers'
// scalar float32 loops (useAVX2 off) within float32 rounding: GELU,
// LayerNorm, the attention rows, the bias loops, ReLU and the conversions.
func TestVec32Layers(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(39, 40))
	rnd := func(n int, s float64) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(r.NormFloat64() * s)
		}
		return v
	}
	both := func(f func() [][]float32) (vec, sc [][]float32) {
		vec = f()
		useAVX2 = false
		defer func() { useAVX2 = true }()
		return vec, f()
	}
	for _, n := range []int{1, 7, 8, 9, 64, 1027} {
		x, dy := rnd(n, 3), rnd(n, 1)
		vec, sc := both(func() [][]float32 {
			g := NewGELUOf[float32](n)
			out := append([]float32(nil), g.Forward(x)...)
			return [][]float32{out, append([]float32(nil), g.Backward(dy)...)}
		})
		close32(t, "GELU forward", vec[0], sc[0], 1e-5, 1)
		close32(t, "GELU backward", vec[1], sc[1], 1e-5, 1)
		relu, reluSc := both(func() [][]float32 {
			a := NewReLUOf[float32](n)
			out := append([]float32(nil), a.Forward(x)...)
			return [][]float32{out, append([]float32(nil), a.Backward(dy)...)}
		})
		close32(t, "ReLU forward", relu[0], reluSc[0], 0, 1)
		close32(t, "ReLU backward", relu[1], reluSc[1], 0, 1)
		for _, scale := range []float32{0.25, 3} {
			row := rnd(n, 2)
			rv, rs := append([]float32(nil), row...), append([]float32(nil), row...)
			softmaxRowVec32(rv, scale)
			softmaxRow(rs, scale)
			close32(t, "softmax row", rv, rs, 1e-5, 1e-6)
			d := rnd(n, 1)
			dv, ds := append([]float32(nil), d...), append([]float32(nil), d...)
			softmaxBwdRowVec32(rs, dv, scale)
			softmaxRowBackward(rs, ds, scale)
			close32(t, "softmax row backward", dv, ds, 1e-4, 1e-4)
		}
		src := make([]float64, n)
		for i := range src {
			src[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(20)-10))
		}
		nv, ns := make([]float32, n), make([]float32, n)
		narrowInto(nv, src)
		for i, v := range src {
			ns[i] = float32(v)
		}
		close32(t, "narrow", nv, ns, 0, 1)
		wv := make([]float64, n)
		widenInto(wv, nv)
		for i, v := range nv {
			if wv[i] != float64(v) {
				t.Fatalf("widen[%d] = %v, want %v", i, wv[i], v)
			}
		}
	}
	for _, sh := range [][2]int{{5, 8}, {7, 48}, {9, 64}, {3, 12}} {
		rows, c := sh[0], sh[1]
		x, dy := rnd(rows*c, 2), rnd(rows*c, 1)
		vec, sc := both(func() [][]float32 {
			p := NewParamsOf[float32]()
			ln := NewLayerNorm(p, "ln", c, rows)
			p.Finalize(1)
			for i := range ln.Gamma.W {
				ln.Gamma.W[i], ln.Beta.W[i] = 1+0.1*float32(i), 0.2*float32(i)
			}
			out := append([]float32(nil), ln.Forward(x, rows)...)
			dx := append([]float32(nil), ln.Backward(dy)...)
			return [][]float32{out, dx, append([]float32(nil), ln.Gamma.G...), append([]float32(nil), ln.Beta.G...)}
		})
		for i, what := range []string{"LayerNorm out", "LayerNorm dx", "dgamma", "dbeta"} {
			close32(t, what, vec[i], sc[i], 1e-4, 1e-3)
		}
	}
	for _, sh := range [][2]int{{1, 8}, {3, 7}, {5, 16}, {9, 40}, {33, 82}, {64, 192}} {
		n, w := sh[0], sh[1]
		out, b := rnd(n*w, 1), rnd(w, 1)
		db, dout := rnd(w, 1), rnd(n*w, 1)
		vec, sc := both(func() [][]float32 {
			p := NewParamsOf[float32]()
			d := NewDense(p, "d", 3, w, n, true)
			p.Finalize(1)
			copy(d.Bias.W, b)
			copy(d.Bias.G, db)
			d.Forward(rnd(n*3, 0), n) // out = bias
			o := append([]float32(nil), d.out[:n*w]...)
			d.Backward(dout)
			return [][]float32{o, append([]float32(nil), d.Bias.G...)}
		})
		close32(t, "bias add", vec[0], sc[0], 0, 1)
		close32(t, "bias gradient", vec[1], sc[1], 1e-5, 1)
		_ = out
	}
}

// TestIm2col32 checks the float32 im2col (vector moves) against the
// definition: col[ci·9 + ky·3 + kx, y·W + x] = in[ci, y+ky−1, x+kx−1], 0
// outside.
func TestIm2col32(t *testing.T) {
	r := rand.New(rand.NewPCG(43, 44))
	for _, sh := range [][3]int{{1, 8, 8}, {8, 4, 4}, {3, 5, 12}, {2, 3, 5}} {
		cin, h, w := sh[0], sh[1], sh[2]
		in := randSlice32(r, cin*h*w)
		col := make([]float32, cin*9*h*w)
		pad := make([]float32, cin*(h+2)*(w+2))
		im2col(col, in, pad, cin, h, w)
		for ci := 0; ci < cin; ci++ {
			for k := 0; k < 9; k++ {
				ky, kx := k/3, k%3
				for y := 0; y < h; y++ {
					for x := 0; x < w; x++ {
						var want float32
						if iy, ix := y+ky-1, x+kx-1; iy >= 0 && iy < h && ix >= 0 && ix < w {
							want = in[(ci*h+iy)*w+ix]
						}
						if got := col[(ci*9+k)*h*w+y*w+x]; got != want {
							t.Fatalf("%v: col[%d, %d] = %v, want %v", sh, ci*9+k, y*w+x, got, want)
						}
					}
				}
			}
		}
	}
}
