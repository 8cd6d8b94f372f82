package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

const guardLen = 9 // elements of padding on each side of every test slice

var guardValue = math.Float64frombits(0x7ff8_dead_beef_0001) // a NaN no kernel produces

// guarded is a test slice with padding on both sides that kernels must not touch.
type guarded[T Float] struct {
	buf  []T
	off  int
	data []T
}

func newGuarded[T Float](rng *rand.Rand, n, off int, positive bool) guarded[T] {
	buf := make([]T, n+off+2*guardLen)
	for i := range buf {
		buf[i] = T(guardValue)
	}
	data := buf[guardLen+off : guardLen+off+n : guardLen+off+n]
	for i := range data {
		// Values over several orders of magnitude, both signs.
		v := rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3))
		if positive {
			v = math.Abs(v)
		}
		data[i] = T(v)
	}
	return guarded[T]{buf, off, data}
}

func (g guarded[T]) clone() guarded[T] {
	buf := append([]T(nil), g.buf...)
	n := len(g.data)
	return guarded[T]{buf, g.off, buf[guardLen+g.off : guardLen+g.off+n : guardLen+g.off+n]}
}

func bits[T Float](v T) uint64 {
	if f, ok := any(v).(float32); ok {
		return uint64(math.Float32bits(f))
	}
	return math.Float64bits(float64(v))
}

// sameBits reports the first index where a and b differ in their bits, or -1.
func sameBits[T Float](a, b []T) int {
	for i := range a {
		if bits(a[i]) != bits(b[i]) {
			return i
		}
	}
	return -1
}

// kernelCase runs one kernel on a set of guarded slices; the reference runs
// the twin. in marks slices the kernel must only read.
type kernelCase[T Float] struct {
	name      string
	slices    int
	positive  []bool // slices that must hold non-negative values (second moments)
	in        []bool
	kernel    func(s [][]T, p []T)
	reference func(s [][]T, p []T)
	params    func(rng *rand.Rand) []T
}

func adamParams[T Float](rng *rand.Rand) []T {
	k := rng.IntN(50)
	bc2 := 1 - math.Pow(0.999, float64(k+1))
	if k%3 == 0 {
		bc2 = 1 // late steps, and the paper variant: the loops skip the division
	}
	return []T{T(rng.Float64()), T(-rng.Float64()), T(rng.Float64()), T(rng.Float64() * float64(rng.IntN(2))), 0.999, T(bc2), 1e-8}
}

func sgdParams[T Float](rng *rand.Rand) []T {
	return []T{T(rng.Float64()), T(-rng.Float64()), T(rng.Float64()), T(rng.Float64() * float64(rng.IntN(2)))}
}

