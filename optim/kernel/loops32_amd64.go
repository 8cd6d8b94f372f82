//go:build goexperiment.simd && amd64

package kernel

import (
	"simd/archsimd"
	"unsafe"
)

// The float32 vector loops, 8 lanes (AVX2), line for line the float32 ones
// of loops64_amd64.go. Each exported kernel has already
// resliced every argument to len(y), so the loops index through unsafe
// pointers without per-vector bounds checks; every access stays below
// n = len &^ 7, and the reference loop finishes the tail.

// at32 points at the 8 elements starting at element i of the block at p.
func at32(p unsafe.Pointer, i int) *[8]float32 { return (*[8]float32)(unsafe.Add(p, i*4)) }

func ptr32(s []float32) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(s)) }

func sfStep32(y, z, g []float32, c, a, lr, wd float32) {
	n := len(y) &^ 7
	py, pz, pg := ptr32(y), ptr32(z), ptr32(g)
	vc := archsimd.BroadcastFloat32x8(c)
	va := archsimd.BroadcastFloat32x8(a)
	vlr := archsimd.BroadcastFloat32x8(lr)
	if wd == 0 {
		for i := 0; i < n; i += 8 {
			yv := archsimd.LoadFloat32x8(at32(py, i))
			zv := archsimd.LoadFloat32x8(at32(pz, i))
			u := archsimd.LoadFloat32x8(at32(pg, i))
			yv = yv.Add(vc.Mul(zv.Sub(yv)))
			yv.Add(va.Mul(u)).Store(at32(py, i))
			zv.Sub(vlr.Mul(u)).Store(at32(pz, i))
		}
	} else {
		vwd := archsimd.BroadcastFloat32x8(wd)
		for i := 0; i < n; i += 8 {
			yv := archsimd.LoadFloat32x8(at32(py, i))
			zv := archsimd.LoadFloat32x8(at32(pz, i))
			u := archsimd.LoadFloat32x8(at32(pg, i))
			u = u.Add(vwd.Mul(yv))
			yv = yv.Add(vc.Mul(zv.Sub(yv)))
			yv.Add(va.Mul(u)).Store(at32(py, i))
			zv.Sub(vlr.Mul(u)).Store(at32(pz, i))
		}
	}
	archsimd.ClearAVXUpperBits()
	SFStepRef(y[n:], z[n:], g[n:], c, a, lr, wd)
}

func sfAdamStep32(y, z, v, g []float32, c, a, lr, wd, b2, bc2, eps float32) {
	n := len(y) &^ 7
	py, pz, pv, pg := ptr32(y), ptr32(z), ptr32(v), ptr32(g)
	vc := archsimd.BroadcastFloat32x8(c)
	va := archsimd.BroadcastFloat32x8(a)
	vlr := archsimd.BroadcastFloat32x8(lr)
	vwd := archsimd.BroadcastFloat32x8(wd)
	vb2 := archsimd.BroadcastFloat32x8(b2)
	vomb2 := archsimd.BroadcastFloat32x8(1 - b2)
	vbc2 := archsimd.BroadcastFloat32x8(bc2)
	veps := archsimd.BroadcastFloat32x8(eps)
	decay := wd != 0
	for i := 0; i < n; i += 8 {
		yv := archsimd.LoadFloat32x8(at32(py, i))
		zv := archsimd.LoadFloat32x8(at32(pz, i))
		vv := archsimd.LoadFloat32x8(at32(pv, i))
		gv := archsimd.LoadFloat32x8(at32(pg, i))
		vv = vb2.Mul(vv).Add(vomb2.Mul(gv).Mul(gv))
		vv.Store(at32(pv, i))
		u := gv.Div(vv.Div(vbc2).Sqrt().Add(veps))
		if decay {
			u = u.Add(vwd.Mul(yv))
		}
		yv = yv.Add(vc.Mul(zv.Sub(yv)))
		yv.Add(va.Mul(u)).Store(at32(py, i))
		zv.Sub(vlr.Mul(u)).Store(at32(pz, i))
	}
	archsimd.ClearAVXUpperBits()
	SFAdamStepRef(y[n:], z[n:], v[n:], g[n:], c, a, lr, wd, b2, bc2, eps)
}

func lerp32(dst, end []float32, t float32) {
	n := len(dst) &^ 7
	pd, pe := ptr32(dst), ptr32(end)
	vt := archsimd.BroadcastFloat32x8(t)
	for i := 0; i < n; i += 8 {
		d := archsimd.LoadFloat32x8(at32(pd, i))
		e := archsimd.LoadFloat32x8(at32(pe, i))
		d.Add(vt.Mul(e.Sub(d))).Store(at32(pd, i))
	}
	archsimd.ClearAVXUpperBits()
	LerpRef(dst[n:], end[n:], t)
}

func interp32(y, x, z []float32, c, t float32) {
	n := len(y) &^ 7
	py, px, pz := ptr32(y), ptr32(x), ptr32(z)
	vc := archsimd.BroadcastFloat32x8(c)
	vt := archsimd.BroadcastFloat32x8(t)
	for i := 0; i < n; i += 8 {
		xv := archsimd.LoadFloat32x8(at32(px, i))
		zv := archsimd.LoadFloat32x8(at32(pz, i))
		xv = xv.Add(vc.Mul(zv.Sub(xv)))
		xv.Store(at32(px, i))
		xv.Add(vt.Mul(zv.Sub(xv))).Store(at32(py, i))
	}
	archsimd.ClearAVXUpperBits()
	InterpRef(y[n:], x[n:], z[n:], c, t)
}

func axpy32(y, x []float32, a float32) {
	n := len(y) &^ 7
	py, px := ptr32(y), ptr32(x)
	va := archsimd.BroadcastFloat32x8(a)
	for i := 0; i < n; i += 8 {
		yv := archsimd.LoadFloat32x8(at32(py, i))
		xv := archsimd.LoadFloat32x8(at32(px, i))
		yv.Add(va.Mul(xv)).Store(at32(py, i))
	}
	archsimd.ClearAVXUpperBits()
	AxpyRef(y[n:], x[n:], a)
}

func triad32(dst, b, c []float32, s float32) {
	n := len(dst) &^ 7
	pd, pb, pc := ptr32(dst), ptr32(b), ptr32(c)
	vs := archsimd.BroadcastFloat32x8(s)
	for i := 0; i < n; i += 8 {
		bv := archsimd.LoadFloat32x8(at32(pb, i))
		cv := archsimd.LoadFloat32x8(at32(pc, i))
		bv.Add(vs.Mul(cv)).Store(at32(pd, i))
	}
	archsimd.ClearAVXUpperBits()
	TriadRef(dst[n:], b[n:], c[n:], s)
}
