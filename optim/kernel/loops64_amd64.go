//go:build goexperiment.simd && amd64

package kernel

import (
	"simd/archsimd"
	"unsafe"
)

// The float64 vector loops, 4 lanes (AVX2). Each exported kernel has already
// resliced every argument to len(y), so the loops index through unsafe
// pointers without per-vector bounds checks; every access stays below
// n = len &^ 3. Each loop returns n, and the exported kernel runs the
// reference loop on the tail after the loop's VZEROUPPER.
//
// Between a loop's first vector instruction and its VZEROUPPER nothing may
// be scalar floating point: Go compiles that to legacy-SSE instructions,
// which on Intel CPUs cost a state transition of hundreds of cycles while the
// upper halves of the vector registers are in use (../shared/FINDINGS.md).
// So the loops do no scalar arithmetic and no float comparisons: the caller
// computes what they need (1-b2, and whether wd != 0 as a bool to branch
// on), and the tail, the only use of the scalar arguments after the
// broadcasts, runs in the caller, so that no scalar argument is kept live
// across the loop (and spilled or reloaded with a legacy-SSE move).
// internal/xstate/ssecheck checks the compiled code for this.

// loops64 is this file's row of the dispatch table (dispatch_amd64.go).
var loops64 = &loopSet[float64]{
	sfStep:        sfStep64,
	sfAdamStep:    sfAdamStep64,
	secondMoment:  secondMoment64,
	adamDirection: adamDirection64,
	lerp:          lerp64,
	interp:        interp64,
	axpy:          axpy64,
	triad:         triad64,
}

// at64 points at the 4 elements starting at element i of the block at p.
func at64(p unsafe.Pointer, i int) *[4]float64 { return (*[4]float64)(unsafe.Add(p, i*8)) }

func ptr64(s []float64) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(s)) }