func cases[T Float]() []kernelCase[T] {
	return []kernelCase[T]{
		{
			name: "SFStep", slices: 3, in: []bool{false, false, true}, positive: []bool{false, false, false},
			kernel:    func(s [][]T, p []T) { SFStep(s[0], s[1], s[2], p[0], p[1], p[2], p[3]) },
			reference: func(s [][]T, p []T) { SFStepRef(s[0], s[1], s[2], p[0], p[1], p[2], p[3]) },
			params:    sgdParams[T],
		},
		{
			name: "SFAdamStep", slices: 4, in: []bool{false, false, false, true}, positive: []bool{false, false, true, false},
			kernel: func(s [][]T, p []T) {
				SFAdamStep(s[0], s[1], s[2], s[3], p[0], p[1], p[2], p[3], p[4], p[5], p[6])
			},
			reference: func(s [][]T, p []T) {
				SFAdamStepRef(s[0], s[1], s[2], s[3], p[0], p[1], p[2], p[3], p[4], p[5], p[6])
			},
			params: adamParams[T],
		},
		{
			name: "Lerp", slices: 2, in: []bool{false, true}, positive: []bool{false, false},
			kernel:    func(s [][]T, p []T) { Lerp(s[0], s[1], p[0]) },
			reference: func(s [][]T, p []T) { LerpRef(s[0], s[1], p[0]) },
			params:    func(rng *rand.Rand) []T { return []T{T(rng.Float64()*2 - 1)} },
		},
		{
			name: "Interp", slices: 3, in: []bool{false, false, true}, positive: []bool{false, false, false},
			kernel:    func(s [][]T, p []T) { Interp(s[0], s[1], s[2], p[0], p[1]) },
			reference: func(s [][]T, p []T) { InterpRef(s[0], s[1], s[2], p[0], p[1]) },
			params:    func(rng *rand.Rand) []T { return []T{T(rng.Float64()), T(rng.Float64())} },
		},
		{
			name: "InterpAliased", slices: 2, in: []bool{false, true}, positive: []bool{false, false},
			kernel:    func(s [][]T, p []T) { Interp(s[0], s[0], s[1], p[0], p[1]) },
			reference: func(s [][]T, p []T) { InterpRef(s[0], s[0], s[1], p[0], p[1]) },
			params:    func(rng *rand.Rand) []T { return []T{T(rng.Float64()), T(rng.Float64())} },
		},
		{
			name: "Axpy", slices: 2, in: []bool{false, true}, positive: []bool{false, false},
			kernel:    func(s [][]T, p []T) { Axpy(s[0], s[1], p[0]) },
			reference: func(s [][]T, p []T) { AxpyRef(s[0], s[1], p[0]) },
			params:    func(rng *rand.Rand) []T { return []T{T(rng.NormFloat64())} },
		},
		{
			name: "Triad", slices: 3, in: []bool{false, true, true}, positive: []bool{false, false, false},
			kernel:    func(s [][]T, p []T) { Triad(s[0], s[1], s[2], p[0]) },
			reference: func(s [][]T, p []T) { TriadRef(s[0], s[1], s[2], p[0]) },
			params:    func(rng *rand.Rand) []T { return []T{T(rng.NormFloat64())} },
		},
		{
			name: "SecondMoment", slices: 2, in: []bool{false, true}, positive: []bool{true, false},
			kernel:    func(s [][]T, p []T) { SecondMoment(s[0], s[1], p[0]) },
			reference: func(s [][]T, p []T) { SecondMomentRef(s[0], s[1], p[0]) },
			params:    func(rng *rand.Rand) []T { return []T{T(rng.Float64())} },
		},
		{
			name: "adamDirection", slices: 3, in: []bool{false, true, true}, positive: []bool{false, true, false},
			kernel:    func(s [][]T, p []T) { adamDirection(s[0], s[1], s[2], p[0], p[1]) },
			reference: func(s [][]T, p []T) { adamDirectionRef(s[0], s[1], s[2], p[0], p[1]) },
			params: func(rng *rand.Rand) []T {
				return []T{T(1 - math.Pow(0.999, float64(rng.IntN(50)+1))), 1e-8}
			},
		},
	}
}

// testTwins compares each kernel with its reference, bit for bit, on every
// length 0..67 at offsets 0 and 1, and checks that no kernel writes outside
// its slices or into its inputs.
func testTwins[T Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, kc := range cases[T]() {
		for n := 0; n <= 67; n++ {
			for off := 0; off <= 1; off++ {
				got := make([]guarded[T], kc.slices)
				want := make([]guarded[T], kc.slices)
				gs := make([][]T, kc.slices)
				ws := make([][]T, kc.slices)
				for i := range got {
					got[i] = newGuarded[T](rng, n, off, kc.positive[i])
					want[i] = got[i].clone()
					gs[i], ws[i] = got[i].data, want[i].data
				}
				p := kc.params(rng)
				kc.kernel(gs, p)
				kc.reference(ws, p)
				for i := range got {
					where := fmt.Sprintf("%s n=%d off=%d slice %d", kc.name, n, off, i)
					if j := sameBits(got[i].buf, want[i].buf); j >= 0 {
						t.Fatalf("%s: element %d differs: kernel %v, reference %v", where, j-guardLen-off, got[i].buf[j], want[i].buf[j])
					}
					for j, v := range got[i].buf {
						inData := j >= guardLen+off && j < guardLen+off+n
						if !inData && bits(v) != bits(T(guardValue)) {
							t.Fatalf("%s: wrote outside the slice at padding position %d", where, j)
						}
					}
				}
			}
		}
	}
}

