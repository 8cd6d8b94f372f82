//go:build goexperiment.simd && amd64

package nn

import (
	"math/rand/v2"
	"testing"
)

// TestLayerNormVectorBitExact checks LayerNorm's forward and backward with
// the vector kernels against the scalar loops bit for bit (outputs, the
// kept statistics, the input and parameter gradients), at row counts with
// and without a remainder of 4 and widths that are and are not multiples
// of 4.
func TestLayerNormVectorBitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(31, 32))
	for _, sh := range [][2]int{{4, 4}, {5, 8}, {8, 48}, {13, 64}, {7, 6}, {768, 48}} {
		n, c := sh[0], sh[1]
		x, dy := randSpecial(r, n*c), randSlice(r, n*c)
		if n > 100 {
			x = randSlice(r, n*c)
		}
		run := func() [][]float64 {
			p := NewParams()
			ln := NewLayerNorm(p, "ln", c, n)
			p.Finalize(1)
			for i := range ln.Gamma.W {
				ln.Gamma.W[i], ln.Beta.W[i] = 1+0.1*float64(i), 0.2*float64(i)
				ln.Gamma.G[i], ln.Beta.G[i] = 0.5, -0.25
			}
			out := append([]float64(nil), ln.Forward(x, n)...)
			dx := append([]float64(nil), ln.Backward(dy)...)
			return [][]float64{out, append([]float64(nil), ln.mean[:n]...), append([]float64(nil), ln.rstd[:n]...), dx, ln.Gamma.G, ln.Beta.G}
		}
		vec := run()
		useAVX2 = false
		sc := run()
		useAVX2 = true
		for i, what := range []string{"out", "mean", "rstd", "dx", "dgamma", "dbeta"} {
			sameBits(t, what, vec[i], sc[i])
		}
	}
}
