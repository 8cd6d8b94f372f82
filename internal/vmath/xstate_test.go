package vmath

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/sfbench/sfbench/internal/xstate"
)

// TestReturnsClean checks with XINUSE that every kernel returns with the
// vector upper state clean, with the vector code on and off (internal/xstate).
func TestReturnsClean(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var calls []xstate.Call
	add := func(name string, n int, f func()) {
		calls = append(calls, xstate.Call{Name: fmt.Sprintf("%s/n=%d", name, n), F: f})
	}
	for _, n := range []int{0, 3, 37, 1000} {
		for _, vc := range vecCases {
			s := make([][]float64, vc.slices)
			for i := range s {
				s[i] = newGuarded(n, 0, func(int) float64 { return vc.fill(rng) }).data
			}
			add(vc.name, n, func() { vc.kernel(s, 0.5) })
		}
		k, d := 1+n%7, n
		z, b := make([]float64, k), make([]float64, k)
		a, x := make([]float64, k*d), make([]float64, d)
		xs, ys := make([]float64, 3*k), make([]float64, 3*d)
		add("MatVec", n, func() { MatVec(z, a, x, b) })
		add("MatVecNoBias", n, func() { MatVec(z, a, x, nil) })
		add("Ger", n, func() { Ger(a, z, x, 0.5) })
		add("GerBatch", n, func() { GerBatch(a, k, d, xs, ys, 0.5) })
		// The column kernels on n columns (ld n+1) of k×d problems.
		ld := n + 1
		zc, xc := make([]float64, k*ld), make([]float64, d*ld)
		yc, mc, sc := make([]float64, n*d), make([]float64, n), make([]float64, n)
		add("MatVecCols", n, func() { MatVecCols(zc, a, xc, b, k, d, n, ld) })
		add("SoftmaxSumCols", n, func() { SoftmaxSumCols(zc, k, n, ld, mc, sc) })
		add("GerBatchCols", n, func() { GerBatchCols(a, k, d, zc, n, ld, yc, 0.5) })
		add("AxpyCols", n, func() { AxpyCols(z, zc, k, n, ld, 0.5) })
		add("Transpose", n, func() { Transpose(xc, yc, n, d, ld, d) })
	}
	xstate.TestReturnsClean(t, testLevels(), atLevel, calls)
}
