//go:build !goexperiment.simd || !amd64

package nn

// The float32 gemms in this build: gonum's blas32 (gemm_blas.go).

func gemmNN32(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, accumulate bool) {
	blasGemm32(false, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

func gemmNT32(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, accumulate bool, scratch []float32) {
	blasGemm32(false, true, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

func gemmTN32(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, accumulate bool) {
	blasGemm32(true, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

func gemmTNLong32(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, accumulate bool, t []float32) {
	gemmTN32(m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

// transposeAVX32 is transposeInto in this build.
func transposeAVX32(dst []float32, src []float32, rows, cols, lds int) {
	transposeInto(dst, src, rows, cols, lds)
}
