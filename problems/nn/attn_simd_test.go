//go:build goexperiment.simd && amd64

package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAttentionRowsBitExact checks the vector softmax rows of the attention
// against the scalar rows bit for bit, at every length up to 67 (all tail
// sizes), with special values, rows of equal values, signed zeros, and
// spreads wide enough that exp underflows (the fallback blocks).
func TestAttentionRowsBitExact(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2+FMA (or SFBENCH_SIMD=off)")
	}
	r := rand.New(rand.NewPCG(29, 30))
	for n := 1; n <= 67; n++ {
		for trial := 0; trial < 40; trial++ {
			row := randSlice(r, n)
			switch trial % 5 {
			case 1:
				row = randSpecial(r, n)
			case 2:
				for i := range row {
					row[i] *= 2000 // exp underflows to subnormals and 0
				}
			case 3:
				for i := range row {
					row[i] = math.Copysign(0, float64(r.IntN(2))-0.5)
				}
			case 4:
				for i := range row {
					row[i] = -float64(r.IntN(3)) * 0.5
				}
			}
			scale := 0.25
			if trial%7 == 0 {
				scale = -1.5
			}
			vec := append([]float64(nil), row...)
			guard := append(vec, 42) // a guard value after the row
			vec = guard[:n]
			if !softmaxRowVec(vec, scale) {
				t.Fatal("softmaxRowVec did nothing")
			}
			sc := append([]float64(nil), row...)
			softmaxRow(sc, scale)
			sameBits(t, "forward row", vec, sc)
			if guard[n] != 42 {
				t.Fatalf("n=%d: forward row wrote past its end", n)
			}
			p := sc
			d := randSpecial(r, n)
			if trial%2 == 0 {
				d = randSlice(r, n)
			}
			dv := append(append([]float64(nil), d...), 42)
			if !softmaxBwdRowVec(p, dv[:n], scale) {
				t.Fatal("softmaxBwdRowVec did nothing")
			}
			softmaxRowBackward(p, d, scale)
			sameBits(t, "backward row", dv[:n], d)
			if dv[n] != 42 {
				t.Fatalf("n=%d: backward row wrote past its end", n)
			}
		}
	}
}
