//go:build !(goexperiment.simd && amd64)

package kernel

// Without GOEXPERIMENT=simd (or off amd64) every kernel runs its reference loop.

const (
	level       = levelScalar
	levelScalar = 0
)

var levelNames = [...]string{levelScalar: "scalar"}

func clearUpper() {}

func vecSFStep[T Float](y, z, g []T, c, a, lr, wd T) bool { return false }

func vecSFAdamStep[T Float](y, z, v, g []T, c, a, lr, wd, b2, bc2, eps T) bool { return false }

func vecSecondMoment[T Float](v, g []T, b2 T) bool { return false }

func vecAdamDirection[T Float](u, v, g []T, bc2, eps T) bool { return false }

func vecLerp[T Float](dst, end []T, t T) bool { return false }

func vecInterp[T Float](y, x, z []T, c, t T) bool { return false }

func vecAxpy[T Float](y, x []T, a T) bool { return false }

func vecTriad[T Float](dst, b, c []T, s T) bool { return false }
