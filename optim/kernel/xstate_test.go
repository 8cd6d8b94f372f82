package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/sfbench/sfbench/internal/xstate"
)

// TestReturnsClean checks with XINUSE that every kernel returns with the
// vector upper state clean, at every level this CPU has (internal/xstate).
func TestReturnsClean(t *testing.T) {
	calls := append(cleanCalls[float64](), cleanCalls[float32]()...)
	xstate.TestReturnsClean(t, testLevels(), atLevel, calls)
}

func cleanCalls[T Float]() []xstate.Call {
	rng := rand.New(rand.NewPCG(5, 6))
	var calls []xstate.Call
	for _, kc := range append(cases[T](), baselineCases[T]()...) {
		// Empty, a tail only, vectors and a tail, more than one scalar chunk
		// (chunkLen in dispatch_amd64.go).
		for _, n := range []int{0, 3, 37, 1000, 1<<14 + 5} {
			s := make([][]T, kc.slices)
			for i := range s {
				s[i] = newGuarded[T](rng, n, 0, kc.positive[i]).data
			}
			p := kc.params(rng)
			calls = append(calls, xstate.Call{Name: fmt.Sprintf("%s/%s/n=%d", typeName[T](), kc.name, n), F: func() { kc.kernel(s, p) }})
		}
	}
	return calls
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
