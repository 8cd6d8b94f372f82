//go:build goexperiment.simd && amd64

package nn

import "unsafe"

// Vector versions of elementwise layer loops (elem_amd64.s), used with the
// AVX2 gemm (useAVX2: AVX2+FMA and not SFBENCH_SIMD=off). Each returns how
// many leading elements it did (a multiple of 4); the caller runs its scalar
// loop on the rest, after the kernel's VZEROUPPER.

//go:noescape
func reluFwdAsm(out, x unsafe.Pointer, n int)

//go:noescape
func reluBwdAsm(dx, y, dout unsafe.Pointer, n int)

// reluForwardVec does out[i] = max(x[i], 0) for the first n = len(x) &^ 3
// elements and returns n.
func reluForwardVec(out, x []float64) int {
	n := len(x) &^ 3
	if !useAVX2 || n == 0 {
		return 0
	}
	_ = out[n-1]
	reluFwdAsm(ptr64(out), ptr64(x), n)
	return n
}

// reluBackwardVec does ReLU.Backward's dx[i] for the first n = len(y) &^ 3
// elements and returns n.
func reluBackwardVec(dx, y, dout []float64) int {
	n := len(y) &^ 3
	if !useAVX2 || n == 0 {
		return 0
	}
	_, _ = dx[n-1], dout[n-1]
	reluBwdAsm(ptr64(dx), ptr64(y), ptr64(dout), n)
	return n
}
