//go:build goexperiment.simd && amd64

package vmath

import (
	"math"
	"simd/archsimd"
	"unsafe"
)

// The float64 vector loops, 4 lanes (AVX2). Each exported kernel has already
// resliced every argument, so the loops index through unsafe pointers
// without per-vector bounds checks; every full-vector access stays below
// len &^ 3. The 1..3 elements of a tail are moved by loadPart and storePart
// as a pair and a single element, and missing lanes are +0. (A masked load
// or store, VMASKMOVPD, would need a *[4]float64 reaching past the end of
// the slice, which the unsafe rules forbid and checkptr, on with
// go test -race, rejects, as it rejects archsimd's LoadFloat64x4SlicePart.)

type f4 = archsimd.Float64x4

// at points at the 4 elements starting at element i of the block at p.
func at(p unsafe.Pointer, i int) *[4]float64 { return (*[4]float64)(unsafe.Add(p, i*8)) }

func ptr(s []float64) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(s)) }

var iota4 = [4]int64{0, 1, 2, 3}

// loadPart loads the len(s) < 4 elements of s into lanes 0..len(s)-1; the
// other lanes are +0. It reads with the same widths that storePart writes
// (a pair, then a single element), so a tail stored by one kernel and
// loaded by the next is forwarded from the store buffer.
func loadPart(s []float64) f4 {
	var v f4
	switch len(s) {
	case 1:
		v = archsimd.BroadcastFloat64x4(s[0]).Masked(headMask(1))
	case 2:
		v = v.SetLo(archsimd.LoadFloat64x2((*[2]float64)(s)))
	case 3:
		hi := archsimd.BroadcastFloat64x4(s[2]).Masked(headMask(1)).GetLo()
		v = v.SetLo(archsimd.LoadFloat64x2((*[2]float64)(s))).SetHi(hi)
	}
	return v
}

// storePart stores lanes 0..len(s)-1 of v into s (len(s) < 4). A single
// element goes out through an integer register (VPEXTRQ), not through the
// scalar SSE moves the compiler emits for a float64.
func storePart(v f4, s []float64) {
	switch len(s) {
	case 1:
		*(*uint64)(unsafe.Pointer(&s[0])) = v.AsUint64x4().GetLo().GetElem(0)
	case 2:
		v.GetLo().Store((*[2]float64)(s))
	case 3:
		v.GetLo().Store((*[2]float64)(s))
		*(*uint64)(unsafe.Pointer(&s[2])) = v.AsUint64x4().GetHi().GetElem(0)
	}
}

// part is the slice of the t elements from element i of the block at p.
func part(p unsafe.Pointer, i, t int) []float64 {
	return unsafe.Slice((*float64)(unsafe.Add(p, i*8)), t)
}

// headMask has lanes 0..t-1 set.
func headMask(t int) archsimd.Mask64x4 {
	return archsimd.BroadcastInt64x4(int64(t)).Greater(archsimd.LoadInt64x4(&iota4))
}

// sumLanes is (l0+l1)+(l2+l3) in every lane.
func sumLanes(v f4) f4 {
	h := v.AddPairsGrouped(v) // [l0+l1, l0+l1, l2+l3, l2+l3]
	return h.Select128FromPair(0, 0, h).Add(h.Select128FromPair(1, 1, h))
}

// keepGreater is v where v > m, else m: maxRef's "if v > m { m = v }". It
// is a compare and a blend rather than VMAXPD, whose result for a NaN or
// for ±0 depends on the operand order, which the compiler may swap.
func keepGreater(v, m f4) f4 { return v.Merge(m, v.Greater(m)) }

// maxLanes is maxRef's combination of the lanes, in every lane.
func maxLanes(v f4) f4 {
	m := keepGreater(v.SelectFromPairGrouped(1, 0, v), v) // lane 0: max(l0, l1), lane 2: max(l2, l3)
	m = m.SelectFromPairGrouped(0, 0, m)                  // [m01, m01, m23, m23]
	return keepGreater(m.Select128FromPair(1, 1, m), m.Select128FromPair(0, 0, m))
}

