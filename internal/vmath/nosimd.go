//go:build !(goexperiment.simd && amd64)

package vmath

// Without GOEXPERIMENT=simd (or off amd64) every kernel runs its reference loop.

const useSIMD = false

func vecExp(dst, src []float64) bool { return false }

func vecLog(dst, src []float64) bool { return false }

func vecDot(x, y []float64) (float64, bool) { return 0, false }

func vecAxpy(y, x []float64, a float64) bool { return false }

func vecSoftmax(z []float64) (m, s float64, ok bool) { return 0, 0, false }

func vecLogSumExp(z []float64) (m, s float64, ok bool) { return 0, 0, false }

func vecMatVec(z, a, x, b []float64) bool { return false }

func vecGer(a, x, y []float64, alpha float64) bool { return false }

func vecGerBatch(a []float64, k, d int, x, y []float64, alpha float64) bool { return false }

func vecMatVecCols(z, a, x, b []float64, k, d, n, ld int) int { return 0 }

func vecSoftmaxSumCols(z []float64, k, n, ld int, m, s []float64) int { return 0 }

func vecGerBatchCols(a []float64, k, d int, x []float64, n, ld int, y []float64, alpha float64) bool {
	return false
}

func vecAxpyCols(y, x []float64, k, n, ld int, alpha float64) (rows, cols int) { return 0, 0 }

func vecTranspose(dst, src []float64, m, n, ldd, lds int) (rows, cols int) { return 0, 0 }
