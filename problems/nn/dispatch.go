package nn

import (
	"math"
	"unsafe"
)

// The layers' vector loops for F: each dispatches to the float64 loop
// (elem_simd.go, exp_simd.go, attn_simd.go, ln_simd.go; stubs returning 0 or
// false in the default build) or the float32 one (vec32_simd.go,
// vec32_default.go). A loop that returns how many elements it did leaves
// the rest to the caller's scalar loop; one that returns false did nothing.

func vBiasAdd[F Float](out, b []F, n int) int {
	if is64[F]() {
		return biasAddVec(as64(out), as64(b), n)
	}
	return biasAddVec32(as32(out), as32(b), n)
}

func vBiasGrad[F Float](db, dout []F, n int) int {
	if is64[F]() {
		return biasGradVec(as64(db), as64(dout), n)
	}
	return biasGradVec32(as32(db), as32(dout), n)
}

func vReluFwd[F Float](out, x []F) int {
	if is64[F]() {
		return reluForwardVec(as64(out), as64(x))
	}
	return reluForwardVec32(as32(out), as32(x))
}

func vReluBwd[F Float](dx, y, dout []F) int {
	if is64[F]() {
		return reluBackwardVec(as64(dx), as64(y), as64(dout))
	}
	return reluBackwardVec32(as32(dx), as32(y), as32(dout))
}

func vBNFwd[F Float](xh, o, x []F, m, r, g, b F) int {
	if is64[F]() {
		return bnForwardVec(as64(xh), as64(o), as64(x), float64(m), float64(r), float64(g), float64(b))
	}
	return bnForwardVec32(as32(xh), as32(o), as32(x), float32(m), float32(r), float32(g), float32(b))
}

func vBNBwd[F Float](d, dy, xh []F, k, a, sdyx, cnt F) int {
	if is64[F]() {
		return bnBackwardVec(as64(d), as64(dy), as64(xh), float64(k), float64(a), float64(sdyx), float64(cnt))
	}
	return bnBackwardVec32(as32(d), as32(dy), as32(xh), float32(k), float32(a), float32(sdyx), float32(cnt))
}

func vMaxPool[F Float](p *MaxPoolOf[F], x, out []F, b int) bool {
	if is64[F]() {
		return maxPoolVec((*MaxPool2)(unsafe.Pointer(p)), as64(x), as64(out), b)
	}
	return false
}

func vMaxPoolBwd[F Float](p *MaxPoolOf[F], dout []F) bool {
	if is64[F]() {
		return maxPoolBwdVec((*MaxPool2)(unsafe.Pointer(p)), as64(dout))
	}
	return false
}

func vCol2im[F Float](dx, dcol []F, cin, h, w int) bool {
	if is64[F]() {
		return col2imVec(as64(dx), as64(dcol), cin, h, w)
	}
	return false
}

func vGeluFwd[F Float](out, th, x []F) int {
	if is64[F]() {
		return geluForwardVec(as64(out), as64(th), as64(x))
	}
	return geluForwardVec32(as32(out), as32(th), as32(x))
}

func vGeluBwd[F Float](dx, th, x, dout []F) int {
	if is64[F]() {
		return geluBackwardVec(as64(dx), as64(th), as64(x), as64(dout))
	}
	return geluBackwardVec32(as32(dx), as32(th), as32(x), as32(dout))
}

// vExpSub sets dst[i] = exp(src[i] − sub) for all i: math.Exp's values
// in float64 (expSubVec), exp rounded to float32 (expSubVec32) in float32.
func vExpSub[F Float](dst, src []F, sub F) {
	if is64[F]() {
		expSubVec(as64(dst), as64(src), float64(sub))
		return
	}
	expSubVec32(as32(dst), as32(src), float32(sub))
}

func vSoftmaxRow[F Float](row []F, scale F) bool {
	if is64[F]() {
		return softmaxRowVec(as64(row), float64(scale))
	}
	return softmaxRowVec32(as32(row), float32(scale))
}

func vSoftmaxBwdRow[F Float](p, d []F, scale F) bool {
	if is64[F]() {
		return softmaxBwdRowVec(as64(p), as64(d), float64(scale))
	}
	return softmaxBwdRowVec32(as32(p), as32(d), float32(scale))
}

func vLNFwd[F Float](l *LayerNormOf[F], x []F, n int) int {
	if is64[F]() {
		return lnForwardVec((*LayerNorm)(unsafe.Pointer(l)), as64(x), n)
	}
	return lnForwardVec32((*LayerNormOf[float32])(unsafe.Pointer(l)), as32(x), n)
}

func vLNBwd[F Float](l *LayerNormOf[F], dout []F) int {
	if is64[F]() {
		return lnBackwardVec((*LayerNorm)(unsafe.Pointer(l)), as64(dout))
	}
	return lnBackwardVec32((*LayerNormOf[float32])(unsafe.Pointer(l)), as32(dout))
}

// exp32 is exp rounded to float32 (the scalar loops' exp in float32).
func exp32(x float32) float32 { return float32(math.Exp(float64(x))) }
