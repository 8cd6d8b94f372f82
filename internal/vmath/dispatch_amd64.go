//go:build goexperiment.simd && amd64

package vmath

import (
	"os"
	"simd/archsimd"
)

// useSIMD is decided once: the CPU must have AVX2, and SFBENCH_SIMD=off turns
// the vector code off (to compare both paths in one build), as in optim/kernel.
var useSIMD = archsimd.X86.AVX2() && os.Getenv("SFBENCH_SIMD") != "off"

// The vector loops (loops_amd64.go) use only AVX and AVX2 instructions, Mul
// then Add/Sub and never MulAdd, and end with VZEROUPPER
// (archsimd.ClearAVXUpperBits): Go's scalar floating point is SSE code, and
// with the upper halves of the YMM registers left dirty every later SSE
// instruction in the process carries a false dependency (see optim/kernel).

// clearUpper runs VZEROUPPER before a reference loop in this build: the
// runtime's asynchronous preemption restores the full vector registers and
// leaves their upper halves dirty even when SFBENCH_SIMD=off, and scalar code
// then ran ~4x slower (see clearUpper in optim/kernel). The loops here are
// short (rows of a matrix), so once per call is enough.
func clearUpper() {
	if hasAVX {
		archsimd.ClearAVXUpperBits()
	}
}

var hasAVX = archsimd.X86.AVX()

func vecExp(dst, src []float64) bool {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return false
	}
	exp64(dst, src)
	return true
}

func vecLog(dst, src []float64) bool {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return false
	}
	log64(dst, src)
	return true
}

func vecDot(x, y []float64) (float64, bool) {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return 0, false
	}
	return dot64(x, y), true
}

func vecAxpy(y, x []float64, a float64) bool {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return false
	}
	axpy64(y, x, a)
	return true
}

func vecSoftmax(z []float64) (m, s float64, ok bool) {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return 0, 0, false
	}
	m, s = softmax64(z, true)
	return m, s, true
}

func vecLogSumExp(z []float64) (m, s float64, ok bool) {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return 0, 0, false
	}
	m, s = softmax64(z, false)
	return m, s, true
}

func vecMatVec(z, a, x, b []float64) bool {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return false
	}
	matVec64(z, a, x, b)
	return true
}

func vecGer(a, x, y []float64, alpha float64) bool {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return false
	}
	ger64(a, x, y, alpha)
	return true
}

func vecGerBatch(a []float64, k, d int, x, y []float64, alpha float64) bool {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return false
	}
	gerBatch64(a, k, d, x, y, alpha)
	return true
}

// The column kernels return how many columns the vector loop did (a
// multiple of four); the caller's reference loop does the rest.

func vecMatVecCols(z, a, x, b []float64, k, d, n, ld int) int {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return 0
	}
	done := matVecCols64(z, a, x, b, k, d, n, ld)
	if done < n {
		clearUpper() // the reference loop does the last columns
	}
	return done
}

func vecSoftmaxSumCols(z []float64, k, n, ld int, m, s []float64) int {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return 0
	}
	done := softmaxSumCols64(z, k, n, ld, m, s)
	if done < n {
		clearUpper() // the reference loop does the last columns
	}
	return done
}

func vecGerBatchCols(a []float64, k, d int, x []float64, n, ld int, y []float64, alpha float64) bool {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return false
	}
	if k > 0 && d > 0 && n > 0 {
		gerBatchStrided64(a, k, d, ptr(x), ld*8, 8, n, y, alpha)
	}
	return true
}

// vecAxpyCols and vecTranspose return the block they did: rows
// 0..rows-1, columns 0..cols-1 (whole 4×4 tiles for vecTranspose; every
// row for vecAxpyCols).

func vecAxpyCols(y, x []float64, k, n, ld int, alpha float64) (rows, cols int) {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return 0, 0
	}
	rows, cols = axpyCols64(y, x, k, n, ld, alpha)
	if rows < k || cols < n {
		clearUpper() // the reference loop does the rest
	}
	return rows, cols
}

func vecTranspose(dst, src []float64, m, n, ldd, lds int) (rows, cols int) {
	if !useSIMD {
		clearUpper() // the reference loop runs next
		return 0, 0
	}
	rows, cols = transpose64(dst, src, m, n, ldd, lds)
	if rows < m || cols < n {
		clearUpper() // the reference loop does the rest
	}
	return rows, cols
}