// consts holds the constants of exp1 and log1 broadcast to all lanes. They
// are built once, at init and only when the CPU has AVX2, into cst. The
// shift counts are vectors too: the variable shifts (VPSRLVQ, VPSLLVQ) take
// them from a register, whereas for ShiftAllRight(1) the compiler moves the
// count into an XMM register with a legacy-SSE MOVQ, an AVX–SSE transition
// in the middle of the vector code (golang/go#80835).
type consts struct {
	// exp
	min, max, log2e, magic, ln2Hi, ln2Lo, one          f4
	c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13 f4
	bias, sh1, sh52                                    archsimd.Uint64x4

	// log
	lg1, lg2, lg3, lg4, lg5, lg6, lg7, half, two, twoTo54, minNormal f4
	twoTo52p1023, nan, negInf, posInf, minus54, zero                 f4
	logOff, mantMask, sqrtHalf, twoTo52                              archsimd.Uint64x4
}

var cst = new(consts)

func init() {
	if archsimd.X86.AVX2() { // not only when useSIMD: the tests switch it on
		setConsts(cst)
	}
}

// setConsts fills c in place: a consts value returned and copied would be
// moved with legacy-SSE instructions while the upper state is in use.
func setConsts(c *consts) {
	b := archsimd.BroadcastFloat64x4
	u := archsimd.BroadcastUint64x4
	c.min, c.max, c.log2e, c.magic = b(expMin), b(expMax), b(math.Log2E), b(expMagic)
	c.ln2Hi, c.ln2Lo, c.one = b(ln2Hi), b(ln2Lo), b(1)
	c.c2, c.c3, c.c4, c.c5, c.c6, c.c7, c.c8 = b(c2), b(c3), b(c4), b(c5), b(c6), b(c7), b(c8)
	c.c9, c.c10, c.c11, c.c12, c.c13 = b(c9), b(c10), b(c11), b(c12), b(c13)
	c.bias, c.sh1, c.sh52 = u(1023), u(1), u(52)

	c.lg1, c.lg2, c.lg3, c.lg4, c.lg5, c.lg6, c.lg7 = b(lg1), b(lg2), b(lg3), b(lg4), b(lg5), b(lg6), b(lg7)
	c.half, c.two, c.twoTo54, c.minNormal = b(0.5), b(2), b(0x1p54), b(minNormal)
	c.twoTo52p1023, c.nan, c.negInf, c.posInf = b(0x1p52+1023), b(logNaN), b(math.Inf(-1)), b(math.Inf(1))
	c.minus54, c.zero = b(-54), f4{}
	c.logOff, c.mantMask, c.sqrtHalf, c.twoTo52 = u(logOff), u(mantMask), u(sqrtHalfBits), u(twoTo52Bits)
	archsimd.ClearAVXUpperBits() // as after every vector loop
}

// exp4 is exp1 on four lanes, operation by operation, except for NaN
// lanes, whose result is garbage: callers replace it with expNaN. (Which
// operand VMAXPD/VMINPD return for a NaN depends on the operand order the
// compiler picks, so the clamp cannot be trusted to pass a NaN through; on
// other values the clamp is exact whatever the order.) The NaN handling
// lives with the callers to keep exp4 under the inlining budget.
func exp4(x f4, c *consts) f4 {
	x = c.max.Min(c.min.Max(x))
	kf := x.Mul(c.log2e).Add(c.magic)
	n := kf.Sub(c.magic)
	hi := x.Sub(n.Mul(c.ln2Hi))
	lo := n.Mul(c.ln2Lo)
	r := hi.Sub(lo)
	r2 := r.Mul(r)
	r4 := r2.Mul(r2)
	q01 := c.c3.Mul(r).Add(c.c2).Add(c.c5.Mul(r).Add(c.c4).Mul(r2))
	q23 := c.c7.Mul(r).Add(c.c6).Add(c.c9.Mul(r).Add(c.c8).Mul(r2))
	q45 := c.c11.Mul(r).Add(c.c10).Add(c.c13.Mul(r).Add(c.c12).Mul(r2))
	q := q01.Add(r4.Mul(q23.Add(r4.Mul(q45))))
	s := c.one.Add(hi)
	e := c.one.Sub(s).Add(hi)
	y := s.Add(e.Sub(lo.Sub(r2.Mul(q))))
	k := kf.AsUint64x4()
	k1 := k.ShiftRight(c.sh1)
	s1 := k1.Add(c.bias).ShiftLeft(c.sh52).AsFloat64x4()
	s2 := k.Sub(k1).Add(c.bias).ShiftLeft(c.sh52).AsFloat64x4()
	return y.Mul(s1).Mul(s2)
}

