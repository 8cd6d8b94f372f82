//go:build !(goexperiment.simd && amd64)

package kernel

// Without GOEXPERIMENT=simd (or off amd64) every kernel runs its reference loop.

const (
	level       = levelScalar
	levelScalar = 0
)

var levelNames = [...]string{levelScalar: "scalar"}

func vectorLoops[T Float]() *loopSet[T] { return nil }

// scalarChunks runs f over [from, to) at once: without vector code there are
// no dirty vector registers to clear (see dispatch_amd64.go).
func scalarChunks(from, to int, f func(lo, hi int)) {
	if from < to {
		f(from, to)
	}
}
