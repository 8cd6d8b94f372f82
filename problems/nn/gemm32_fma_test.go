//go:build goexperiment.simd && amd64

package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// fma32 is float32's fused multiply-add, round(a·b + c) rounded once: a·b
// is exact in float64, the sum's rounding error is recovered exactly
// (TwoSum), and a float64 sum lying exactly halfway between two float32s
// is resolved by the sign of that error, so there is no double rounding.
func fma32(a, b, c float32) float32 {
	p := float64(a) * float64(b)
	s := p + float64(c)
	bb := s - p
	e := (p - (s - bb)) + (float64(c) - bb) // p + c = s + e exactly
	r := float32(s)
	if e == 0 || float64(r) == s || math.IsInf(s, 0) || math.IsNaN(s) {
		return r
	}
	var other float32
	if float64(r) > s {
		other = math.Nextafter32(r, float32(math.Inf(-1)))
	} else {
		other = math.Nextafter32(r, float32(math.Inf(1)))
	}
	if (float64(r)+float64(other))/2 != s {
		return r // not a tie: the float64 rounding cannot have moved it across
	}
	if (e > 0) == (float64(other) > s) {
		return other
	}
	return r
}

// gemmFMARef32 is gemmFMARef in float32.
func gemmFMARef32(m, n, k int, a []float32, rs, cs int, b []float32, ldb int, c []float32, ldc int, accumulate bool) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float32
			for p := 0; p < k; p++ {
				s = fma32(a[i*rs+p*cs], b[p*ldb+j], s)
			}
			if accumulate {
				c[i*ldc+j] += s
			} else {
				c[i*ldc+j] = s
			}
		}
	}
}

func randSlice32(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(r.Float64()*2 - 1)
	}
	return s
}

// TestGemm32AVX2BitExact checks the float32 AVX2 kernels element by element
// against gemmFMARef32 (so the float32 results too do not depend on the
// blocking), for both layouts of A, the row and column remainders of the
// 6×16 blocking and the masked column blocks, and both accumulate modes.
func TestGemm32AVX2BitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(33, 34))
	var shapes [][3]int
	for m := 1; m <= 14; m++ {
		for _, n := range []int{1, 3, 7, 8, 9, 10, 15, 16, 17, 24, 31, 33} {
			shapes = append(shapes, [3]int{m, n, 1 + (m*7+n)%19})
		}
	}
	shapes = append(shapes, [3]int{32, 128, 64}, [3]int{33, 82, 64}, [3]int{64, 256, 64}, [3]int{16, 64, 16}, [3]int{37, 41, 300})
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for _, trans := range []bool{false, true} {
			var a []float32
			rs, cs := k+1, 1
			if trans {
				rs, cs = 1, m+2
				a = randSlice32(r, k*cs)
			} else {
				a = randSlice32(r, m*rs)
			}
			ldb, ldc := n+3, n+2
			b := randSlice32(r, k*ldb)
			for _, acc := range []bool{false, true} {
				c0 := randSlice32(r, m*ldc)
				c1 := append([]float32(nil), c0...)
				gemmAVX2F32(m, n, k, a, rs, cs, b, ldb, c0, ldc, acc)
				gemmFMARef32(m, n, k, a, rs, cs, b, ldb, c1, ldc, acc)
				for i := range c0 {
					if math.Float32bits(c0[i]) != math.Float32bits(c1[i]) {
						t.Fatalf("m=%d n=%d k=%d trans=%v acc=%v: c[%d] = %v, want %v", m, n, k, trans, acc, i, c0[i], c1[i])
					}
				}
			}
		}
	}
}

// TestGemmTNLong32BitExact checks the chunked float32 TN product against
// the unchunked one bit for bit.
func TestGemmTNLong32BitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(35, 36))
	for _, sh := range [][3]int{{48, 48, 768}, {192, 48, 700}, {10, 32, 129}, {6, 16, 65}, {8, 64, 300}, {64, 256, 1024}, {10, 48, 130}} {
		m, n, k := sh[0], sh[1], sh[2]
		a, b := randSlice32(r, k*m), randSlice32(r, k*n)
		for _, acc := range []bool{false, true} {
			c0 := randSlice32(r, m*n)
			c1 := append([]float32(nil), c0...)
			gemmTNLong32(m, n, k, a, m, b, n, c0, n, acc, make([]float32, m*n))
			gemmTN32(m, n, k, a, m, b, n, c1, n, acc)
			for i := range c0 {
				if math.Float32bits(c0[i]) != math.Float32bits(c1[i]) {
					t.Fatalf("%v acc=%v: c[%d] = %v, want %v", sh, acc, i, c0[i], c1[i])
				}
			}
		}
	}
}

// TestTransposeAVX32 checks the float32 vector transpose against the
// definition, with leftover rows and columns and a padded source stride.
func TestTransposeAVX32(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for _, sh := range [][3]int{{1, 1, 1}, {8, 8, 8}, {7, 9, 9}, {8, 16, 19}, {17, 23, 30}, {64, 16, 144}, {192, 48, 48}} {
		rows, cols, lds := sh[0], sh[1], sh[2]
		src := randSlice32(r, rows*lds)
		dst := make([]float32, rows*cols)
		transposeAVX32(dst, src, rows, cols, lds)
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				if math.Float32bits(dst[j*rows+i]) != math.Float32bits(src[i*lds+j]) {
					t.Fatalf("%v: dst[%d][%d] = %v, want %v", sh, j, i, dst[j*rows+i], src[i*lds+j])
				}
			}
		}
	}
}
