//go:build goexperiment.simd && amd64

package nn

import "unsafe"

// The float32 vector loops (vec32_amd64.s), used with the AVX2 gemm
// (useAVX2); the scalar loops of the layers do the rest, and all of the
// work without AVX2+FMA or with SFBENCH_SIMD=off. They are not bit for bit
// the scalar loops (their sums run in lanes, products fuse, exp is a
// polynomial within 2 ulp): float32 results differ between the SIMD build
// and the scalar code in the last bits, as the float64 gemm's FMA does.

//go:noescape
func expSub32Asm(dst, src unsafe.Pointer, n int, sub float32, mask unsafe.Pointer)

//go:noescape
func softmaxRow32Asm(row unsafe.Pointer, n int, scale float32, mask unsafe.Pointer)

//go:noescape
func softmaxBwdRow32Asm(p, d unsafe.Pointer, n int, scale float32, mask unsafe.Pointer)

//go:noescape
func geluFwd32Asm(out, th, x unsafe.Pointer, n int, g2 float32)

//go:noescape
func geluBwd32Asm(dx, th, x, dout unsafe.Pointer, n int, s, c3 float32)

//go:noescape
func lnFwd32Asm(x, out, mean, rstd, gamma, beta unsafe.Pointer, rows, c int, eps float32)

//go:noescape
func lnBwd32Asm(x, dout, dx, mean, rstd, gamma, dgamma, dbeta unsafe.Pointer, rows, c int)

//go:noescape
func biasAdd32Asm(out, bias unsafe.Pointer, rows, cols, ldo int)

//go:noescape
func biasGrad32Asm(db, dout unsafe.Pointer, rows, cols, ldo int)

//go:noescape
func reluFwd32Asm(out, x unsafe.Pointer, n int)

//go:noescape
func reluBwd32Asm(dx, y, dout unsafe.Pointer, n int)

//go:noescape
func narrowAsm(dst, src unsafe.Pointer, n int)

//go:noescape
func widenAsm(dst, src unsafe.Pointer, n int)

func mask32(n int) unsafe.Pointer { return unsafe.Pointer(&laneMasks32[n&7]) }

// expSubVec32 sets dst[i] = exp(src[i] − sub) for all i.
func expSubVec32(dst, src []float32, sub float32) {
	n := len(src)
	if !useAVX2 || n == 0 {
		for i, v := range src {
			dst[i] = exp32(v - sub)
		}
		return
	}
	_ = dst[n-1]
	expSub32Asm(ptr32(dst), ptr32(src), n, sub, mask32(n))
}

// softmaxRowVec32 is softmaxRowVec in float32.
func softmaxRowVec32(row []float32, scale float32) bool {
	if !useAVX2 || len(row) == 0 {
		return false
	}
	softmaxRow32Asm(ptr32(row), len(row), scale, mask32(len(row)))
	return true
}

// softmaxBwdRowVec32 is softmaxBwdRowVec in float32.
func softmaxBwdRowVec32(p, d []float32, scale float32) bool {
	n := len(p)
	if !useAVX2 || n == 0 {
		return false
	}
	_ = d[n-1]
	softmaxBwdRow32Asm(ptr32(p), ptr32(d), n, scale, mask32(n))
	return true
}

// geluForwardVec32 does GELU.Forward for the first len(x) &^ 7 elements and
// returns how many.
func geluForwardVec32(out, th, x []float32) int {
	n := len(x) &^ 7
	if !useAVX2 || n == 0 {
		return 0
	}
	_, _ = out[n-1], th[n-1]
	geluFwd32Asm(ptr32(out), ptr32(th), ptr32(x), n, float32(2*geluS))
	return n
}

// geluBackwardVec32 is geluForwardVec32 for GELU.Backward.
func geluBackwardVec32(dx, th, x, dout []float32) int {
	n := len(x) &^ 7
	if !useAVX2 || n == 0 {
		return 0
	}
	_, _, _ = dx[n-1], th[n-1], dout[n-1]
	geluBwd32Asm(ptr32(dx), ptr32(th), ptr32(x), ptr32(dout), n, float32(geluS), 3*0.044715)
	return n
}

