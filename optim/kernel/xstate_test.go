package kernel

import (
	"math/rand/v2"
	"testing"

	"github.com/sfbench/sfbench/internal/xstate"
)

// TestReturnsClean checks that every kernel returns with the AVX and AVX-512
// upper state clean (XINUSE bits 2 and 5–7, see internal/xstate), at every
// level this CPU has: a legacy-SSE instruction after a dirty return costs a
// state transition on Intel CPUs. It runs on AMD too, where that cost does not
// show, so a regression is caught on either machine.
func TestReturnsClean(t *testing.T) {
	if !xstate.Supported() {
		t.Skip("XGETBV with ECX=1 not supported")
	}
	for _, name := range testLevels() {
		restore := atLevel(name)
		t.Run(name+"/f64", testReturnsClean[float64])
		t.Run(name+"/f32", testReturnsClean[float32])
		restore()
	}
}

func testReturnsClean[T Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	kcs := append(cases[T](), baselineCases[T]()...)
	for _, kc := range kcs {
		// Empty, a tail only, vectors and a tail, more than one scalar chunk
		// (chunkLen in dispatch_amd64.go).
		for _, n := range []int{0, 3, 37, 1000, 1<<14 + 5} {
			s := make([][]T, kc.slices)
			for i := range s {
				s[i] = newGuarded[T](rng, n, 0, kc.positive[i]).data
			}
			p := kc.params(rng)
			if x, ok := xstate.ReturnsClean(func() { kc.kernel(s, p) }); !ok {
				t.Errorf("%s n=%d: returned with XINUSE = %#x (upper state bits %#x in use)", kc.name, n, x, x&xstate.Upper)
			}
		}
	}
}

// baselineCases are the kernels without a vector twin, for the tests that
// need no reference.
func baselineCases[T Float]() []kernelCase[T] {
	four := func(rng *rand.Rand) []T {
		return []T{T(rng.Float64()), T(rng.Float64()), T(rng.Float64()), T(rng.Float64())}
	}
	return []kernelCase[T]{
		{name: "Swap", slices: 2, positive: []bool{false, false}, params: four,
			kernel: func(s [][]T, p []T) { Swap(s[0], s[1]) }},
		{name: "SGDStep", slices: 3, positive: []bool{false, false, false}, params: four,
			kernel: func(s [][]T, p []T) { SGDStep(s[0], s[1], s[2], p[0], p[1], p[2], p[3], true, false) }},
		{name: "AdamWStep", slices: 4, positive: []bool{false, false, true, false},
			params: func(rng *rand.Rand) []T { return []T{0.99, 0.9, 0.999, 1e-3, 0.5, 1e-8} },
			kernel: func(s [][]T, p []T) { AdamWStep(s[0], s[1], s[2], s[3], p[0], p[1], p[2], p[3], p[4], p[5]) }},
		{name: "DecayAtY", slices: 2, positive: []bool{false, false}, params: four,
			kernel: func(s [][]T, p []T) { DecayAtY(s[0], s[1], p[0], p[1], p[2]) }},
	}
}
