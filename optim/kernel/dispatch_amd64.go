//go:build goexperiment.simd && amd64

package kernel

import (
	"os"
	"simd/archsimd"
)

// The vector loops handle whole vectors — 4 float64 or 8 float32 lanes with
// AVX2 (loops64_amd64.go, loops32_amd64.go), 8 or 16 with AVX-512
// (loops64x8_amd64.go, loops32x16_amd64.go) — and return how many elements
// they did; the exported kernel runs the reference loop, which computes the
// same bits, on the tail. They use Mul then Add/Sub, never MulAdd, to match
// the reference rounding, so every level gives the same bits.
//
// Each loop ends with VZEROUPPER (archsimd.ClearAVXUpperBits), and no scalar
// floating point runs between its first vector instruction and that
// VZEROUPPER: Go's scalar floating point is legacy-SSE code, and with the
// upper halves of the vector registers in use such instructions carry a
// false dependency or, on Intel CPUs, cost a state transition of hundreds of
// cycles each (../shared/FINDINGS.md). Measured here before the fix: the scalar
// SF-SGD loop at 4096 elements took 16.9 µs after a vector kernel had run
// versus 4.4 µs without. The reference paths clear them too (see
// scalarChunks). TestReturnsClean checks every kernel's return with XINUSE
// (internal/xstate); internal/xstate/ssecheck checks the compiled loops.

// The instruction-set levels, narrowest first.
const (
	levelScalar = iota
	levelAVX2
	levelAVX512
)

var levelNames = [...]string{levelScalar: "scalar", levelAVX2: "avx2", levelAVX512: "avx512"}

// The dispatch table: the loops of each level, per element type.
var (
	table64 = [...]*loopSet[float64]{levelAVX2: loops64, levelAVX512: loops64x8}
	table32 = [...]*loopSet[float32]{levelAVX2: loops32, levelAVX512: loops32x16}
)

// level is the widest vector code this binary runs on this CPU, decided once:
// AVX-512 when the CPU has it, else AVX2, else none. SFBENCH_SIMD=avx2 caps
// it at AVX2 and SFBENCH_SIMD=off turns the vector code off (to compare the
// paths in one build). set64 and set32 are its rows of the table.
var (
	level int
	set64 *loopSet[float64]
	set32 *loopSet[float32]
)

func init() { setLevel(detectLevel(os.Getenv("SFBENCH_SIMD"))) }

// setLevel makes l the level the kernels run at (tests and benchmarks
// switch levels).
func setLevel(l int) { level, set64, set32 = l, table64[l], table32[l] }

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

// vectorLoops returns the vector loops for T at the current level, or nil.
func vectorLoops[T Float]() *loopSet[T] {
	var zero T
	if _, ok := any(zero).(float64); ok {
		return any(set64).(*loopSet[T])
	}
	return any(set32).(*loopSet[T])
}

// scalarChunks runs a reference loop over [from, to) in chunks of chunkLen
// elements with VZEROUPPER (clearUpper) before each. Needed because the
// runtime's asynchronous preemption (GOEXPERIMENT=simd) restores the full
// vector registers and leaves their upper halves dirty, after which scalar
// code ran ~4x slower here (3.8 µs vs 16.8 µs for the scalar SF-SGD step at
// 4096; GODEBUG=asyncpreemptoff=1 removes it) until some vector loop ended.
// A preemption can come every 10 ms, so clearing once per call is not
// enough for long vectors (16M elements: 56 ms instead of 22 ms); per chunk,
// at most one chunk (~15 µs) runs slowly after each preemption. The tail a
// vector loop leaves is one short chunk.
func scalarChunks(from, to int, f func(lo, hi int)) {
	for lo := from; lo < to; lo += chunkLen {
		clearUpper()
		f(lo, min(lo+chunkLen, to))
	}
}

const chunkLen = 1 << 14

// clearUpper runs VZEROUPPER whenever the CPU has AVX, whatever the level:
// the runtime restores wide registers even when SFBENCH_SIMD=off.
func clearUpper() {
	if hasAVX {
		archsimd.ClearAVXUpperBits()
	}
}

var hasAVX = archsimd.X86.AVX()
