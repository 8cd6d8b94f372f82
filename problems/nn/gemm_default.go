//go:build !goexperiment.simd || !amd64

package nn

// GemmKernel names the matrix multiplication the layers run: "blas64"
// (gonum) in this build.
func GemmKernel() string { return "blas64" }

// clearUpper does nothing: without GOEXPERIMENT=simd the runtime never leaves
// the vector upper state in use (see upper.go).
func clearUpper() {}

func gemmNN64(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	blasGemm(false, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

func gemmNT64(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool, scratch []float64) {
	blasGemm(false, true, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

func gemmTN64(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	blasGemm(true, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

// gemmTNLong is gemmTN (the scratch t is for the AVX2 build's chunking).
func gemmTNLong64(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool, t []float64) {
	gemmTN64(m, n, k, a, lda, b, ldb, c, ldc, accumulate)
}

// useAVX2 is false in this build: there is no AVX2 gemm (gemm_simd.go).
const useAVX2 = false

// transposeAVX is transposeInto in this build.
func transposeAVX64(dst []float64, src []float64, rows, cols, lds int) {
	transposeInto(dst, src, rows, cols, lds)
}