// TestInputsUnchanged checks that read-only slices are left untouched.
func TestInputsUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, kc := range cases[float64]() {
		s := make([][]float64, kc.slices)
		before := make([][]float64, kc.slices)
		for i := range s {
			s[i] = newGuarded[float64](rng, 37, 1, kc.positive[i]).data
			before[i] = append([]float64(nil), s[i]...)
		}
		kc.kernel(s, kc.params(rng))
		for i := range s {
			if kc.in[i] && sameBits(s[i], before[i]) >= 0 {
				t.Errorf("%s: input slice %d was modified", kc.name, i)
			}
		}
	}
}

func TestTwins64(t *testing.T) { testTwins[float64](t) }
func TestTwins32(t *testing.T) { testTwins[float32](t) }

func TestWeightDecayZeroIgnoresInfinity(t *testing.T) {
	// With wd == 0 the decay term must be skipped, not computed as 0*y:
	// 0*Inf is NaN and would poison z.
	for _, n := range []int{1, 5, 16} {
		y := make([]float64, n)
		z := make([]float64, n)
		g := make([]float64, n)
		y[0] = math.Inf(1)
		SFStep(y, z, g, 0, 0, 1, 0)
		if math.IsNaN(z[0]) {
			t.Fatalf("n=%d: z[0] became NaN", n)
		}
	}
}

func TestShortSlicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("SFStep with a short z did not panic")
		}
	}()
	SFStep(make([]float64, 8), make([]float64, 7), make([]float64, 8), 0, 0, 0, 0)
}

func TestVectorsLayout(t *testing.T) {
	for _, n := range []int{0, 1, 3, 7, 8, 9, 10, 13, 1000, 4096, 1 << 16} {
		vs := Vectors[float64](n, 4)
		for i, v := range vs {
			if len(v) != n || cap(v) != n {
				t.Fatalf("n=%d: vector %d has len %d cap %d", n, i, len(v), cap(v))
			}
		}
		if n == 0 {
			continue
		}
		stride := int(uintptrOf(vs[1]) - uintptrOf(vs[0]))
		if stride&(stride-1) == 0 {
			t.Errorf("n=%d: stride %d bytes is a power of two", n, stride)
		}
		if stride%64 != 0 {
			t.Errorf("n=%d: stride %d bytes breaks 64-byte alignment", n, stride)
		}
		for i, v := range vs {
			if uintptrOf(v)%64 != 0 {
				t.Errorf("n=%d: vector %d starts at %#x, not on a 64-byte boundary", n, i, uintptrOf(v))
			}
		}
		vs[0][n-1] = 1
		if vs[1][0] != 0 {
			t.Errorf("n=%d: vectors overlap", n)
		}
		for i, v := range Vectors[float32](n, 3) {
			if uintptrOf(v)%64 != 0 {
				t.Errorf("n=%d: float32 vector %d starts at %#x, not on a 64-byte boundary", n, i, uintptrOf(v))
			}
		}
	}
}

func TestCheckSIMDSetting(t *testing.T) {
	for _, tc := range []struct {
		setting string
		ok      bool
	}{{"", true}, {"off", true}, {"avx2", true}, {"avx512", true}, {"OFF", false}, {"on", false}, {"scalar", false}} {
		if err := CheckSIMDSetting(tc.setting); (err == nil) != tc.ok {
			t.Errorf("CheckSIMDSetting(%q) = %v", tc.setting, err)
		}
	}
}

func TestAlignOffset(t *testing.T) {
	for _, tc := range []struct {
		addr uintptr
		size int
		want int
	}{
		{0x1000, 8, 0}, {0x1008, 8, 7}, {0x1038, 8, 1}, {0x1040, 8, 0},
		{0x1004, 4, 15}, {0x1030, 4, 4}, {0x103c, 4, 1},
	} {
		if got := alignOffset(tc.addr, tc.size); got != tc.want {
			t.Errorf("alignOffset(%#x, %d) = %d, want %d", tc.addr, tc.size, got, tc.want)
		}
	}
}
