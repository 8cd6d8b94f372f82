//go:build goexperiment.simd && amd64

package nn

import "unsafe"

//go:noescape
func bnSumsAsm(x unsafe.Pointer, b, cs, s, groups int, sums unsafe.Pointer)

//go:noescape
func bnSqSumsAsm(x unsafe.Pointer, b, cs, s, groups int, means, sums unsafe.Pointer)

//go:noescape
func bnBwdSumsAsm(dout, xhat unsafe.Pointer, b, cs, s, groups int, sdy, sdx unsafe.Pointer)

//go:noescape
func bnFwdChanAsm(xhat, out, x unsafe.Pointer, s, cs, b int, mean, rstd, gamma, beta float64)

//go:noescape
func bnBwdChanAsm(dx, dout, xhat unsafe.Pointer, s, cs, b int, k, a, sdyx, cnt float64)

// bnVec reports whether the vector BatchNorm loops (bn_amd64.s) run for a
// channel length s: AVX2 and s a multiple of 4.
func bnVec(s int) bool { return useAVX2 && s%4 == 0 && s > 0 }

// bnSums sets sums[q] for the g·4 channels c… (g = 1 or 2) of x[b, C, S]
// as BatchNorm's scalar sums do (sums4), if bnVec(S).
func bnSums(x []float64, b, C, S, c, g int, sums *[8]float64) bool {
	if !bnVec(S) {
		return false
	}
	_ = x[((b-1)*C+c+4*g)*S-1]
	bnSumsAsm(unsafe.Add(ptr64(x), c*S*8), b, C*S*8, S, g, unsafe.Pointer(sums))
	return true
}

// bnSqSums is bnSums for sqsums4 (the means of the channels in means).
func bnSqSums(x []float64, b, C, S, c, g int, means, sums *[8]float64) bool {
	if !bnVec(S) {
		return false
	}
	_ = x[((b-1)*C+c+4*g)*S-1]
	bnSqSumsAsm(unsafe.Add(ptr64(x), c*S*8), b, C*S*8, S, g, unsafe.Pointer(means), unsafe.Pointer(sums))
	return true
}

// bnBwdSums is bnSums for bwdSums4.
func bnBwdSums(dout, xhat []float64, b, C, S, c, g int, sdy, sdx *[8]float64) bool {
	if !bnVec(S) {
		return false
	}
	_, _ = dout[((b-1)*C+c+4*g)*S-1], xhat[((b-1)*C+c+4*g)*S-1]
	bnBwdSumsAsm(unsafe.Add(ptr64(dout), c*S*8), unsafe.Add(ptr64(xhat), c*S*8), b, C*S*8, S, g, unsafe.Pointer(sdy), unsafe.Pointer(sdx))
	return true
}

// bnFwdChan runs Forward's elementwise loop on channel c of all b samples.
func bnFwdChan(xhat, out, x []float64, b, C, S, c int, m, r, g, be float64) bool {
	if !bnVec(S) {
		return false
	}
	_, _, _ = x[((b-1)*C+c+1)*S-1], xhat[((b-1)*C+c+1)*S-1], out[((b-1)*C+c+1)*S-1]
	o := c * S * 8
	bnFwdChanAsm(unsafe.Add(ptr64(xhat), o), unsafe.Add(ptr64(out), o), unsafe.Add(ptr64(x), o), S, C*S*8, b, m, r, g, be)
	return true
}

// bnBwdChan runs Backward's elementwise loop (batch statistics) on channel
// c of all b samples.
func bnBwdChan(dx, dout, xhat []float64, b, C, S, c int, k, a, sdyx, cnt float64) bool {
	if !bnVec(S) {
		return false
	}
	_, _, _ = dx[((b-1)*C+c+1)*S-1], dout[((b-1)*C+c+1)*S-1], xhat[((b-1)*C+c+1)*S-1]
	o := c * S * 8
	bnBwdChanAsm(unsafe.Add(ptr64(dx), o), unsafe.Add(ptr64(dout), o), unsafe.Add(ptr64(xhat), o), S, C*S*8, b, k, a, sdyx, cnt)
	return true
}
