//go:build goexperiment.simd && amd64

package nn

import (
	"math"
	"unsafe"
)

// The attention softmax rows with the AVX2 row kernels (exp_amd64.s), bit
// for bit the scalar loops of attention.go (attnRowsScalar).

//go:noescape
func scaleMaxAsm(row unsafe.Pointer, n int, c float64, mask unsafe.Pointer) (mx float64, nan bool)

//go:noescape
func expSumAsm(row unsafe.Pointer, n int, mx, sum float64, mask unsafe.Pointer) (done int, s float64)

//go:noescape
func softmaxBwdRowAsm(p, d unsafe.Pointer, n int, scale float64, mask unsafe.Pointer)

// softmaxRowVec does attention's forward row (row[s] *= scale, then the
// stable softmax over s < len(row)) with the vector kernels and reports
// whether it did; without AVX2 the caller runs the scalar loops.
func softmaxRowVec(row []float64, scale float64) bool {
	n := len(row)
	if !useAVX2 || n == 0 {
		return false
	}
	p, mask := ptr64(row), unsafe.Pointer(&laneMasks[n&3])
	mx, nan := scaleMaxAsm(p, n, scale, mask)
	if nan || math.IsInf(mx, 0) {
		// NaN or infinite scores (a diverging run): the rest as the
		// scalar loops do it, for the same NaNs
		softmaxRest(row)
		return true
	}
	if mx == 0 {
		// VMAXPD's choice between −0 and +0 is not Go's max
		mx = math.Inf(-1)
		for _, v := range row {
			mx = max(mx, v)
		}
	}
	sum := 0.0
	for i := 0; i < n; {
		var done int
		done, sum = expSumAsm(unsafe.Add(p, i*8), n-i, mx, sum, unsafe.Pointer(&laneMasks[(n-i)&3]))
		i += done
		if i < n { // a block with a lane math.Exp treats specially
			for j := i; j < min(i+4, n); j++ {
				row[j] = math.Exp(row[j] - mx)
				sum += row[j]
			}
			i += 4
		}
	}
	scaleMaxAsm(p, n, 1/sum, mask)
	return true
}

// softmaxBwdRowVec does attention's backward row (dot = Σ p·d in order,
// then d = (scale·p)·(d − dot)) for s < len(p) and reports whether it did.
func softmaxBwdRowVec(p, d []float64, scale float64) bool {
	n := len(p)
	if !useAVX2 || n == 0 {
		return false
	}
	_ = d[n-1]
	softmaxBwdRowAsm(ptr64(p), ptr64(d), n, scale, unsafe.Pointer(&laneMasks[n&3]))
	return true
}
