//go:build !(goexperiment.simd && amd64)

package kernel

// Without GOEXPERIMENT=simd (or off amd64) every kernel runs its reference loop.

const (
	level       = levelScalar
	levelScalar = 0
)

var levelNames = [...]string{levelScalar: "scalar"}

func vectorLoops[T Float]() *loopSet[T] { return nil }

func clearUpper() {}
