//go:build goexperiment.simd && amd64

package nn

import "unsafe"

//go:noescape
func lnFwdAsm(x, out, mean, rstd, gamma, beta unsafe.Pointer, rows, c int, eps float64)

//go:noescape
func lnBwdAsm(x, dout, dx, mean, rstd, gamma, dgamma, dbeta, sums unsafe.Pointer, rows, c int)

// lnForwardVec runs LayerNorm.Forward's loop on the first rows = n &^ 3 rows
// of x with the AVX2 kernel (ln_amd64.s; the scalar loop's values bit for
// bit) when C is a multiple of 4, and returns how many rows it did.
func lnForwardVec(l *LayerNorm, x []float64, n int) int {
	C, rows := l.C, n&^3
	if !useAVX2 || C%4 != 0 || rows == 0 {
		return 0
	}
	_, _, _ = x[rows*C-1], l.out[rows*C-1], l.rstd[rows-1]
	lnFwdAsm(ptr64(x), ptr64(l.out), ptr64(l.mean), ptr64(l.rstd), ptr64(l.Gamma.W), ptr64(l.Beta.W), rows, C, l.Eps)
	return rows
}

// lnBackwardVec is lnForwardVec for LayerNorm.Backward's loop (rows in
// order, so dGamma and dBeta are summed in the scalar loop's order).
func lnBackwardVec(l *LayerNorm, dout []float64) int {
	C, rows := l.C, l.n&^3
	if !useAVX2 || C%4 != 0 || rows == 0 {
		return 0
	}
	_, _ = dout[rows*C-1], l.dx[rows*C-1]
	lnBwdAsm(ptr64(l.x), ptr64(dout), ptr64(l.dx), ptr64(l.mean), ptr64(l.rstd), ptr64(l.Gamma.W),
		ptr64(l.Gamma.G), ptr64(l.Beta.G), unsafe.Pointer(&l.sums), rows, C)
	return rows
}
