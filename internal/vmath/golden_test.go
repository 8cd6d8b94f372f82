package vmath

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"testing"
)

// goldenHash is the FNV-1a hash of the bits of every result of
// goldenWorkload. The SIMD build (vector twins) and the pure-Go build
// (reference twins) must both reproduce it: the twin tests compare the two
// paths within one build, this constant compares the builds, so a
// difference in how the compiler treats the reference loops (a fused
// multiply-add, say) under one build but not the other cannot go unnoticed.
// Change it only together with a deliberate change of a kernel's numerics.
const goldenHash = 0xbba395b458738589

func goldenWorkload() uint64 {
	h := fnv.New64a()
	var buf [8]byte
	put := func(vs ...float64) {
		for _, v := range vs {
			b := math.Float64bits(v)
			for i := range buf {
				buf[i] = byte(b >> (8 * i))
			}
			h.Write(buf[:])
		}
	}
	rng := rand.New(rand.NewPCG(2024, 11))
	vec := func(n int, f func() float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = f()
		}
		return v
	}
	// Inputs are made with explicit conversions of every product and without
	// rng.NormFloat64, so that GOAMD64=v3 (where the compiler may fuse
	// multiply-adds) draws the same ones.
	uniform := func(lo, hi float64) float64 { return lo + float64((hi-lo)*rng.Float64()) }
	normal := func() float64 { return (rng.Float64() + rng.Float64() + rng.Float64() - 1.5) * 2 }

	xs := vec(4099, func() float64 { return uniform(-760, 720) })
	xs = append(xs, math.Inf(1), math.Inf(-1), math.NaN(), 0, math.Copysign(0, -1), 5e-324, 709.782712893384, -745.1332191019411)
	e := make([]float64, len(xs))
	Exp(e, xs)
	put(e...)
	Log(e, e)
	put(e...)
	ls := vec(4099, func() float64 { return math.Ldexp(uniform(0.5, 1), rng.IntN(2100)-1074) })
	ls = append(ls, 0, math.Copysign(0, -1), -1, math.Inf(1), math.Inf(-1), math.NaN(), 1, math.MaxFloat64)
	Log(ls, ls)
	put(ls...)

	for n := range 41 {
		z := vec(n, func() float64 { return uniform(-30, 30) })
		z2 := append([]float64(nil), z...)
		put(LogSumExp(z), Softmax(z))
		put(z...)
		put(SoftmaxSum(z2))
		put(z2...)
		x, y := vec(n, normal), vec(n, normal)
		put(Dot(x, y))
		Axpy(y, x, normal())
		put(y...)
	}
	for _, sh := range [][2]int{{26, 16}, {7, 13}, {3, 180}, {11, 10}} {
		k, d := sh[0], sh[1]
		a, x, b := vec(k*d, normal), vec(d, normal), vec(k, normal)
		z := make([]float64, k)
		MatVec(z, a, x, b)
		put(z...)
		MatVec(z, a, x, nil)
		put(z...)
		Ger(a, z, x, 0.0625)
		put(a...)
		xs, ys := vec(5*k, normal), vec(5*d, normal)
		GerBatch(a, k, d, xs, ys, -0.125)
		put(a...)
	}
	return h.Sum64()
}

func TestGolden(t *testing.T) {
	if got := goldenWorkload(); got != goldenHash {
		t.Errorf("golden hash %#x, want %#x (SIMD kernels: %v)", got, uint64(goldenHash), SIMD())
	}
}
