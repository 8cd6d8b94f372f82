//go:build !goexperiment.simd || !amd64

package nn

import "math"

// Without GOEXPERIMENT=simd the elementwise loops are all scalar
// (elem_simd.go): the vector versions do nothing.

func reluForwardVec(out, x []float64) int       { return 0 }
func reluBackwardVec(dx, y, dout []float64) int { return 0 }

func bnForwardVec(xh, o, x []float64, m, r, g, b float64) int        { return 0 }
func bnBackwardVec(d, dy, xh []float64, k, a, sdyx, cnt float64) int { return 0 }

func maxPoolVec(p *MaxPool2, x, out []float64, b int) bool { return false }

func im2colRowsVec(cu, pu []uint64, cin, h, w int) bool { return false }
func col2imVec(dx, dcol []float64, cin, h, w int) bool  { return false }

func geluForwardVec(out, th, x []float64) int       { return 0 }
func geluBackwardVec(dx, th, x, dout []float64) int { return 0 }

// expSubVec sets dst[i] = math.Exp(src[i] − sub) (exp_simd.go has the
// vector version).
func expSubVec(dst, src []float64, sub float64) {
	for i, v := range src {
		dst[i] = math.Exp(v - sub)
	}
}

func biasAddVec(out, b []float64, n int) int    { return 0 }
func biasGradVec(db, dout []float64, n int) int { return 0 }

func softmaxRowVec(row []float64, scale float64) bool     { return false }
func softmaxBwdRowVec(p, d []float64, scale float64) bool { return false }

func lnForwardVec(l *LayerNorm, x []float64, n int) int { return 0 }
func lnBackwardVec(l *LayerNorm, dout []float64) int    { return 0 }

func bnSums(x []float64, b, C, S, c, g int, sums *[8]float64) bool                 { return false }
func bnSqSums(x []float64, b, C, S, c, g int, means, sums *[8]float64) bool        { return false }
func bnBwdSums(dout, xhat []float64, b, C, S, c, g int, sdy, sdx *[8]float64) bool { return false }
func bnFwdChan(xhat, out, x []float64, b, C, S, c int, m, r, g, be float64) bool   { return false }
func bnBwdChan(dx, dout, xhat []float64, b, C, S, c int, k, a, sdyx, cnt float64) bool {
	return false
}

func bnVec(s int) bool { return false }

func maxPoolBwdVec(p *MaxPool2, dout []float64) bool { return false }
