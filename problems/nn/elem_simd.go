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

//go:noescape
func bnFwdAsm(xhat, out, x unsafe.Pointer, n int, mean, rstd, gamma, beta float64)

//go:noescape
func bnBwdAsm(dx, dout, xhat unsafe.Pointer, n int, k, a, sdyx, cnt float64)

// bnForwardVec does BatchNorm.Forward's xh[j] = (x[j]−m)·r, o[j] = g·xh[j]+b
// for the first n = len(x) &^ 3 elements and returns n.
func bnForwardVec(xh, o, x []float64, m, r, g, b float64) int {
	n := len(x) &^ 3
	if !useAVX2 || n == 0 {
		return 0
	}
	_, _ = xh[n-1], o[n-1]
	bnFwdAsm(ptr64(xh), ptr64(o), ptr64(x), n, m, r, g, b)
	return n
}

// bnBackwardVec does BatchNorm.Backward's d[j] = k·(dy[j] − a − xh[j]·sdyx/cnt)
// (a = sdy/cnt) for the first n = len(dy) &^ 3 elements and returns n.
func bnBackwardVec(d, dy, xh []float64, k, a, sdyx, cnt float64) int {
	n := len(dy) &^ 3
	if !useAVX2 || n == 0 {
		return 0
	}
	_, _ = d[n-1], xh[n-1]
	bnBwdAsm(ptr64(d), ptr64(dy), ptr64(xh), n, k, a, sdyx, cnt)
	return n
}

//go:noescape
func maxPoolRowAsm(out unsafe.Pointer, arg unsafe.Pointer, r0 unsafe.Pointer, w int, base int)

//go:noescape
func maxPoolAsm(out, arg, x unsafe.Pointer, pairs, w int)

//go:noescape
func maxPool4Asm(out, arg, x unsafe.Pointer, pairs int)

//go:noescape
func maxPoolBwdAsm(dx, dout, arg unsafe.Pointer, pairs, w int)

// maxPoolVec runs MaxPool2.Forward on the b·C planes of x with the vector
// kernels when H is even and W a multiple of 8 (all row pairs in one call)
// or 4 (two row pairs per step, an even number of them), and reports
// whether it did; otherwise the caller's scalar loop runs.
func maxPoolVec(p *MaxPool2, x, out []float64, b int) bool {
	H, W, Ho, Wo := p.H, p.W, p.Ho, p.Wo
	pairs := b * p.C * Ho
	if !useAVX2 || H%2 != 0 || b*p.C*H*W >= 1<<31 || !(W%8 == 0 || W == 4 && pairs%2 == 0) {
		return false
	}
	n := b * p.C
	_, _, _ = x[n*H*W-1], out[n*Ho*Wo-1], p.argmax[n*Ho*Wo-1]
	px, po, pa := ptr64(x), ptr64(out), unsafe.Pointer(unsafe.SliceData(p.argmax))
	if W == 4 {
		maxPool4Asm(po, pa, px, pairs)
	} else {
		maxPoolAsm(po, pa, px, pairs, W)
	}
	return true
}

// maxPoolBwdVec runs MaxPool2.Backward with the vector kernel when H is
// even and W a multiple of 4, and reports whether it did.
func maxPoolBwdVec(p *MaxPool2, dout []float64) bool {
	H, W := p.H, p.W
	if !useAVX2 || H%2 != 0 || W%4 != 0 || p.b == 0 {
		return false
	}
	n := p.b * p.C
	_, _, _ = p.dx[n*H*W-1], dout[n*p.Ho*p.Wo-1], p.argmax[n*p.Ho*p.Wo-1]
	maxPoolBwdAsm(ptr64(p.dx), ptr64(dout), unsafe.Pointer(unsafe.SliceData(p.argmax)), n*p.Ho, W)
	return true
}

// scalarCopies turns the vector im2col/col2im off while the AVX2 gemm stays
// on (for tests comparing the two with the same gemm).
var scalarCopies bool

//go:noescape
func im2colChanAsm(col, plane unsafe.Pointer, h, w int)

//go:noescape
func col2imGatherAsm(dx, dcol unsafe.Pointer, h, w int)

// im2colRowsVec does im2col's second loop (the col rows of every channel
// from the padded image pu[cin, h+2, w+2]) with vector moves when w is a
// multiple of 4, and reports whether it did.
func im2colRowsVec(cu, pu []uint64, cin, h, w int) bool {
	if !useAVX2 || scalarCopies || w%4 != 0 || cin == 0 || h == 0 {
		return false
	}
	hw, pl := h*w, (h+2)*(w+2)
	_, _ = cu[cin*9*hw-1], pu[cin*pl-1]
	pc, pp := unsafe.Pointer(unsafe.SliceData(cu)), unsafe.Pointer(unsafe.SliceData(pu))
	for ci := 0; ci < cin; ci++ {
		im2colChanAsm(unsafe.Add(pc, ci*9*hw*8), unsafe.Add(pp, ci*pl*8), h, w)
	}
	return true
}

// col2imVec does all of col2im (dx[cin, h, w] overwritten) by gathering
// each dx element's terms in (ky, kx) order (col2imGatherAsm) when w is a
// multiple of 4, and reports whether it did.
func col2imVec(dx, dcol []float64, cin, h, w int) bool {
	if !useAVX2 || scalarCopies || w%4 != 0 || cin == 0 || h == 0 {
		return false
	}
	hw := h * w
	_, _ = dx[cin*hw-1], dcol[cin*9*hw-1]
	for ci := 0; ci < cin; ci++ {
		col2imGatherAsm(unsafe.Add(ptr64(dx), ci*hw*8), unsafe.Add(ptr64(dcol), ci*9*hw*8), h, w)
	}
	return true
}

//go:noescape
func biasAddAsm(out, bias unsafe.Pointer, rows, cols, ldo int)

//go:noescape
func biasGradAsm(db, dout unsafe.Pointer, rows, cols, ldo int)

// biasAddVec adds b to the first c = len(b) &^ 3 columns of the n rows of
// out (row length len(b)) and returns c; the caller adds the other columns.
func biasAddVec(out, b []float64, n int) int {
	c := len(b) &^ 3
	if !useAVX2 || c == 0 || n == 0 {
		return 0
	}
	_ = out[(n-1)*len(b)+c-1]
	biasAddAsm(ptr64(out), ptr64(b), n, c, len(b))
	return c
}

// biasGradVec adds the column sums of the n rows of dout (row length
// len(db), each sum in row order) to the first c = len(db) &^ 3 entries of
// db and returns c; the caller does the other columns.
func biasGradVec(db, dout []float64, n int) int {
	c := len(db) &^ 3
	if !useAVX2 || c == 0 || n == 0 {
		return 0
	}
	_ = dout[(n-1)*len(db)+c-1]
	biasGradAsm(ptr64(db), ptr64(dout), n, c, len(db))
	return c
}

//go:noescape
func geluBwdAsm(dx, th, x, dout unsafe.Pointer, n int, s, c3 float64)

// geluBackwardVec does GELU.Backward's dx[i] = dout[i]·gelu'(x[i]) (from
// th = tanh(u)) for the first n = len(x) &^ 3 elements and returns n.
func geluBackwardVec(dx, th, x, dout []float64) int {
	n := len(x) &^ 3
	if !useAVX2 || n == 0 {
		return 0
	}
	_, _, _ = dx[n-1], th[n-1], dout[n-1]
	geluBwdAsm(ptr64(dx), ptr64(th), ptr64(x), ptr64(dout), n, geluS, 3*0.044715)
	return n
}