// sfStep64 takes decay = wd != 0 from the caller.
func sfStep64(y, z, g []float64, c, a, lr, wd float64, decay bool) int {
	n := len(y) &^ 3
	py, pz, pg := ptr64(y), ptr64(z), ptr64(g)
	vc := archsimd.BroadcastFloat64x4(c)
	va := archsimd.BroadcastFloat64x4(a)
	vlr := archsimd.BroadcastFloat64x4(lr)
	if !decay {
		for i := 0; i < n; i += 4 {
			yv := archsimd.LoadFloat64x4(at64(py, i))
			zv := archsimd.LoadFloat64x4(at64(pz, i))
			u := archsimd.LoadFloat64x4(at64(pg, i))
			yv = yv.Add(vc.Mul(zv.Sub(yv)))
			yv.Add(va.Mul(u)).Store(at64(py, i))
			zv.Sub(vlr.Mul(u)).Store(at64(pz, i))
		}
	} else {
		vwd := archsimd.BroadcastFloat64x4(wd)
		for i := 0; i < n; i += 4 {
			yv := archsimd.LoadFloat64x4(at64(py, i))
			zv := archsimd.LoadFloat64x4(at64(pz, i))
			u := archsimd.LoadFloat64x4(at64(pg, i))
			u = u.Add(vwd.Mul(yv))
			yv = yv.Add(vc.Mul(zv.Sub(yv)))
			yv.Add(va.Mul(u)).Store(at64(py, i))
			zv.Sub(vlr.Mul(u)).Store(at64(pz, i))
		}
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// sfAdamStep64 takes omb2 = 1-b2, decay = wd != 0 and unit = bc2 == 1 from
// the caller. With unit it skips the division by bc2, which is then exact
// (v/1 is v, bit for bit): the bias correction of the official form rounds
// to 1 after a few hundred steps (β2 = 0.95) and is always 1 in the paper
// variant, and the division is a third of the loop's divider time.
func sfAdamStep64(y, z, v, g []float64, c, a, lr, wd, b2, omb2, bc2, eps float64, decay, unit bool) int {
	n := len(y) &^ 3
	py, pz, pv, pg := ptr64(y), ptr64(z), ptr64(v), ptr64(g)
	vc := archsimd.BroadcastFloat64x4(c)
	va := archsimd.BroadcastFloat64x4(a)
	vlr := archsimd.BroadcastFloat64x4(lr)
	vwd := archsimd.BroadcastFloat64x4(wd)
	vb2 := archsimd.BroadcastFloat64x4(b2)
	vomb2 := archsimd.BroadcastFloat64x4(omb2)
	vbc2 := archsimd.BroadcastFloat64x4(bc2)
	veps := archsimd.BroadcastFloat64x4(eps)
	for i := 0; i < n; i += 4 {
		yv := archsimd.LoadFloat64x4(at64(py, i))
		zv := archsimd.LoadFloat64x4(at64(pz, i))
		vv := archsimd.LoadFloat64x4(at64(pv, i))
		gv := archsimd.LoadFloat64x4(at64(pg, i))
		vv = vb2.Mul(vv).Add(vomb2.Mul(gv).Mul(gv))
		vv.Store(at64(pv, i))
		r := vv
		if !unit {
			r = vv.Div(vbc2)
		}
		u := gv.Div(r.Sqrt().Add(veps))
		if decay {
			u = u.Add(vwd.Mul(yv))
		}
		yv = yv.Add(vc.Mul(zv.Sub(yv)))
		yv.Add(va.Mul(u)).Store(at64(py, i))
		zv.Sub(vlr.Mul(u)).Store(at64(pz, i))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func lerp64(dst, end []float64, t float64) int {
	n := len(dst) &^ 3
	pd, pe := ptr64(dst), ptr64(end)
	vt := archsimd.BroadcastFloat64x4(t)
	for i := 0; i < n; i += 4 {
		d := archsimd.LoadFloat64x4(at64(pd, i))
		e := archsimd.LoadFloat64x4(at64(pe, i))
		d.Add(vt.Mul(e.Sub(d))).Store(at64(pd, i))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// secondMoment64 takes omb2 = 1-b2 from the caller.
func secondMoment64(v, g []float64, b2, omb2 float64) int {
	n := len(v) &^ 3
	pv, pg := ptr64(v), ptr64(g)
	vb2 := archsimd.BroadcastFloat64x4(b2)
	vomb2 := archsimd.BroadcastFloat64x4(omb2)
	for i := 0; i < n; i += 4 {
		vv := archsimd.LoadFloat64x4(at64(pv, i))
		gv := archsimd.LoadFloat64x4(at64(pg, i))
		vb2.Mul(vv).Add(vomb2.Mul(gv).Mul(gv)).Store(at64(pv, i))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func adamDirection64(u, v, g []float64, bc2, eps float64) int {
	n := len(u) &^ 3
	pu, pv, pg := ptr64(u), ptr64(v), ptr64(g)
	vbc2 := archsimd.BroadcastFloat64x4(bc2)
	veps := archsimd.BroadcastFloat64x4(eps)
	for i := 0; i < n; i += 4 {
		vv := archsimd.LoadFloat64x4(at64(pv, i))
		gv := archsimd.LoadFloat64x4(at64(pg, i))
		gv.Div(vv.Div(vbc2).Sqrt().Add(veps)).Store(at64(pu, i))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func interp64(y, x, z []float64, c, t float64) int {
	n := len(y) &^ 3
	py, px, pz := ptr64(y), ptr64(x), ptr64(z)
	vc := archsimd.BroadcastFloat64x4(c)
	vt := archsimd.BroadcastFloat64x4(t)
	for i := 0; i < n; i += 4 {
		xv := archsimd.LoadFloat64x4(at64(px, i))
		zv := archsimd.LoadFloat64x4(at64(pz, i))
		xv = xv.Add(vc.Mul(zv.Sub(xv)))
		xv.Store(at64(px, i))
		xv.Add(vt.Mul(zv.Sub(xv))).Store(at64(py, i))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func axpy64(y, x []float64, a float64) int {
	n := len(y) &^ 3
	py, px := ptr64(y), ptr64(x)
	va := archsimd.BroadcastFloat64x4(a)
	for i := 0; i < n; i += 4 {
		yv := archsimd.LoadFloat64x4(at64(py, i))
		xv := archsimd.LoadFloat64x4(at64(px, i))
		yv.Add(va.Mul(xv)).Store(at64(py, i))
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func triad64(dst, b, c []float64, s float64) int {
	n := len(dst) &^ 3
	pd, pb, pc := ptr64(dst), ptr64(b), ptr64(c)
	vs := archsimd.BroadcastFloat64x4(s)
	for i := 0; i < n; i += 4 {
		bv := archsimd.LoadFloat64x4(at64(pb, i))
		cv := archsimd.LoadFloat64x4(at64(pc, i))
		bv.Add(vs.Mul(cv)).Store(at64(pd, i))
	}
	archsimd.ClearAVXUpperBits()
	return n
}
