package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// Panel sizes for blasGemm: gonum's Dgemm goes parallel when C has at least
// 4 blocks of 64×64; a 64×128 panel has 2.
const (
	blasPanelM = 64
	blasPanelN = 128
)

// blasGemm computes C[m,n] (+)= op(A)·op(B) with gonum blas64.Gemm, one
// serial panel of C at a time.
//
//	op(A): [m, k]; stored [m, lda] (tA false) or [k, lda] (tA true)
//	op(B): [k, n]; stored [k, ldb] (tB false) or [n, ldb] (tB true)
func blasGemm(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	if m == 0 || n == 0 {
		return
	}
	beta := 0.0
	if accumulate {
		beta = 1
	}
	ta, tb := blas.NoTrans, blas.NoTrans
	if tA {
		ta = blas.Trans
	}
	if tB {
		tb = blas.Trans
	}
	impl := blas64.Implementation()
	for i0 := 0; i0 < m; i0 += blasPanelM {
		mi := min(blasPanelM, m-i0)
		var ap []float64
		if tA {
			ap = a[i0:] // columns i0… of the stored Aᵀ
		} else {
			ap = a[i0*lda:] // rows i0… of A
		}
		for j0 := 0; j0 < n; j0 += blasPanelN {
			nj := min(blasPanelN, n-j0)
			var bp []float64
			if tB {
				bp = b[j0*ldb:] // rows j0… of the stored Bᵀ
			} else {
				bp = b[j0:] // columns j0… of B
			}
			clearUpper() // gonum's kernels are legacy SSE (upper.go)
			impl.Dgemm(ta, tb, mi, nj, k, 1, ap, lda, bp, ldb, beta, c[i0*ldc+j0:], ldc)
		}
	}
}

// blasGemm32 is blasGemm in float32 with gonum's blas32.
func blasGemm32(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, accumulate bool) {
	if m == 0 || n == 0 {
		return
	}
	var beta float32
	if accumulate {
		beta = 1
	}
	ta, tb := blas.NoTrans, blas.NoTrans
	if tA {
		ta = blas.Trans
	}
	if tB {
		tb = blas.Trans
	}
	impl := blas32.Implementation()
	for i0 := 0; i0 < m; i0 += blasPanelM {
		mi := min(blasPanelM, m-i0)
		var ap []float32
		if tA {
			ap = a[i0:]
		} else {
			ap = a[i0*lda:]
		}
		for j0 := 0; j0 < n; j0 += blasPanelN {
			nj := min(blasPanelN, n-j0)
			var bp []float32
			if tB {
				bp = b[j0*ldb:]
			} else {
				bp = b[j0:]
			}
			clearUpper() // gonum's kernels are legacy SSE (upper.go)
			impl.Sgemm(ta, tb, mi, nj, k, 1, ap, lda, bp, ldb, beta, c[i0*ldc+j0:], ldc)
		}
	}
}