// lnForwardVec32 runs LayerNorm.Forward on all n rows when C is a multiple
// of 8 and returns how many rows it did.
func lnForwardVec32(l *LayerNormOf[float32], x []float32, n int) int {
	C := l.C
	if !useAVX2 || C%8 != 0 || n == 0 {
		return 0
	}
	_, _, _ = x[n*C-1], l.out[n*C-1], l.rstd[n-1]
	lnFwd32Asm(ptr32(x), ptr32(l.out), ptr32(l.mean), ptr32(l.rstd), ptr32(l.Gamma.W), ptr32(l.Beta.W), n, C, float32(l.Eps))
	return n
}

// lnBackwardVec32 is lnForwardVec32 for LayerNorm.Backward.
func lnBackwardVec32(l *LayerNormOf[float32], dout []float32) int {
	C, n := l.C, l.n
	if !useAVX2 || C%8 != 0 || n == 0 {
		return 0
	}
	_, _ = dout[n*C-1], l.dx[n*C-1]
	lnBwd32Asm(ptr32(l.x), ptr32(dout), ptr32(l.dx), ptr32(l.mean), ptr32(l.rstd), ptr32(l.Gamma.W),
		ptr32(l.Gamma.G), ptr32(l.Beta.G), n, C)
	return n
}

// biasAddVec32 adds b to the first len(b) &^ 7 columns of the n rows of out
// and returns how many columns.
func biasAddVec32(out, b []float32, n int) int {
	c := len(b) &^ 7
	if !useAVX2 || c == 0 || n == 0 {
		return 0
	}
	_ = out[(n-1)*len(b)+c-1]
	biasAdd32Asm(ptr32(out), ptr32(b), n, c, len(b))
	return c
}

// biasGradVec32 adds the column sums of dout to the first len(db) &^ 7
// entries of db and returns how many.
func biasGradVec32(db, dout []float32, n int) int {
	c := len(db) &^ 7
	if !useAVX2 || c == 0 || n == 0 {
		return 0
	}
	_ = dout[(n-1)*len(db)+c-1]
	biasGrad32Asm(ptr32(db), ptr32(dout), n, c, len(db))
	return c
}

func reluForwardVec32(out, x []float32) int {
	n := len(x) &^ 7
	if !useAVX2 || n == 0 {
		return 0
	}
	_ = out[n-1]
	reluFwd32Asm(ptr32(out), ptr32(x), n)
	return n
}

func reluBackwardVec32(dx, y, dout []float32) int {
	n := len(y) &^ 7
	if !useAVX2 || n == 0 {
		return 0
	}
	_, _ = dx[n-1], dout[n-1]
	reluBwd32Asm(ptr32(dx), ptr32(y), ptr32(dout), n)
	return n
}

// BatchNorm has no float32 vector loops yet.
func bnForwardVec32(xh, o, x []float32, m, r, g, b float32) int        { return 0 }
func bnBackwardVec32(d, dy, xh []float32, k, a, sdyx, cnt float32) int { return 0 }

func narrowVec(dst []float32, src []float64) int {
	n := len(src) &^ 7
	if !useAVX2 || n == 0 {
		return 0
	}
	_ = dst[n-1]
	narrowAsm(ptr32(dst), ptr64(src), n)
	return n
}

func widenVec(dst []float64, src []float32) int {
	n := len(src) &^ 7
	if !useAVX2 || n == 0 {
		return 0
	}
	_ = dst[n-1]
	widenAsm(ptr64(dst), ptr32(src), n)
	return n
}

//go:noescape
func im2colChan32Asm(col, plane unsafe.Pointer, h, w int)

// im2colRowsVec32 is im2colRowsVec for float32 bits (w a multiple of 4).
func im2colRowsVec32(cu, pu []uint32, cin, h, w int) bool {
	if !useAVX2 || w%4 != 0 || cin == 0 || h == 0 {
		return false
	}
	hw, pl := h*w, (h+2)*(w+2)
	_, _ = cu[cin*9*hw-1], pu[cin*pl-1]
	pc, pp := unsafe.Pointer(unsafe.SliceData(cu)), unsafe.Pointer(unsafe.SliceData(pu))
	for ci := 0; ci < cin; ci++ {
		im2colChan32Asm(unsafe.Add(pc, ci*9*hw*4), unsafe.Add(pp, ci*pl*4), h, w)
	}
	return true
}
