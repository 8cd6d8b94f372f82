//go:build goexperiment.simd && amd64

package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// gemmFMARef is the exact arithmetic of the AVX2 kernel, one element at a
// time: each C element is the FMA chain s = a·b + s over p = 0…k−1 from
// s = 0, then c + s when accumulating. A(i, p) = a[i·rs + p·cs].
func gemmFMARef(m, n, k int, a []float64, rs, cs int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for p := 0; p < k; p++ {
				s = math.FMA(a[i*rs+p*cs], b[p*ldb+j], s)
			}
			if accumulate {
				c[i*ldc+j] += s
			} else {
				c[i*ldc+j] = s
			}
		}
	}
}

// TestGemmAVX2BitExact checks that the AVX2 kernel computes every element
// bit for bit as gemmFMARef (so that changing its blocking cannot change any
// result of the float64 models), for both layouts of A, every row and column
// remainder of the blocking, and both accumulate modes.
func TestGemmAVX2BitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(11, 12))
	var shapes [][3]int
	for m := 1; m <= 14; m++ {
		for _, n := range []int{1, 3, 4, 5, 8, 10, 13, 16, 17, 24} {
			shapes = append(shapes, [3]int{m, n, 1 + (m*7+n)%19})
		}
	}
	shapes = append(shapes, [3]int{32, 128, 64}, [3]int{33, 82, 64}, [3]int{64, 256, 64}, [3]int{16, 64, 16}, [3]int{37, 41, 300})
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for _, trans := range []bool{false, true} {
			var a []float64
			rs, cs := k+1, 1
			if trans {
				rs, cs = 1, m+2
				a = randSlice(r, k*cs)
			} else {
				a = randSlice(r, m*rs)
			}
			ldb, ldc := n+3, n+2
			b := randSlice(r, k*ldb)
			for _, acc := range []bool{false, true} {
				c0 := randSlice(r, m*ldc)
				c1 := append([]float64(nil), c0...)
				gemmAVX2(m, n, k, a, rs, cs, b, ldb, c0, ldc, acc)
				gemmFMARef(m, n, k, a, rs, cs, b, ldb, c1, ldc, acc)
				for i := range c0 {
					if math.Float64bits(c0[i]) != math.Float64bits(c1[i]) {
						t.Fatalf("m=%d n=%d k=%d trans=%v acc=%v: c[%d] = %v, want %v", m, n, k, trans, acc, i, c0[i], c1[i])
					}
				}
			}
		}
	}
}

// TestTransposeAVX checks the vector transpose against the definition at
// shapes with and without leftover rows and columns, with a padded source
// stride.
func TestTransposeAVX(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, sh := range [][3]int{{1, 1, 1}, {3, 8, 8}, {4, 4, 4}, {4, 3, 5}, {5, 9, 11}, {8, 12, 12}, {13, 17, 20}, {128, 64, 64}, {64, 9, 9}, {12, 8, 9}, {20, 13, 16}, {10, 128, 128}} {
		rows, cols, lds := sh[0], sh[1], sh[2]
		src := randSlice(r, rows*lds)
		dst := make([]float64, rows*cols)
		transposeAVX(dst, src, rows, cols, lds)
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				if math.Float64bits(dst[j*rows+i]) != math.Float64bits(src[i*lds+j]) {
					t.Fatalf("%v: (%d,%d)", sh, i, j)
				}
			}
		}
	}
}

// TestGemmTNLongBitExact checks the k-chunked gemmTNLong bit for bit against
// gemmFMARef, at chunk sizes that split k evenly and unevenly, for the row
// blockings it covers and shapes it hands to gemmTN.
func TestGemmTNLongBitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	saved := tnChunk
	defer func() { tnChunk = saved }()
	r := rand.New(rand.NewPCG(27, 28))
	for _, chunk := range []int{16, 100, 128} {
		tnChunk = chunk
		for _, sh := range [][3]int{{6, 8, 300}, {8, 16, 257}, {10, 8, 128}, {12, 64, 1024}, {10, 24, 130}, {48, 192, 768}, {64, 64, 333}, {82, 64, 200}, {7, 8, 300}, {6, 10, 300}, {4, 8, 129}} {
			m, n, k := sh[0], sh[1], sh[2]
			lda, ldb, ldc := m+2, n+3, n+1
			a, b := randSlice(r, k*lda), randSlice(r, k*ldb)
			scratch := make([]float64, m*n)
			for _, acc := range []bool{false, true} {
				c0 := randSlice(r, m*ldc)
				c1 := append([]float64(nil), c0...)
				gemmTNLong(m, n, k, a, lda, b, ldb, c0, ldc, acc, scratch)
				gemmFMARef(m, n, k, a, 1, lda, b, ldb, c1, ldc, acc)
				for i := range c0 {
					if math.Float64bits(c0[i]) != math.Float64bits(c1[i]) {
						t.Fatalf("chunk %d, m=%d n=%d k=%d acc=%v: c[%d] = %v, want %v", chunk, m, n, k, acc, i, c0[i], c1[i])
					}
				}
			}
		}
	}
}

func BenchmarkGemmTNLong(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, sh := range [][3]int{{64, 64, 1024}, {256, 64, 1024}, {64, 256, 1024}, {192, 64, 1024}} {
		m, n, k := sh[0], sh[1], sh[2]
		a, x := randSlice(r, k*m), randSlice(r, k*n)
		c, scratch := make([]float64, m*n), make([]float64, m*n)
		for _, chunk := range []int{k, 64, 128, 256} {
			b.Run(fmt.Sprintf("%dx%dx%d/chunk%d", m, n, k, chunk), func(b *testing.B) {
				saved := tnChunk
				tnChunk = chunk
				for b.Loop() {
					gemmTNLong(m, n, k, a, m, x, n, c, n, true, scratch)
				}
				tnChunk = saved
			})
		}
	}
}
