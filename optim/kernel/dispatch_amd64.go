//go:build goexperiment.simd && amd64

package kernel

import (
	"os"
	"simd/archsimd"
)

// level is the widest vector code this binary runs on this CPU, decided once:
// AVX-512 when the CPU has it, else AVX2, else none. SFBENCH_SIMD=avx2 caps
// it at AVX2 and SFBENCH_SIMD=off turns the vector code off (to compare the
// paths in one build).
var level = detectLevel(os.Getenv("SFBENCH_SIMD"))

// The instruction-set levels, narrowest first.
const (
	levelScalar = iota
	levelAVX2
	levelAVX512
)

var levelNames = [...]string{levelScalar: "scalar", levelAVX2: "avx2", levelAVX512: "avx512"}

func detectLevel(setting string) int {
	l := levelScalar
	if archsimd.X86.AVX2() {
		l = levelAVX2
	}
	if archsimd.X86.AVX512() {
		l = levelAVX512
	}
	switch setting {
	case "off":
		return levelScalar
	case "avx2":
		return min(l, levelAVX2)
	}
	return l
}

// The vector loops handle whole vectors — 4 float64 or 8 float32 lanes with
// AVX2 (loops64_amd64.go, loops32_amd64.go), 8 or 16 with AVX-512
// (loops64x8_amd64.go, loops32x16_amd64.go) — and leave the tail to the
// reference loop, which computes the same bits. They use Mul then Add/Sub,
// never MulAdd, to match the reference rounding, so every level gives the
// same bits.
//
// Each loop ends with VZEROUPPER (archsimd.ClearAVXUpperBits): Go's scalar
// floating point is SSE code, and with the upper halves of the vector
// registers left dirty every later SSE instruction in the process carries a
// false dependency. Measured here before the fix: the scalar SF-SGD loop at
// 4096 elements took 16.9 µs after a vector kernel had run versus 4.4 µs
// without. The reference paths clear them too (see clearUpper).

// clearUpper runs VZEROUPPER before a reference loop. Needed because the
// runtime's asynchronous preemption (GOEXPERIMENT=simd) restores the full
// vector registers and leaves their upper halves dirty, after which scalar
// code ran ~4x slower here (3.8 µs vs 16.8 µs for the scalar SF-SGD step at
// 4096; GODEBUG=asyncpreemptoff=1 removes it) until some vector loop ended.
// It runs whenever the CPU has AVX, whatever the level: the runtime restores
// wide registers even when SFBENCH_SIMD=off.
func clearUpper() {
	if hasAVX {
		archsimd.ClearAVXUpperBits()
	}
}

var hasAVX = archsimd.X86.AVX()

func vecSFStep[T Float](y, z, g []T, c, a, lr, wd T) bool {
	switch yy := any(y).(type) {
	case []float64:
		z, g := any(z).([]float64), any(g).([]float64)
		c, a, lr, wd := float64(c), float64(a), float64(lr), float64(wd)
		switch level {
		case levelAVX512:
			sfStep64x8(yy, z, g, c, a, lr, wd)
		case levelAVX2:
			sfStep64(yy, z, g, c, a, lr, wd)
		default:
			return false
		}
	case []float32:
		z, g := any(z).([]float32), any(g).([]float32)
		c, a, lr, wd := float32(c), float32(a), float32(lr), float32(wd)
		switch level {
		case levelAVX512:
			sfStep32x16(yy, z, g, c, a, lr, wd)
		case levelAVX2:
			sfStep32(yy, z, g, c, a, lr, wd)
		default:
			return false
		}
	}
	return true
}

func vecSFAdamStep[T Float](y, z, v, g []T, c, a, lr, wd, b2, bc2, eps T) bool {
	switch yy := any(y).(type) {
	case []float64:
		z, v, g := any(z).([]float64), any(v).([]float64), any(g).([]float64)
		c, a, lr, wd := float64(c), float64(a), float64(lr), float64(wd)
		b2, bc2, eps := float64(b2), float64(bc2), float64(eps)
		switch level {
		case levelAVX512:
			sfAdamStep64x8(yy, z, v, g, c, a, lr, wd, b2, bc2, eps)
		case levelAVX2:
			sfAdamStep64(yy, z, v, g, c, a, lr, wd, b2, bc2, eps)
		default:
			return false
		}
	case []float32:
		z, v, g := any(z).([]float32), any(v).([]float32), any(g).([]float32)
		c, a, lr, wd := float32(c), float32(a), float32(lr), float32(wd)
		b2, bc2, eps := float32(b2), float32(bc2), float32(eps)
		switch level {
		case levelAVX512:
			sfAdamStep32x16(yy, z, v, g, c, a, lr, wd, b2, bc2, eps)
		case levelAVX2:
			sfAdamStep32(yy, z, v, g, c, a, lr, wd, b2, bc2, eps)
		default:
			return false
		}
	}
	return true
}

