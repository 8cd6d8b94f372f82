package kernel

import "math"

// The reference twins. Each product is converted to T explicitly: the Go
// specification lets a compiler fuse x*y+z into one rounding unless the
// product is converted, and the vector code never fuses, so the conversions
// keep both paths bit-identical on every GOAMD64 level.

// SFStepRef is the reference loop of SFStep.
func SFStepRef[T Float](y, z, g []T, c, a, lr, wd T) {
	z, g = z[:len(y)], g[:len(y)]
	for i := range y {
		u := g[i]
		if wd != 0 {
			u += T(wd * y[i])
		}
		yi := y[i] + T(c*(z[i]-y[i]))
		y[i] = yi + T(a*u)
		z[i] -= T(lr * u)
	}
}

// SFAdamStepRef is the reference loop of SFAdamStep.
func SFAdamStepRef[T Float](y, z, v, g []T, c, a, lr, wd, b2, bc2, eps T) {
	z, v, g = z[:len(y)], v[:len(y)], g[:len(y)]
	omb2 := 1 - b2
	for i := range y {
		gi := g[i]
		vi := T(b2*v[i]) + T(T(omb2*gi)*gi)
		v[i] = vi
		u := gi / (T(math.Sqrt(float64(vi/bc2))) + eps)
		if wd != 0 {
			u += T(wd * y[i])
		}
		yi := y[i] + T(c*(z[i]-y[i]))
		y[i] = yi + T(a*u)
		z[i] -= T(lr * u)
	}
}

// LerpRef is the reference loop of Lerp.
func LerpRef[T Float](dst, end []T, t T) {
	end = end[:len(dst)]
	for i := range dst {
		dst[i] += T(t * (end[i] - dst[i]))
	}
}

// InterpRef is the reference loop of Interp.
func InterpRef[T Float](y, x, z []T, c, t T) {
	x, z = x[:len(y)], z[:len(y)]
	for i := range y {
		zi := z[i]
		xi := x[i] + T(c*(zi-x[i]))
		x[i] = xi
		y[i] = xi + T(t*(zi-xi))
	}
}

// SecondMomentRef is the reference loop of SecondMoment.
func SecondMomentRef[T Float](v, g []T, b2 T) {
	g = g[:len(v)]
	omb2 := 1 - b2
	for i := range v {
		v[i] = T(b2*v[i]) + T(T(omb2*g[i])*g[i])
	}
}

// adamDirectionRef is the reference loop of adamDirection.
func adamDirectionRef[T Float](u, v, g []T, bc2, eps T) {
	v, g = v[:len(u)], g[:len(u)]
	for i := range u {
		u[i] = g[i] / (T(math.Sqrt(float64(v[i]/bc2))) + eps)
	}
}

// AxpyRef is the reference loop of Axpy.
func AxpyRef[T Float](y, x []T, a T) {
	x = x[:len(y)]
	for i := range y {
		y[i] += T(a * x[i])
	}
}

// TriadRef is the reference loop of Triad.
func TriadRef[T Float](dst, b, c []T, s T) {
	b, c = b[:len(dst)], c[:len(dst)]
	for i := range dst {
		dst[i] = b[i] + T(s*c[i])
	}
}
