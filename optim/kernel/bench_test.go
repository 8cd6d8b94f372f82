package kernel

import (
	"fmt"
	"testing"
)

// Sizes: in L1/L2 cache, in L3-ish, and far beyond any cache.
var benchSizes = []int{4096, 262144, 16777216}

// Bytes are counted as streams of useful traffic: an SF-SGD step reads y, z
// and g and writes y and z (5 streams); SF-AdamW adds v read and written (7);
// the triad reads two vectors and writes one (3). Multi-pass and scalar
// variants are charged the same bytes as the fused step, so their MB/s
// compare directly as speed. The scalar variant is the kernel with the vector
// code off (as SFBENCH_SIMD=off): the reference loop run in chunks (see
// scalarChunks). On an AVX-512 machine the fused step also runs at the AVX2
// level ("avx2").

// benchState allocates k vectors of length n in one block and fills them.
func benchState[T Float](n, k int) [][]T {
	vs := Vectors[T](n, k)
	for j, v := range vs {
		for i := range v {
			v[i] = T(0.5 + 0.001*float64((i+j)%97))
		}
	}
	return vs
}

func typeName[T Float]() string {
	var x T
	if _, ok := any(x).(float32); ok {
		return "f32"
	}
	return "f64"
}

// variant is one way of computing a step over the benchmark's state vectors.
type variant[T Float] struct {
	name string
	step func(s [][]T)
}

// withLevels adds to the fused, multi-pass and scalar variants of a step the
// scalar one (the kernel with the vector code off, as SFBENCH_SIMD=off) and,
// on AVX-512 machines, the fused step at the AVX2 level.
func withLevels[T Float](fused, multipass func(s [][]T)) []variant[T] {
	at := func(level string) func(s [][]T) {
		return func(s [][]T) {
			defer atLevel(level)()
			fused(s)
		}
	}
	vs := []variant[T]{{"fused", fused}, {"multipass", multipass}, {"scalar", at("scalar")}}
	if narrower := narrowerLevel(); narrower != "" {
		vs = append(vs, variant[T]{narrower, at(narrower)})
	}
	return vs
}

// runVariants times each variant on k fresh vectors of length n, charged
// streams × n elements.
func runVariants[T Float](b *testing.B, n, k, streams int, vs []variant[T]) {
	for _, v := range vs {
		b.Run(fmt.Sprintf("%s/n=%d/%s", typeName[T](), n, v.name), func(b *testing.B) {
			s := benchState[T](n, k)
			b.SetBytes(int64(streams) * int64(n) * int64(sizeOf[T]()))
			for b.Loop() {
				v.step(s)
			}
		})
	}
}

func benchSFStep[T Float](b *testing.B) {
	for _, n := range benchSizes {
		runVariants(b, n, 3, 5, withLevels(
			func(s [][]T) { SFStep(s[0], s[1], s[2], 0.01, -0.09, 0.1, 0) },
			// The same update as three sweeps, as torch computes it:
			// y.lerp_(z, c); y.add_(g, alpha=a); z.sub_(g, alpha=lr).
			func(s [][]T) { Lerp(s[0], s[1], 0.01); Axpy(s[0], s[2], -0.09); Axpy(s[1], s[2], -0.1) },
		))
	}
}

// benchSFAdamStep runs on y, z, v, g and, for the multi-pass form, the
// direction u (s[4]).
func benchSFAdamStep[T Float](b *testing.B) {
	for _, n := range benchSizes {
		runVariants(b, n, 5, 7, withLevels(
			func(s [][]T) { SFAdamStep(s[0], s[1], s[2], s[3], 0.01, -0.09, 0.1, 0, 0.999, 0.5, 1e-8) },
			// Five sweeps: the second moment, the direction, then the three
			// sweeps of SF-SGD. torch's foreach code makes nine (mul_ and
			// addcmul_ for v; div, sqrt_, add_ and div_ for the direction).
			func(s [][]T) {
				y, z, v, g, u := s[0], s[1], s[2], s[3], s[4]
				SecondMoment(v, g, 0.999)
				adamDirection(u, v, g, 0.5, 1e-8)
				Lerp(y, z, 0.01)
				Axpy(y, u, -0.09)
				Axpy(z, u, -0.1)
			},
		))
	}
}

func benchTriad[T Float](b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("%s/n=%d/triad", typeName[T](), n), func(b *testing.B) {
			s := benchState[T](n, 3)
			b.SetBytes(3 * int64(n) * int64(sizeOf[T]()))
			for b.Loop() {
				Triad(s[0], s[1], s[2], 0.5)
			}
		})
	}
}

func sizeOf[T Float]() int {
	var x T
	if _, ok := any(x).(float32); ok {
		return 4
	}
	return 8
}

func BenchmarkSFStep(b *testing.B) {
	benchSFStep[float64](b)
	benchSFStep[float32](b)
}

func BenchmarkSFAdamStep(b *testing.B) {
	benchSFAdamStep[float64](b)
	benchSFAdamStep[float32](b)
}

func BenchmarkTriad(b *testing.B) {
	benchTriad[float64](b)
	benchTriad[float32](b)
}
