//go:build goexperiment.simd && amd64

package vmath

import (
	"simd/archsimd"
	"unsafe"
)

// The column kernels' vector loops (see cols.go): four columns per
// register, every operation vertical. Each loop does the columns in whole
// groups of four, returns how many that is and ends with VZEROUPPER; no
// scalar floating point runs inside (the caller runs the reference loop on
// the remaining columns afterwards).

// matVecCols64: lane j of accumulator class c gathers the products of
// elements i ≡ c (mod 4) of the row, as lane c of matVec64's accumulator
// does; (l0+l1)+(l2+l3) is its horizontal sum. One row of z at a time, in
// assembly (cols_amd64.s).
func matVecCols64(z, a, x, b []float64, k, d, n, ld int) int {
	n4 := n &^ 3
	if n4 == 0 || k == 0 {
		return n4
	}
	pz, pa, px := ptr(z), ptr(a), ptr(x)
	ls := ld * 8 // bytes from one row of x or z to the next
	for kk := 0; kk < k; kk++ {
		var bk unsafe.Pointer
		if b != nil {
			bk = unsafe.Pointer(&b[kk])
		}
		matVecRowAsm(unsafe.Add(pz, kk*ls), unsafe.Add(pa, kk*d*8), px, bk, d, ls, n4)
	}
	return n4
}

// matVecRowAsm is row kk of matVecCols64 (cols_amd64.s); it ends with
// VZEROUPPER.
//
//go:noescape
func matVecRowAsm(zk, ak, xr, bk unsafe.Pointer, d, ls, n4 int)

// gerRow16Asm is sixteen columns of one row of gerBatchStrided64 over n ≥ 1
// updates (cols_amd64.s), alpha given as its bits; it ends with VZEROUPPER.
//
//go:noescape
func gerRow16Asm(rj, xk, yj unsafe.Pointer, xs, ys, n int, alpha uint64)

// gerRows2x16Asm is gerRow16Asm for rows k and k+1 (the second ls bytes
// after the first, its x elements ks bytes after the first's).
//
//go:noescape
func gerRows2x16Asm(rj, xk, yj unsafe.Pointer, ls, ks, xs, ys, n int, alpha uint64)

// softmaxSumCols64 is softmax64 on four columns at a time: lane j of
// class m[kk%4] (s[kk%4]) is lane kk%4 of softmax64's maximum (sum) for
// that column, and the classes combine as maxLanes and sumLanes combine
// lanes. Each group of four columns is one call of softmaxCols4Asm
// (cols_amd64.s), exp4 operation by operation with the constants in
// memory operands: in Go, the compiler loaded each constant into a
// register first and spilled the sums.
func softmaxSumCols64(z []float64, k, n, ld int, m, s []float64) int {
	n4 := n &^ 3
	pz, pm, ps := ptr(z), ptr(m), ptr(s)
	for r := 0; r < n4; r += 4 {
		softmaxCols4Asm(unsafe.Add(pz, r*8), k, ld*8, cst, unsafe.Add(pm, r*8), unsafe.Add(ps, r*8))
	}
	return n4
}

// softmaxCols4Asm is one group of four columns of softmaxSumCols64
// (cols_amd64.s); it ends with VZEROUPPER.
//
//go:noescape
func softmaxCols4Asm(zr unsafe.Pointer, k, ls int, c *consts, m, s unsafe.Pointer)

// transpose4 transposes the 4×4 tile whose rows are r0..r3.
func transpose4(r0, r1, r2, r3 f4) (c0, c1, c2, c3 f4) {
	t0 := r0.SelectFromPairGrouped(0, 2, r1) // [r0₀, r1₀, r0₂, r1₂]
	t1 := r0.SelectFromPairGrouped(1, 3, r1) // [r0₁, r1₁, r0₃, r1₃]
	t2 := r2.SelectFromPairGrouped(0, 2, r3)
	t3 := r2.SelectFromPairGrouped(1, 3, r3)
	return t0.Select128FromPair(0, 2, t2), t1.Select128FromPair(0, 2, t3),
		t0.Select128FromPair(1, 3, t2), t1.Select128FromPair(1, 3, t3)
}

// axpyCols64 does rows 0..k4-1 and columns 0..n4-1: four rows of y in a
// register, the columns of each 4×4 tile of x transposed into four
// vectors and added in column order.
func axpyCols64(y, x []float64, k, n, ld int, alpha float64) (rows, cols int) {
	k4, n4 := k&^3, n&^3
	if k4 == 0 || n4 == 0 {
		return 0, 0
	}
	py, px := ptr(y), ptr(x)
	ls := ld * 8
	va := archsimd.BroadcastFloat64x4(alpha)
	for kk := 0; kk < k4; kk += 4 {
		acc := archsimd.LoadFloat64x4(at(py, kk))
		x0 := unsafe.Add(px, kk*ls)
		for r := 0; r < n4; r += 4 {
			p0 := unsafe.Add(x0, r*8)
			c0, c1, c2, c3 := transpose4(
				archsimd.LoadFloat64x4((*[4]float64)(p0)),
				archsimd.LoadFloat64x4((*[4]float64)(unsafe.Add(p0, ls))),
				archsimd.LoadFloat64x4((*[4]float64)(unsafe.Add(p0, 2*ls))),
				archsimd.LoadFloat64x4((*[4]float64)(unsafe.Add(p0, 3*ls))))
			acc = acc.Add(va.Mul(c0))
			acc = acc.Add(va.Mul(c1))
			acc = acc.Add(va.Mul(c2))
			acc = acc.Add(va.Mul(c3))
		}
		acc.Store(at(py, kk))
	}
	archsimd.ClearAVXUpperBits()
	return k4, n4
}

// transpose64 moves the whole 4×4 tiles: rows 0..m4-1, columns 0..n4-1.
func transpose64(dst, src []float64, m, n, ldd, lds int) (rows, cols int) {
	m4, n4 := m&^3, n&^3
	if m4 == 0 || n4 == 0 {
		return 0, 0
	}
	pd, ps := ptr(dst), ptr(src)
	bs, bd := lds*8, ldd*8
	for i := 0; i < m4; i += 4 {
		s0 := unsafe.Add(ps, i*bs)
		for j := 0; j < n4; j += 4 {
			p := unsafe.Add(s0, j*8)
			c0, c1, c2, c3 := transpose4(
				archsimd.LoadFloat64x4((*[4]float64)(p)),
				archsimd.LoadFloat64x4((*[4]float64)(unsafe.Add(p, bs))),
				archsimd.LoadFloat64x4((*[4]float64)(unsafe.Add(p, 2*bs))),
				archsimd.LoadFloat64x4((*[4]float64)(unsafe.Add(p, 3*bs))))
			q := unsafe.Add(pd, j*bd+i*8)
			c0.Store((*[4]float64)(q))
			c1.Store((*[4]float64)(unsafe.Add(q, bd)))
			c2.Store((*[4]float64)(unsafe.Add(q, 2*bd)))
			c3.Store((*[4]float64)(unsafe.Add(q, 3*bd)))
		}
	}
	archsimd.ClearAVXUpperBits()
	return m4, n4
}
