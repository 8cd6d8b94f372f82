package kernel

import "fmt"

//go:generate go run ../../internal/tools/genloops .

// Each exported kernel checks lengths, then runs the vector loop of the
// current level when one is compiled in and the CPU supports it, and its
// reference twin on the elements the vector loop left (all of them without
// one). The vector loops live in loops*_amd64.go and are chosen in
// dispatch_amd64.go; nosimd.go has none.

// loopSet holds the vector loops of one level for one element type. Each
// loop does the whole vectors of its slices and returns how many elements
// that is; the caller finishes the tail. Scalars a loop would have to
// compute (1-b2, wd != 0, bc2 == 1) are computed by the caller and passed in, so that
// no scalar floating point runs inside the vector code (loops64_amd64.go).
type loopSet[T Float] struct {
	sfStep        func(y, z, g []T, c, a, lr, wd T, decay bool) int
	sfAdamStep    func(y, z, v, g []T, c, a, lr, wd, b2, omb2, bc2, eps T, decay, unit bool) int
	secondMoment  func(v, g []T, b2, omb2 T) int
	adamDirection func(u, v, g []T, bc2, eps T) int
	lerp          func(dst, end []T, t T) int
	interp        func(y, x, z []T, c, t T) int
	axpy          func(y, x []T, a T) int
	triad         func(dst, b, c []T, s T) int
}

// Float is the element type of every kernel. Only the two built-in types are
// allowed (not named types derived from them) so that dispatch to the vector
// code is a plain type assertion.
type Float interface{ float32 | float64 }

// SIMD reports whether the kernels run vector code in this binary on this CPU.
func SIMD() bool { return level > levelScalar }

// ISA names the vector code the kernels run: "avx512", "avx2" or "scalar".
func ISA() string { return levelNames[level] }

// CheckSIMDSetting reports whether s is a valid value of the SFBENCH_SIMD
// environment variable, read once when the program starts: "" or "avx512"
// for the widest vector code the CPU has, "avx2" to cap it at 256 bits,
// "off" for the pure-Go loops. Other values are ignored by the kernels, so
// programs should refuse them.
func CheckSIMDSetting(s string) error {
	switch s {
	case "", "off", "avx2", "avx512":
		return nil
	}
	return fmt.Errorf("SFBENCH_SIMD=%q: want off, avx2 or avx512 (or unset)", s)
}

// SFStep is the fused schedule-free SGD step in its memory-efficient (y, z)
// form, with the weight decay λ applied at y. With c the averaging weight,
// lr the step's learning rate and a = lr*(β*(1-c) - 1) it computes
//
//	for i := range y {
//		u := g[i] + wd*y[i]        // skipped when wd == 0
//		y[i] += c * (z[i] - y[i])  // y moves towards z
//		y[i] += a * u
//		z[i] -= lr * u
//	}
//
// g is read only.
func SFStep[T Float](y, z, g []T, c, a, lr, wd T) {
	z, g = z[:len(y)], g[:len(y)]
	n := 0
	if l := vectorLoops[T](); l != nil {
		n = l.sfStep(y, z, g, c, a, lr, wd, wd != 0)
	}
	scalarChunks(n, len(y), func(lo, hi int) { SFStepRef(y[lo:hi], z[lo:hi], g[lo:hi], c, a, lr, wd) })
}

// SFAdamStep is the fused schedule-free AdamW step: the second-moment update,
// the Adam normalization, weight decay at y and the (y, z) update in one pass.
// With b2 = β2, bc2 the bias correction 1-β2^(k+1) (1 for the paper variant)
// and c, a, lr as for SFStep it computes
//
//	for i := range y {
//		v[i] = b2*v[i] + (1-b2)*g[i]*g[i]
//		u := g[i] / (sqrt(v[i]/bc2) + eps)
//		u += wd * y[i]             // skipped when wd == 0
//		y[i] += c * (z[i] - y[i])
//		y[i] += a * u
//		z[i] -= lr * u
//	}
//
// g is read only.
func SFAdamStep[T Float](y, z, v, g []T, c, a, lr, wd, b2, bc2, eps T) {
	z, v, g = z[:len(y)], v[:len(y)], g[:len(y)]
	n := 0
	if l := vectorLoops[T](); l != nil {
		n = l.sfAdamStep(y, z, v, g, c, a, lr, wd, b2, 1-b2, bc2, eps, wd != 0, bc2 == 1)
	}
	scalarChunks(n, len(y), func(lo, hi int) {
		SFAdamStepRef(y[lo:hi], z[lo:hi], v[lo:hi], g[lo:hi], c, a, lr, wd, b2, bc2, eps)
	})
}

