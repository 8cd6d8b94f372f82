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
// does; (l0+l1)+(l2+l3) is its horizontal sum. All rows in one call of
// matVecColsAsm (cols_amd64.s).
func matVecCols64(z, a, x, b []float64, k, d, n, ld int) int {
	n4 := n &^ 3
	if n4 == 0 || k == 0 {
		return n4
	}
	var pb unsafe.Pointer
	if b != nil {
		pb = ptr(b)
	}
	matVecColsAsm(ptr(z), ptr(a), ptr(x), pb, k, d, ld*8, n4)
	return n4
}

// matVecColsAsm is matVecCols64 on k ≥ 1 rows and n4 ≥ 4 columns
// (cols_amd64.s); it ends with VZEROUPPER.
//
//go:noescape
func matVecColsAsm(z, a, x, b unsafe.Pointer, k, d, ls, n4 int)

// gerBlocksAsm is the 16-column blocks of gerBatchStrided64 for every
// row (cols_amd64.s), alpha given as its bits (an integer move: a float
// argument would be stored with a legacy-SSE MOVSD); it ends with
// VZEROUPPER.
//
//go:noescape
func gerBlocksAsm(a, x, y unsafe.Pointer, nk, d16, ks, xs, ys, n int, alpha uint64)

// softmaxSumCols64 is softmax64 on four columns at a time: lane j of
// class m[kk%4] (s[kk%4]) is lane kk%4 of softmax64's maximum (sum) for
// that column, and the classes combine as maxLanes and sumLanes combine
// lanes. All groups of four columns are one call of softmaxColsAsm
// (cols_amd64.s), exp4 operation by operation with the constants in
// memory operands: in Go, the compiler loaded each constant into a
// register first and spilled the sums.
func softmaxSumCols64(z []float64, k, n, ld int, m, s []float64) int {
	n4 := n &^ 3
	if n4 == 0 {
		return 0
	}
	softmaxColsAsm(ptr(z), k, ld*8, n4/4, cst, ptr(m), ptr(s))
	return n4
}

// softmaxColsAsm is softmaxSumCols64 on groups ≥ 1 groups of four columns
// of k rows (cols_amd64.s); it ends with VZEROUPPER.
//
//go:noescape
func softmaxColsAsm(zr unsafe.Pointer, k, ls, groups int, c *consts, m, s unsafe.Pointer)

// transpose4 transposes the 4×4 tile whose rows are r0..r3.
func transpose4(r0, r1, r2, r3 f4) (c0, c1, c2, c3 f4) {
	t0 := r0.SelectFromPairGrouped(0, 2, r1) // [r0₀, r1₀, r0₂, r1₂]
	t1 := r0.SelectFromPairGrouped(1, 3, r1) // [r0₁, r1₁, r0₃, r1₃]
	t2 := r2.SelectFromPairGrouped(0, 2, r3)
	t3 := r2.SelectFromPairGrouped(1, 3, r3)
	return t0.Select128FromPair(0, 2, t2), t1.Select128FromPair(0, 2, t3),
		t0.Select128FromPair(1, 3, t2), t1.Select128FromPair(1, 3, t3)
}

// axpyCols64 does rows 0..k-1 and columns 0..n4-1: four rows of y in a
// register, the columns of each 4×4 tile of x transposed into four
// vectors and added in column order. The last k mod 4 rows go the same
// way with zero vectors for the missing rows of their tile (lanes that
// are never stored): two of letter's 26 rows in the reference loop cost
// as much as the other 24.
func axpyCols64(y, x []float64, k, n, ld int, alpha float64) (rows, cols int) {
	k4, n4 := k&^3, n&^3
	if k == 0 || n4 == 0 {
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
	if t := k - k4; t > 0 {
		yt := part(py, k4, t)
		acc := loadPart(yt)
		x0 := unsafe.Add(px, k4*ls)
		for r := 0; r < n4; r += 4 {
			p0 := unsafe.Add(x0, r*8)
			var r1, r2 f4
			if t > 1 {
				r1 = archsimd.LoadFloat64x4((*[4]float64)(unsafe.Add(p0, ls)))
			}
			if t > 2 {
				r2 = archsimd.LoadFloat64x4((*[4]float64)(unsafe.Add(p0, 2*ls)))
			}
			c0, c1, c2, c3 := transpose4(archsimd.LoadFloat64x4((*[4]float64)(p0)), r1, r2, f4{})
			acc = acc.Add(va.Mul(c0))
			acc = acc.Add(va.Mul(c1))
			acc = acc.Add(va.Mul(c2))
			acc = acc.Add(va.Mul(c3))
		}
		storePart(acc, yt)
	}
	archsimd.ClearAVXUpperBits()
	return k, n4
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
