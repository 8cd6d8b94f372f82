//go:build goexperiment.simd && amd64

package nn

import (
	"os"
	"simd/archsimd"
)

// useAVX2 selects the own AVX2+FMA kernel at run time; CPUs without it, and
// SFBENCH_SIMD=off (which turns off every vector loop of sfbench, as in
// optim/kernel and internal/vmath), use blas64 as in the default build.
var useAVX2 = archsimd.X86.AVX2() && archsimd.X86.FMA() && os.Getenv("SFBENCH_SIMD") != "off"

// GemmKernel names the matrix multiplication the layers run: "avx2" (the own
// AVX2+FMA kernel) or "blas64" (gonum).
func GemmKernel() string {
	if useAVX2 {
		return "avx2"
	}
	return "blas64"
}

var hasAVX = archsimd.X86.AVX()

// clearUpper runs VZEROUPPER when the CPU has AVX (see upper.go).
func clearUpper() {
	if hasAVX {
		archsimd.ClearAVXUpperBits()
	}
}

func gemmNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	if !useAVX2 {
		blasGemm(false, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
		return
	}
	gemmAVX2(m, n, k, a, lda, 1, b, ldb, c, ldc, accumulate)
}

// gemmNT transposes B into scratch ([k, n]); the B operands of the NT
// products here are small (weights, attention key blocks).
func gemmNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool, scratch []float64) {
	if !useAVX2 {
		blasGemm(false, true, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
		return
	}
	if m > 0 && n > 0 && k > 0 {
		transposeInto(scratch, b, n, k, ldb)
		b, ldb = scratch, n
	}
	gemmAVX2(m, n, k, a, lda, 1, b, ldb, c, ldc, accumulate)
}

// gemmTN needs no transpose: the kernel reads A(i, p) = a[p·lda + i], and the
// 4 values of a row block at one p are contiguous. (Transposing the [N, Out]
// activation gradients of the transformer's Dense layers instead cost 14% of
// a step.)
func gemmTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	if !useAVX2 {
		blasGemm(true, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
		return
	}
	gemmAVX2(m, n, k, a, 1, lda, b, ldb, c, ldc, accumulate)
}

// gemmAVX2 computes C[m,n] (+)= A[m,k]·B[k,n] with A(i, p) = a[i·rs + p·cs]
// (rs, cs = lda, 1 for A, or 1, lda for a stored Aᵀ), B and C row-major.
//
// It computes 4 rows × 8 columns of C per block with eight 4-wide
// accumulators (each k step: 2 vector loads of B, 4 broadcasts of A, 8 FMAs);
// leftover columns (n mod 8) use a 4-wide block and then partial
// (zero-padded, masked) vectors, leftover rows (m mod 4) one row at a time.
// FMA rounds once per multiply-add, so results differ from blas64's in the
// last bits.
func gemmAVX2(m, n, k int, a []float64, rs, cs int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		if !accumulate {
			for i := 0; i < m; i++ {
				clear(c[i*ldc : i*ldc+n])
			}
		}
		return
	}
	// Bounds are checked once here; the loops below still carry Go's checks.
	_ = a[(m-1)*rs+(k-1)*cs]
	_ = b[(k-1)*ldb+n-1]
	_ = c[(m-1)*ldc+n-1]
	i := 0
	for ; i+4 <= m; i += 4 {
		r1, r2, r3 := rs, 2*rs, 3*rs
		j := 0
		for ; j+8 <= n; j += 8 {
			var s00, s01, s10, s11, s20, s21, s30, s31 archsimd.Float64x4
			ao, bo := i*rs, j
			for p := 0; p < k; p++ {
				bp := b[bo : bo+8 : bo+8]
				b0 := archsimd.LoadFloat64x4Slice(bp[0:4])
				b1 := archsimd.LoadFloat64x4Slice(bp[4:8])
				v := archsimd.BroadcastFloat64x4(a[ao])
				s00 = v.MulAdd(b0, s00)
				s01 = v.MulAdd(b1, s01)
				v = archsimd.BroadcastFloat64x4(a[ao+r1])
				s10 = v.MulAdd(b0, s10)
				s11 = v.MulAdd(b1, s11)
				v = archsimd.BroadcastFloat64x4(a[ao+r2])
				s20 = v.MulAdd(b0, s20)
				s21 = v.MulAdd(b1, s21)
				v = archsimd.BroadcastFloat64x4(a[ao+r3])
				s30 = v.MulAdd(b0, s30)
				s31 = v.MulAdd(b1, s31)
				ao += cs
				bo += ldb
			}
			storeRow8(c[i*ldc+j:i*ldc+j+8], s00, s01, accumulate)
			storeRow8(c[(i+1)*ldc+j:(i+1)*ldc+j+8], s10, s11, accumulate)
			storeRow8(c[(i+2)*ldc+j:(i+2)*ldc+j+8], s20, s21, accumulate)
			storeRow8(c[(i+3)*ldc+j:(i+3)*ldc+j+8], s30, s31, accumulate)
		}
		for ; j < n; j += 4 {
			// 4 columns, or 1..3 leftover ones with partial vectors
			w := min(4, n-j)
			var s0, s1, s2, s3 archsimd.Float64x4
			ao, bo := i*rs, j
			for p := 0; p < k; p++ {
				b0 := archsimd.LoadFloat64x4SlicePart(b[bo : bo+w])
				s0 = archsimd.BroadcastFloat64x4(a[ao]).MulAdd(b0, s0)
				s1 = archsimd.BroadcastFloat64x4(a[ao+r1]).MulAdd(b0, s1)
				s2 = archsimd.BroadcastFloat64x4(a[ao+r2]).MulAdd(b0, s2)
				s3 = archsimd.BroadcastFloat64x4(a[ao+r3]).MulAdd(b0, s3)
				ao += cs
				bo += ldb
			}
			storePart(c[i*ldc+j:i*ldc+j+w], s0, accumulate)
			storePart(c[(i+1)*ldc+j:(i+1)*ldc+j+w], s1, accumulate)
			storePart(c[(i+2)*ldc+j:(i+2)*ldc+j+w], s2, accumulate)
			storePart(c[(i+3)*ldc+j:(i+3)*ldc+j+w], s3, accumulate)
		}
	}
	for ; i < m; i++ {
		j := 0
		for ; j+8 <= n; j += 8 {
			var s0, s1 archsimd.Float64x4
			ao, bo := i*rs, j
			for p := 0; p < k; p++ {
				bp := b[bo : bo+8 : bo+8]
				v := archsimd.BroadcastFloat64x4(a[ao])
				s0 = v.MulAdd(archsimd.LoadFloat64x4Slice(bp[0:4]), s0)
				s1 = v.MulAdd(archsimd.LoadFloat64x4Slice(bp[4:8]), s1)
				ao += cs
				bo += ldb
			}
			storeRow8(c[i*ldc+j:i*ldc+j+8], s0, s1, accumulate)
		}
		for ; j < n; j += 4 {
			w := min(4, n-j)
			var s0 archsimd.Float64x4
			ao, bo := i*rs, j
			for p := 0; p < k; p++ {
				s0 = archsimd.BroadcastFloat64x4(a[ao]).MulAdd(archsimd.LoadFloat64x4SlicePart(b[bo:bo+w]), s0)
				ao += cs
				bo += ldb
			}
			storePart(c[i*ldc+j:i*ldc+j+w], s0, accumulate)
		}
	}
	// VZEROUPPER: without it the dirty upper YMM halves make the scalar
	// (SSE-encoded) code that runs next (exp, LayerNorm, softmax, …) 2–4×
	// slower. Measured per step (cpu-ns/op) without → with it: MLP 88 → 60 µs,
	// CNN 644 → 416 µs, transformer 60–65 → 37 ms.
	archsimd.ClearAVXUpperBits()
}

func storeRow8(c []float64, s0, s1 archsimd.Float64x4, accumulate bool) {
	c = c[:8:8]
	if accumulate {
		s0 = s0.Add(archsimd.LoadFloat64x4Slice(c[0:4]))
		s1 = s1.Add(archsimd.LoadFloat64x4Slice(c[4:8]))
	}
	s0.StoreSlice(c[0:4])
	s1.StoreSlice(c[4:8])
}

// storePart stores the first len(c) ≤ 4 lanes of s into c.
func storePart(c []float64, s archsimd.Float64x4, accumulate bool) {
	if accumulate {
		s = s.Add(archsimd.LoadFloat64x4SlicePart(c))
	}
	s.StoreSlicePart(c)
}