// expNaN is exp4 with NaN lanes returning their input, as exp1 does.
func expNaN(x, e f4) f4 { return x.Merge(e, x.IsNaN()) }

func exp64(dst, src []float64) {
	n := len(dst) &^ 3
	pd, ps := ptr(dst), ptr(src)
	c := cst
	for i := 0; i < n; i += 4 {
		x := archsimd.LoadFloat64x4(at(ps, i))
		expNaN(x, exp4(x, c)).Store(at(pd, i))
	}
	if len(dst) > n {
		x := loadPart(src[n:])
		storePart(expNaN(x, exp4(x, c)), dst[n:])
	}
	archsimd.ClearAVXUpperBits()
}

// log4 is log1 on four lanes, operation by operation; the special inputs
// (NaN, negative, zero, +Inf) go through the arithmetic too and their
// results are replaced at the end.
func log4(x f4, c *consts) f4 {
	sub := x.Less(c.minNormal) // subnormal (and, harmlessly, x <= 0)
	xs := x.Mul(c.twoTo54).Merge(x, sub)
	u := xs.AsUint64x4().Add(c.logOff)
	k := u.ShiftRight(c.sh52).Add(c.twoTo52).AsFloat64x4().Sub(c.twoTo52p1023)
	k = k.Add(c.minus54.Masked(sub))
	f := u.And(c.mantMask).Add(c.sqrtHalf).AsFloat64x4().Sub(c.one)
	s := f.Div(c.two.Add(f))
	s2 := s.Mul(s)
	s4 := s2.Mul(s2)
	t1 := s2.Mul(c.lg1.Add(s4.Mul(c.lg3.Add(s4.Mul(c.lg5.Add(s4.Mul(c.lg7)))))))
	t2 := s4.Mul(c.lg2.Add(s4.Mul(c.lg4.Add(s4.Mul(c.lg6)))))
	hfsq := c.half.Mul(f).Mul(f)
	r := k.Mul(c.ln2Hi).Sub(hfsq.Sub(s.Mul(hfsq.Add(t1.Add(t2))).Add(k.Mul(c.ln2Lo))).Sub(f))
	r = c.nan.Merge(r, x.Less(c.zero))
	r = c.negInf.Merge(r, x.Equal(c.zero))
	r = x.Merge(r, x.Equal(c.posInf).Or(x.IsNaN()))
	return r
}

func log64(dst, src []float64) {
	n := len(dst) &^ 3
	pd, ps := ptr(dst), ptr(src)
	c := cst
	for i := 0; i < n; i += 4 {
		log4(archsimd.LoadFloat64x4(at(ps, i)), c).Store(at(pd, i))
	}
	if len(dst) > n {
		storePart(log4(loadPart(src[n:]), c), dst[n:])
	}
	archsimd.ClearAVXUpperBits()
}

func dot64(x, y []float64) float64 {
	n := len(x) &^ 3
	px, py := ptr(x), ptr(y)
	var acc f4
	for i := 0; i < n; i += 4 {
		acc = acc.Add(archsimd.LoadFloat64x4(at(px, i)).Mul(archsimd.LoadFloat64x4(at(py, i))))
	}
	if len(x) > n {
		acc = acc.Add(loadPart(x[n:]).Mul(loadPart(y[n:])))
	}
	var s [4]float64
	sumLanes(acc).Store(&s) // see softmax64
	archsimd.ClearAVXUpperBits()
	return s[0]
}

func axpy64(y, x []float64, a float64) {
	n := len(y) &^ 3
	py, px := ptr(y), ptr(x)
	va := archsimd.BroadcastFloat64x4(a)
	for i := 0; i < n; i += 4 {
		yv := archsimd.LoadFloat64x4(at(py, i))
		yv.Add(va.Mul(archsimd.LoadFloat64x4(at(px, i)))).Store(at(py, i))
	}
	if len(y) > n {
		storePart(loadPart(y[n:]).Add(va.Mul(loadPart(x[n:]))), y[n:])
	}
	archsimd.ClearAVXUpperBits()
}

