package vmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// logInputs covers the whole positive range: log-uniform over every binade
// including the subnormals, dense around 1 (where log is smallest relative
// to its argument's spacing), and powers of two.
func logInputs() []float64 {
	rng := rand.New(rand.NewPCG(21, 22))
	var xs []float64
	for range 1 << 20 {
		xs = append(xs, math.Ldexp(0.5+0.5*rng.Float64(), rng.IntN(2098)-1073))
	}
	for range 1 << 16 {
		xs = append(xs, 1+(rng.Float64()-0.5)*math.Ldexp(1, -rng.IntN(50)))
	}
	for range 1 << 14 { // the range of softmax sums
		xs = append(xs, 1+rng.Float64()*100)
	}
	for e := -1074; e <= 1023; e++ {
		xs = append(xs, math.Ldexp(1, e))
	}
	return xs
}

// TestLogAccuracy compares Log with math.Log (both within 1 ulp of log, so
// at most 2 apart) on normal inputs, and with LogRef bit for bit on all.
// On subnormal inputs math.Log on amd64 is wrong (its assembly does not
// normalize them: log(5e-324) comes out near log(2^-1023) = -709.09);
// TestLogVersusExact checks Log there.
func TestLogAccuracy(t *testing.T) {
	xs := logInputs()
	got := make([]float64, len(xs))
	ref := make([]float64, len(xs))
	Log(got, xs)
	LogRef(ref, xs)
	var worst uint64
	worstX := 0.0
	diff, subnormal := 0, 0
	for i, x := range xs {
		if !sameBits(got[i], ref[i]) {
			t.Fatalf("Log(%v) = %v, LogRef %v", x, got[i], ref[i])
		}
		if x < minNormal {
			subnormal++
			continue
		}
		want := math.Log(x)
		var d uint64
		if math.Signbit(got[i]) == math.Signbit(want) {
			d = ulpDist(math.Abs(got[i]), math.Abs(want))
		} else { // around log(1) = 0
			d = ulpDist(math.Abs(got[i]), 0) + ulpDist(math.Abs(want), 0)
		}
		if d > worst {
			worst, worstX = d, x
		}
		if d != 0 {
			diff++
		}
		if d > 2 {
			t.Errorf("Log(%v) = %v, math.Log %v: %d ulp apart", x, got[i], want, d)
		}
	}
	t.Logf("%d inputs: %d differ from math.Log, max %d ulp (at x = %v); %d subnormal inputs not compared",
		len(xs), diff, worst, worstX, subnormal)
}

func TestLogSpecial(t *testing.T) {
	nan := math.Float64frombits(0x7ff8_0000_0000_1234)
	cases := []struct{ x, want float64 }{
		{1, 0},
		{0, math.Inf(-1)},
		{math.Copysign(0, -1), math.Inf(-1)},
		{-1, logNaN},
		{math.Inf(-1), logNaN},
		{-5e-324, logNaN},
		{math.Inf(1), math.Inf(1)},
		{nan, nan},
		{-nan, -nan},
		{5e-324, -744.4400719213812},
		{math.MaxFloat64, 709.782712893384},
		{2, math.Ln2},
		{math.E, 1},
	}
	for _, c := range cases {
		for _, f := range []func(dst, src []float64){Log, LogRef} {
			for n := 1; n <= 5; n++ { // the input at the last position of a vector or of a tail
				src := make([]float64, n)
				for i := range src {
					src[i] = 3
				}
				src[n-1] = c.x
				dst := make([]float64, n)
				f(dst, src)
				if !sameBits(dst[n-1], c.want) {
					t.Errorf("log(%v) = %v (%#x), want %v (%#x)", c.x, dst[n-1], math.Float64bits(dst[n-1]), c.want, math.Float64bits(c.want))
				}
			}
		}
	}
}

// TestLogVersusExact measures the error of Log in ulps of the exact log,
// computed with math/big at 200 bits as k·ln2 + 2·atanh((m−1)/(m+1)).
func TestLogVersusExact(t *testing.T) {
	const prec = 200
	ln2 := new(big.Float).SetPrec(prec)
	for k := 1; k <= prec+10; k++ {
		term := new(big.Float).SetMantExp(big.NewFloat(1), -k).SetPrec(prec)
		ln2.Add(ln2, term.Quo(term, new(big.Float).SetInt64(int64(k))))
	}
	exact := func(x float64) *big.Float {
		frac, e := math.Frexp(x) // x = frac·2^e, frac in [0.5, 1)
		m := new(big.Float).SetPrec(prec).SetFloat64(frac)
		one := new(big.Float).SetPrec(prec).SetInt64(1)
		u := new(big.Float).SetPrec(prec).Sub(m, one)
		u.Quo(u, new(big.Float).SetPrec(prec).Add(m, one))
		u2 := new(big.Float).SetPrec(prec).Mul(u, u)
		sum := new(big.Float).SetPrec(prec)
		pow := new(big.Float).SetPrec(prec).Set(u)
		for j := int64(0); j < 80; j++ {
			term := new(big.Float).SetPrec(prec).Quo(pow, new(big.Float).SetInt64(2*j+1))
			sum.Add(sum, term)
			pow.Mul(pow, u2)
		}
		sum.Mul(sum, new(big.Float).SetInt64(2))
		return sum.Add(sum, new(big.Float).SetPrec(prec).Mul(ln2, new(big.Float).SetInt64(int64(e))))
	}
	if l, _ := exact(math.E).Float64(); l != 1 {
		t.Fatalf("exact(e) = %v, want 1", l)
	}
	rng := rand.New(rand.NewPCG(23, 24))
	var xs []float64
	for range 4000 {
		xs = append(xs, math.Ldexp(0.5+0.5*rng.Float64(), rng.IntN(2098)-1073))
	}
	for range 2000 {
		xs = append(xs, 1+(rng.Float64()-0.5)*math.Ldexp(1, -rng.IntN(30)))
	}
	for range 2000 {
		xs = append(xs, 1+rng.Float64()*100)
	}
	got := make([]float64, len(xs))
	Log(got, xs)
	worst, worstX, worstMath, worstSub := 0.0, 0.0, 0.0, 0.0
	ulpErr := func(v float64, e *big.Float) float64 {
		exp := e.MantExp(nil)
		diff := new(big.Float).SetPrec(prec).Sub(new(big.Float).SetFloat64(v), e)
		u, _ := diff.SetMantExp(diff, 53-exp).Float64()
		return math.Abs(u)
	}
	for i, x := range xs {
		e := exact(x)
		if u := ulpErr(got[i], e); u > worst {
			worst, worstX = u, x
		}
		if x < minNormal {
			worstSub = max(worstSub, ulpErr(got[i], e))
		} else {
			worstMath = max(worstMath, ulpErr(math.Log(x), e))
		}
	}
	t.Logf("%d inputs: max error of Log %.3f ulp of the exact log (at x = %v), %.3f on subnormal inputs; math.Log on normal inputs: %.3f ulp",
		len(xs), worst, worstX, worstSub, worstMath)
	if worst > 1 {
		t.Errorf("max error %.3f ulp, want at most 1", worst)
	}
}