// Lerp moves dst towards end by the fraction t:
//
//	for i := range dst {
//		dst[i] += t * (end[i] - dst[i])
//	}
//
// It converts between the schedule-free points in place: t = 1-1/β turns y
// into x, t = 1-β turns x back into y, and t = c is one averaging step.
func Lerp[T Float](dst, end []T, t T) {
	end = end[:len(dst)]
	n := 0
	if l := vectorLoops[T](); l != nil {
		n = l.lerp(dst, end, t)
	}
	scalarChunks(n, len(dst), func(lo, hi int) { LerpRef(dst[lo:hi], end[lo:hi], t) })
}

// Interp is one averaging step followed by the interpolation that gives the
// point where the next gradient is taken:
//
//	for i := range y {
//		xi := x[i] + c*(z[i]-x[i])
//		x[i] = xi
//		y[i] = xi + t*(z[i]-xi)
//	}
//
// With t = 1-β, y = (1-β)z + βx. y may alias x (the memory-efficient form,
// where y is written over x); otherwise they must not overlap.
func Interp[T Float](y, x, z []T, c, t T) {
	x, z = x[:len(y)], z[:len(y)]
	n := 0
	if l := vectorLoops[T](); l != nil {
		n = l.interp(y, x, z, c, t)
	}
	scalarChunks(n, len(y), func(lo, hi int) { InterpRef(y[lo:hi], x[lo:hi], z[lo:hi], c, t) })
}

// SecondMoment updates Adam's second-moment estimate:
//
//	for i := range v {
//		v[i] = b2*v[i] + (1-b2)*g[i]*g[i]
//	}
func SecondMoment[T Float](v, g []T, b2 T) {
	g = g[:len(v)]
	n := 0
	if l := vectorLoops[T](); l != nil {
		n = l.secondMoment(v, g, b2, 1-b2)
	}
	scalarChunks(n, len(v), func(lo, hi int) { SecondMomentRef(v[lo:hi], g[lo:hi], b2) })
}

// adamDirection writes Adam's normalized direction, one sweep of the
// multi-pass form of SF-AdamW that the benchmarks time against SFAdamStep:
//
//	for i := range u {
//		u[i] = g[i] / (sqrt(v[i]/bc2) + eps)
//	}
func adamDirection[T Float](u, v, g []T, bc2, eps T) {
	v, g = v[:len(u)], g[:len(u)]
	n := 0
	if l := vectorLoops[T](); l != nil {
		n = l.adamDirection(u, v, g, bc2, eps)
	}
	scalarChunks(n, len(u), func(lo, hi int) { adamDirectionRef(u[lo:hi], v[lo:hi], g[lo:hi], bc2, eps) })
}

// Swap exchanges the contents of a and b:
//
//	for i := range a {
//		a[i], b[i] = b[i], a[i]
//	}
func Swap[T Float](a, b []T) {
	b = b[:len(a)]
	scalarChunks(0, len(a), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			a[i], b[i] = b[i], a[i]
		}
	})
}

// Axpy adds a multiple of x to y:
//
//	for i := range y {
//		y[i] += a * x[i]
//	}
func Axpy[T Float](y, x []T, a T) {
	x = x[:len(y)]
	n := 0
	if l := vectorLoops[T](); l != nil {
		n = l.axpy(y, x, a)
	}
	scalarChunks(n, len(y), func(lo, hi int) { AxpyRef(y[lo:hi], x[lo:hi], a) })
}

// Triad is STREAM's triad, the yardstick of memory bandwidth:
//
//	for i := range dst {
//		dst[i] = b[i] + s*c[i]
//	}
func Triad[T Float](dst, b, c []T, s T) {
	b, c = b[:len(dst)], c[:len(dst)]
	n := 0
	if l := vectorLoops[T](); l != nil {
		n = l.triad(dst, b, c, s)
	}
	scalarChunks(n, len(dst), func(lo, hi int) { TriadRef(dst[lo:hi], b[lo:hi], c[lo:hi], s) })
}