func vecSecondMoment[T Float](v, g []T, b2 T) bool {
	switch vv := any(v).(type) {
	case []float64:
		g, b2 := any(g).([]float64), float64(b2)
		switch level {
		case levelAVX512:
			secondMoment64x8(vv, g, b2)
		case levelAVX2:
			secondMoment64(vv, g, b2)
		default:
			return false
		}
	case []float32:
		g, b2 := any(g).([]float32), float32(b2)
		switch level {
		case levelAVX512:
			secondMoment32x16(vv, g, b2)
		case levelAVX2:
			secondMoment32(vv, g, b2)
		default:
			return false
		}
	}
	return true
}

func vecAdamDirection[T Float](u, v, g []T, bc2, eps T) bool {
	switch uu := any(u).(type) {
	case []float64:
		v, g, bc2, eps := any(v).([]float64), any(g).([]float64), float64(bc2), float64(eps)
		switch level {
		case levelAVX512:
			adamDirection64x8(uu, v, g, bc2, eps)
		case levelAVX2:
			adamDirection64(uu, v, g, bc2, eps)
		default:
			return false
		}
	case []float32:
		v, g, bc2, eps := any(v).([]float32), any(g).([]float32), float32(bc2), float32(eps)
		switch level {
		case levelAVX512:
			adamDirection32x16(uu, v, g, bc2, eps)
		case levelAVX2:
			adamDirection32(uu, v, g, bc2, eps)
		default:
			return false
		}
	}
	return true
}

func vecLerp[T Float](dst, end []T, t T) bool {
	switch d := any(dst).(type) {
	case []float64:
		end, t := any(end).([]float64), float64(t)
		switch level {
		case levelAVX512:
			lerp64x8(d, end, t)
		case levelAVX2:
			lerp64(d, end, t)
		default:
			return false
		}
	case []float32:
		end, t := any(end).([]float32), float32(t)
		switch level {
		case levelAVX512:
			lerp32x16(d, end, t)
		case levelAVX2:
			lerp32(d, end, t)
		default:
			return false
		}
	}
	return true
}

func vecInterp[T Float](y, x, z []T, c, t T) bool {
	switch yy := any(y).(type) {
	case []float64:
		x, z, c, t := any(x).([]float64), any(z).([]float64), float64(c), float64(t)
		switch level {
		case levelAVX512:
			interp64x8(yy, x, z, c, t)
		case levelAVX2:
			interp64(yy, x, z, c, t)
		default:
			return false
		}
	case []float32:
		x, z, c, t := any(x).([]float32), any(z).([]float32), float32(c), float32(t)
		switch level {
		case levelAVX512:
			interp32x16(yy, x, z, c, t)
		case levelAVX2:
			interp32(yy, x, z, c, t)
		default:
			return false
		}
	}
	return true
}

func vecAxpy[T Float](y, x []T, a T) bool {
	switch yy := any(y).(type) {
	case []float64:
		x, a := any(x).([]float64), float64(a)
		switch level {
		case levelAVX512:
			axpy64x8(yy, x, a)
		case levelAVX2:
			axpy64(yy, x, a)
		default:
			return false
		}
	case []float32:
		x, a := any(x).([]float32), float32(a)
		switch level {
		case levelAVX512:
			axpy32x16(yy, x, a)
		case levelAVX2:
			axpy32(yy, x, a)
		default:
			return false
		}
	}
	return true
}

func vecTriad[T Float](dst, b, c []T, s T) bool {
	switch d := any(dst).(type) {
	case []float64:
		b, c, s := any(b).([]float64), any(c).([]float64), float64(s)
		switch level {
		case levelAVX512:
			triad64x8(d, b, c, s)
		case levelAVX2:
			triad64(d, b, c, s)
		default:
			return false
		}
	case []float32:
		b, c, s := any(b).([]float32), any(c).([]float32), float32(s)
		switch level {
		case levelAVX512:
			triad32x16(d, b, c, s)
		case levelAVX2:
			triad32(d, b, c, s)
		default:
			return false
		}
	}
	return true
}
