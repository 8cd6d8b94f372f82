package vmath

import (
	"math/rand/v2"
	"testing"

	"github.com/sfbench/sfbench/internal/xstate"
)

// TestReturnsClean checks that every kernel returns with the AVX upper state
// clean (XINUSE, see internal/xstate), with the vector code on and off: a
// legacy-SSE instruction after a dirty return costs a state transition on
// Intel CPUs. It runs on AMD too, where that cost does not show.
func TestReturnsClean(t *testing.T) {
	if !xstate.Supported() {
		t.Skip("XGETBV with ECX=1 not supported")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	type call struct {
		name string
		f    func()
	}
	var calls []call
	for _, n := range []int{0, 3, 37, 1000} {
		for _, vc := range vecCases {
			s := make([][]float64, vc.slices)
			for i := range s {
				s[i] = newGuarded(n, 0, func(int) float64 { return vc.fill(rng) }).data
			}
			calls = append(calls, call{vc.name, func() { vc.kernel(s, 0.5) }})
		}
		k, d := 1+n%7, n
		z, b := make([]float64, k), make([]float64, k)
		a, x := make([]float64, k*d), make([]float64, d)
		xs, ys := make([]float64, 3*k), make([]float64, 3*d)
		calls = append(calls,
			call{"MatVec", func() { MatVec(z, a, x, b) }},
			call{"MatVecNoBias", func() { MatVec(z, a, x, nil) }},
			call{"Ger", func() { Ger(a, z, x, 0.5) }},
			call{"GerBatch", func() { GerBatch(a, k, d, xs, ys, 0.5) }})
	}
	for _, name := range testLevels() {
		restore := atLevel(name)
		for _, c := range calls {
			if x, ok := xstate.ReturnsClean(c.f); !ok {
				t.Errorf("%s/%s: returned with XINUSE = %#x (upper state bits %#x in use)", name, c.name, x, x&xstate.Upper)
			}
		}
		restore()
	}
}
