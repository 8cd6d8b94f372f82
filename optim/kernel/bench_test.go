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

func benchSFStep[T Float](b *testing.B) {
	for _, n := range benchSizes {
		size := int64(n) * int64(sizeOf[T]())
		variants := []struct {
			name string
			step func(y, z, g []T)
		}{
			{"fused", func(y, z, g []T) { SFStep(y, z, g, 0.01, -0.09, 0.1, 0) }},
			// The same update as three sweeps, as torch computes it:
			// y.lerp_(z, c); y.add_(g, alpha=a); z.sub_(g, alpha=lr).
			{"multipass", func(y, z, g []T) { Lerp(y, z, 0.01); Axpy(y, g, -0.09); Axpy(z, g, -0.1) }},
			{"scalar", func(y, z, g []T) { defer atLevel("scalar")(); SFStep(y, z, g, 0.01, -0.09, 0.1, 0) }},
		}
		if narrower := narrowerLevel(); narrower != "" {
			variants = append(variants, struct {
				name string
				step func(y, z, g []T)
			}{narrower, func(y, z, g []T) {
				defer atLevel(narrower)()
				SFStep(y, z, g, 0.01, -0.09, 0.1, 0)
			}})
		}
		for _, v := range variants {
			b.Run(fmt.Sprintf("%s/n=%d/%s", typeName[T](), n, v.name), func(b *testing.B) {
				s := benchState[T](n, 3)
				b.SetBytes(5 * size)
				for b.Loop() {
					v.step(s[0], s[1], s[2])
				}
			})
		}
	}
}

func benchSFAdamStep[T Float](b *testing.B) {
	for _, n := range benchSizes {
		size := int64(n) * int64(sizeOf[T]())
		var u []T // the multi-pass direction buffer, allocated with the state
		variants := []struct {
			name string
			step func(y, z, v, g []T)
		}{
			{"fused", func(y, z, v, g []T) { SFAdamStep(y, z, v, g, 0.01, -0.09, 0.1, 0, 0.999, 0.5, 1e-8) }},
			// Five sweeps: the second moment, the direction, then the three
			// sweeps of SF-SGD. torch's foreach code makes nine (mul_ and
			// addcmul_ for v; div, sqrt_, add_ and div_ for the direction).
			{"multipass", func(y, z, v, g []T) {
				SecondMoment(v, g, 0.999)
				adamDirection(u, v, g, 0.5, 1e-8)
				Lerp(y, z, 0.01)
				Axpy(y, u, -0.09)
				Axpy(z, u, -0.1)
			}},
			{"scalar", func(y, z, v, g []T) {
				defer atLevel("scalar")()
				SFAdamStep(y, z, v, g, 0.01, -0.09, 0.1, 0, 0.999, 0.5, 1e-8)
			}},
		}
		if narrower := narrowerLevel(); narrower != "" {
			variants = append(variants, struct {
				name string
				step func(y, z, v, g []T)
			}{narrower, func(y, z, v, g []T) {
				defer atLevel(narrower)()
				SFAdamStep(y, z, v, g, 0.01, -0.09, 0.1, 0, 0.999, 0.5, 1e-8)
			}})
		}
		for _, v := range variants {
			b.Run(fmt.Sprintf("%s/n=%d/%s", typeName[T](), n, v.name), func(b *testing.B) {
				s := benchState[T](n, 5)
				u = s[4]
				b.SetBytes(7 * size)
				for b.Loop() {
					v.step(s[0], s[1], s[2], s[3])
				}
			})
		}
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