// softmax64 returns maxRef(z) and the sum of exp(z-m) in the lane order;
// with store it also leaves exp(z-m)/s in z (Softmax), without it z is
// only read (LogSumExp). The tail is loaded once and kept in a register
// across the three passes.
func softmax64(z []float64, store bool) (m, s float64) {
	n := len(z) &^ 3
	t := len(z) - n
	p := ptr(z)
	var tm archsimd.Mask64x4
	var zt f4
	if t > 0 {
		tm = headMask(t)
		zt = loadPart(z[n:])
	}
	ninf := archsimd.BroadcastFloat64x4(math.Inf(-1))
	acc := ninf
	for i := 0; i < n; i += 4 {
		acc = keepGreater(archsimd.LoadFloat64x4(at(p, i)), acc)
	}
	if t > 0 {
		acc = keepGreater(zt.Merge(ninf, tm), acc) // missing lanes: −Inf
	}
	mv := maxLanes(acc)

	c := cst
	var sum f4
	for i := 0; i < n; i += 4 {
		x := archsimd.LoadFloat64x4(at(p, i)).Sub(mv)
		e := expNaN(x, exp4(x, c))
		if store {
			e.Store(at(p, i))
		}
		sum = sum.Add(e)
	}
	var et f4
	if t > 0 {
		x := zt.Sub(mv)
		et = expNaN(x, exp4(x, c)).Masked(tm) // missing lanes: +0
		sum = sum.Add(et)
	}
	sv := sumLanes(sum)

	if store {
		for i := 0; i < n; i += 4 {
			archsimd.LoadFloat64x4(at(p, i)).Div(sv).Store(at(p, i))
		}
		if t > 0 {
			storePart(et.Div(sv), z[n:])
		}
	}
	// The results leave through memory: extracted into registers, they
	// would be computed after the VZEROUPPER (which orders memory, not
	// registers), from vectors spilled across it and reloaded, which leaves
	// the upper state in use when the function returns.
	var mb, sb [4]float64
	mv.Store(&mb)
	sv.Store(&sb)
	archsimd.ClearAVXUpperBits()
	return mb[0], sb[0]
}

// matVec64 computes four rows at a time: four lane accumulators, then one
// horizontal reduction for all four. In the last group, rows past the end
// repeat the last row and their results are not stored.
func matVec64(z, a, x, b []float64) {
	nk, nd := len(z), len(x)
	d4 := nd &^ 3
	t := nd - d4
	pz, pa, px, pb := ptr(z), ptr(a), ptr(x), ptr(b)
	var xt f4
	if t > 0 {
		xt = loadPart(x[d4:])
	}
	row := func(k int) unsafe.Pointer { return unsafe.Add(pa, min(k, nk-1)*nd*8) }
	for k := 0; k < nk; k += 4 {
		r0, r1, r2, r3 := row(k), row(k+1), row(k+2), row(k+3)
		var a0, a1, a2, a3 f4
		for j := 0; j < d4; j += 4 {
			xv := archsimd.LoadFloat64x4(at(px, j))
			a0 = a0.Add(archsimd.LoadFloat64x4(at(r0, j)).Mul(xv))
			a1 = a1.Add(archsimd.LoadFloat64x4(at(r1, j)).Mul(xv))
			a2 = a2.Add(archsimd.LoadFloat64x4(at(r2, j)).Mul(xv))
			a3 = a3.Add(archsimd.LoadFloat64x4(at(r3, j)).Mul(xv))
		}
		if t > 0 {
			a0 = a0.Add(loadPart(part(r0, d4, t)).Mul(xt))
			a1 = a1.Add(loadPart(part(r1, d4, t)).Mul(xt))
			a2 = a2.Add(loadPart(part(r2, d4, t)).Mul(xt))
			a3 = a3.Add(loadPart(part(r3, d4, t)).Mul(xt))
		}
		h01 := a0.AddPairsGrouped(a1) // [a0₀+a0₁, a1₀+a1₁, a0₂+a0₃, a1₂+a1₃]
		h23 := a2.AddPairsGrouped(a3)
		s := h01.Select128FromPair(0, 2, h23).Add(h01.Select128FromPair(1, 3, h23))
		if rem := nk - k; rem >= 4 {
			if b != nil {
				s = s.Add(archsimd.LoadFloat64x4(at(pb, k)))
			}
			s.Store(at(pz, k))
		} else {
			if b != nil {
				s = s.Add(loadPart(b[k:]))
			}
			storePart(s, z[k:])
		}
	}
	archsimd.ClearAVXUpperBits()
}

