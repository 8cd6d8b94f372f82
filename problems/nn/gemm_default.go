//go:build !goexperiment.simd || !amd64

package nn

// gemmKernelName names the implementation in use (benchmarks print it).
const gemmKernelName = "blas64"

func gemmNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	blasGemm(false, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

func gemmNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool, scratch []float64) {
	blasGemm(false, true, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

func gemmTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	blasGemm(true, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}
