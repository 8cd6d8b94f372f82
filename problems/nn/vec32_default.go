//go:build !goexperiment.simd || !amd64

package nn

// Without GOEXPERIMENT=simd the float32 loops are all scalar (vec32_simd.go
// has the vector ones): the vector versions do nothing.

func biasAddVec32(out, b []float32, n int) int        { return 0 }
func biasGradVec32(db, dout []float32, n int) int     { return 0 }
func reluForwardVec32(out, x []float32) int           { return 0 }
func reluBackwardVec32(dx, y, dout []float32) int     { return 0 }
func geluForwardVec32(out, th, x []float32) int       { return 0 }
func geluBackwardVec32(dx, th, x, dout []float32) int { return 0 }

func bnForwardVec32(xh, o, x []float32, m, r, g, b float32) int        { return 0 }
func bnBackwardVec32(d, dy, xh []float32, k, a, sdyx, cnt float32) int { return 0 }

func softmaxRowVec32(row []float32, scale float32) bool     { return false }
func softmaxBwdRowVec32(p, d []float32, scale float32) bool { return false }

func lnForwardVec32(l *LayerNormOf[float32], x []float32, n int) int { return 0 }
func lnBackwardVec32(l *LayerNormOf[float32], dout []float32) int    { return 0 }

func expSubVec32(dst, src []float32, sub float32) {
	for i, v := range src {
		dst[i] = exp32(v - sub)
	}
}

func narrowVec(dst []float32, src []float64) int { return 0 }
func widenVec(dst []float64, src []float32) int  { return 0 }

func im2colRowsVec32(cu, pu []uint32, cin, h, w int) bool { return false }