func ger64(a, x, y []float64, alpha float64) {
	nk, nd := len(x), len(y)
	d4 := nd &^ 3
	t := nd - d4
	pa, px, py := ptr(a), ptr(x), ptr(y)
	va := archsimd.BroadcastFloat64x4(alpha)
	var yt f4
	if t > 0 {
		yt = loadPart(y[d4:])
	}
	for k := 0; k < nk; k++ {
		dk := archsimd.BroadcastFloat64x4(*(*float64)(unsafe.Add(px, k*8))).Mul(va)
		row := unsafe.Add(pa, k*nd*8)
		for j := 0; j < d4; j += 4 {
			rv := archsimd.LoadFloat64x4(at(row, j))
			rv.Add(dk.Mul(archsimd.LoadFloat64x4(at(py, j)))).Store(at(row, j))
		}
		if t > 0 {
			rt := part(row, d4, t)
			storePart(loadPart(rt).Add(dk.Mul(yt)), rt)
		}
	}
	archsimd.ClearAVXUpperBits()
}

// gerBatch64 keeps a block of a row of a in registers across all n
// updates: 16 columns (four accumulators) at a time, then single vectors,
// then the tail. Each element still sees the updates in order r = 0,
// 1, …, so the result is that of n calls of ger64. The loops over r step
// byte offsets (xo into x, yo into y) rather than recomputing r*nk and
// r*nd: with fewer live integers the compiler keeps the loop state in
// registers (the earlier form kept r on the stack, a store and reload per
// update, 2.5x slower).
func gerBatch64(a []float64, nk, nd int, x, y []float64, alpha float64) {
	if nk == 0 || nd == 0 {
		return
	}
	n := len(x) / nk
	if n == 0 {
		return // a is unchanged (and x may be empty: no pointer into it)
	}
	gerBatchStrided64(a, nk, nd, ptr(x), 8, nk*8, n, y, alpha)
}

// gerBatchStrided64 is gerBatch64 with x_r[k] at byte offset
// k*kStride + r*rStride from px: GerBatch's rows (kStride 8) or
// GerBatchCols's columns (rStride 8). nk, nd and n are positive.
func gerBatchStrided64(a []float64, nk, nd int, px unsafe.Pointer, kStride, rStride, n int, y []float64, alpha float64) {
	pa, py := ptr(a), ptr(y)
	d16, d4 := nd&^15, nd&^3
	t := nd - d4
	xs, ys := rStride, nd*8 // strides from x_r to x_{r+1}, y_r to y_{r+1}
	xend := n * xs
	// Blocks of 16 columns in assembly, for every row first; alpha goes
	// to it as bits, an integer move: a float argument would be stored
	// with a legacy-SSE MOVSD. Each element still sees the updates in
	// order, whichever block it is in.
	if d16 > 0 {
		gerBlocksAsm(pa, px, py, nk, d16, kStride, xs, ys, n, math.Float64bits(alpha))
	}
	if d16 == nd {
		return // gerBlocksAsm ended with VZEROUPPER
	}
	va := archsimd.BroadcastFloat64x4(alpha)
	for k := 0; k < nk; k++ {
		row := unsafe.Add(pa, k*ys)
		xk := unsafe.Add(px, k*kStride) // x_r[k] is at xk + r*xs
		for j := d16; j < d4; j += 4 {
			rj := at(row, j)
			yj := unsafe.Add(py, j*8)
			acc := archsimd.LoadFloat64x4(rj)
			for xo, yo := 0, 0; xo < xend; xo, yo = xo+xs, yo+ys {
				dk := archsimd.BroadcastFloat64x4(*(*float64)(unsafe.Add(xk, xo))).Mul(va)
				acc = acc.Add(dk.Mul(archsimd.LoadFloat64x4(at(yj, yo/8))))
			}
			acc.Store(rj)
		}
		if t > 0 {
			rt := part(row, d4, t)
			acc := loadPart(rt)
			for r := 0; r < n; r++ {
				dk := archsimd.BroadcastFloat64x4(*(*float64)(unsafe.Add(xk, r*xs))).Mul(va)
				acc = acc.Add(dk.Mul(loadPart(part(py, r*nd+d4, t))))
			}
			storePart(acc, rt)
		}
	}
	archsimd.ClearAVXUpperBits()
}
