package vmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// ulpDist is the distance in units in the last place between two
// non-negative float64 values (their bit patterns are ordered like them).
func ulpDist(a, b float64) uint64 {
	ia, ib := math.Float64bits(a), math.Float64bits(b)
	if ia > ib {
		return ia - ib
	}
	return ib - ia
}

// expInputs is the accuracy test set: uniform over the whole finite range,
// log-uniform near zero (both signs), dense around the overflow and
// underflow thresholds and the subnormal range, and integers.
func expInputs() []float64 {
	rng := rand.New(rand.NewPCG(11, 12))
	var xs []float64
	for range 1 << 20 {
		xs = append(xs, -745.2+rng.Float64()*(709.79+745.2))
	}
	for range 1 << 16 {
		x := math.Ldexp(1, -rng.IntN(1080)) * (1 + rng.Float64())
		if rng.IntN(2) == 0 {
			x = -x
		}
		xs = append(xs, x)
	}
	for _, c := range []float64{709.782712893384, -708.3964185322641, -745.1332191019412, 0, 1, -1} {
		for range 1 << 12 {
			xs = append(xs, c+(rng.Float64()-0.5)*1e-3)
		}
		x := c
		for range 64 { // the neighbours of c, bit by bit
			xs = append(xs, x)
			x = math.Nextafter(x, math.Inf(1))
		}
	}
	for i := -746; i <= 710; i++ {
		xs = append(xs, float64(i), float64(i)+0.5)
	}
	return xs
}

// mathExpOverflowsEarly reports whether x is in the interval where math.Exp
// on amd64 returns +Inf for a finite exp(x): its assembly overflows as soon
// as round(x·log2 e) = 1024, from x ≈ 709.436 on, although exp(x) stays
// below MaxFloat64 up to x = 709.782712893384. TestExpVersusExact checks
// Exp there against the exact value.
func mathExpOverflowsEarly(x float64) bool {
	return x <= 709.782712893384 && math.IsInf(math.Exp(x), 1)
}

// TestExpAccuracy measures Exp against math.Exp over the finite range
// (except where math.Exp overflows early); Exp is within 1 ulp of exp, so
// the two may differ by up to 2. It also compares Exp with ExpRef bit for
// bit on every input.
func TestExpAccuracy(t *testing.T) {
	xs := expInputs()
	got := make([]float64, len(xs))
	ref := make([]float64, len(xs))
	Exp(got, xs)
	ExpRef(ref, xs)
	var worst uint64
	worstX := 0.0
	var diff, early int
	for i, x := range xs {
		if !sameBits(got[i], ref[i]) {
			t.Fatalf("Exp(%v) = %v, ExpRef %v", x, got[i], ref[i])
		}
		if mathExpOverflowsEarly(x) {
			early++
			if math.IsInf(got[i], 0) || got[i] < math.Exp(709.43) {
				t.Errorf("Exp(%v) = %v, want a finite value above exp(709.43)", x, got[i])
			}
			continue
		}
		want := math.Exp(x)
		d := ulpDist(got[i], want)
		if d > worst {
			worst, worstX = d, x
		}
		if d != 0 {
			diff++
		}
		if d > 2 {
			t.Errorf("Exp(%v) = %v, math.Exp %v: %d ulp apart", x, got[i], want, d)
		}
	}
	t.Logf("%d inputs: %d differ from math.Exp, max %d ulp (at x = %v); %d skipped where math.Exp overflows early",
		len(xs), diff, worst, worstX, early)
}

// TestExpSpecial checks the special values and the ends of the range.
func TestExpSpecial(t *testing.T) {
	nan := math.Float64frombits(0x7ff8_0000_0000_1234)
	cases := []struct{ x, want float64 }{
		{0, 1},
		{math.Copysign(0, -1), 1},
		{5e-324, 1},
		{-5e-324, 1},
		{1e-300, 1},
		{math.Inf(1), math.Inf(1)},
		{math.Inf(-1), 0},
		{1e300, math.Inf(1)},
		{-1e300, 0},
		{709.79, math.Inf(1)},
		{710, math.Inf(1)},
		{-746, 0},
		{-800, 0},
		{1, math.E},
		// exp(x)/2^-1075 is 1.0000000000000992 and 0.9999999999999855: the
		// last input whose exp rounds up to the smallest subnormal, and the
		// first that rounds to 0.
		{-745.1332191019411, 5e-324},
		{-745.1332191019412, 0},
		{-745.2, 0},
		// The largest input whose exp is finite, and the next float64.
		{709.782712893384, 1.7976931348622732e+308},
		{math.Nextafter(709.782712893384, 800), math.Inf(1)},
	}
	for _, c := range cases {
		for _, f := range []func(dst, src []float64){Exp, ExpRef} {
			dst := []float64{0}
			f(dst, []float64{c.x})
			if !sameBits(dst[0], c.want) {
				t.Errorf("exp(%v) = %v (%#x), want %v", c.x, dst[0], math.Float64bits(dst[0]), c.want)
			}
		}
	}
	for _, f := range []func(dst, src []float64){Exp, ExpRef} {
		dst := []float64{0, 0, 0, 0, 0}
		f(dst, []float64{1, nan, 2, -nan, 3})
		if math.Float64bits(dst[1]) != math.Float64bits(nan) || math.Float64bits(dst[3]) != math.Float64bits(-nan) {
			t.Errorf("exp(NaN) = %#x, %#x, want the input NaNs back", math.Float64bits(dst[1]), math.Float64bits(dst[3]))
		}
	}
}

// TestExpVersusExact measures the error of Exp in ulps of the exact result,
// computed with math/big at 200 bits, on a sample of the range including
// the subnormal results.
func TestExpVersusExact(t *testing.T) {
	const prec = 200
	ln2 := new(big.Float).SetPrec(prec) // ln 2 = Σ 1/(k·2^k)
	for k := 1; k <= prec+10; k++ {
		term := new(big.Float).SetMantExp(big.NewFloat(1), -k).SetPrec(prec) // exact
		ln2.Add(ln2, term.Quo(term, new(big.Float).SetInt64(int64(k))))
	}
	exact := func(x float64) *big.Float {
		n := math.Round(x / math.Ln2)
		r := new(big.Float).SetPrec(prec).SetFloat64(x)
		r.Sub(r, new(big.Float).SetPrec(prec).Mul(ln2, big.NewFloat(n)))
		sum := new(big.Float).SetPrec(prec).SetInt64(1)
		term := new(big.Float).SetPrec(prec).SetInt64(1)
		for k := int64(1); k < 60; k++ {
			term.Mul(term, r)
			term.Quo(term, new(big.Float).SetInt64(k))
			sum.Add(sum, term)
		}
		return sum.SetMantExp(sum, int(n))
	}
	rng := rand.New(rand.NewPCG(13, 14))
	xs := []float64{-745.13, -744, -740.5, -720.25, -708.4, -708.39}
	for range 6000 {
		xs = append(xs, -745.13+rng.Float64()*(709.78+745.13))
	}
	for range 1000 {
		xs = append(xs, (rng.Float64()-0.5)*math.Ldexp(1, -rng.IntN(60)))
	}
	for range 1000 {
		xs = append(xs, 709.43+rng.Float64()*(709.782712893384-709.43))
	}
	if e, _ := exact(1).Float64(); e != math.E {
		t.Fatalf("exact(1) = %v, want %v", e, math.E)
	}
	got := make([]float64, len(xs))
	Exp(got, xs)
	ulpErr := func(v float64, e *big.Float) float64 {
		mant := new(big.Float)
		exp := e.MantExp(mant) // e = mant·2^exp, mant in [0.5, 1)
		ulpExp := max(exp-53, -1074)
		diff := new(big.Float).SetPrec(prec).Sub(new(big.Float).SetFloat64(v), e)
		u, _ := diff.SetMantExp(diff, -ulpExp).Float64()
		return math.Abs(u)
	}
	var worst, worstSub, worstMath [2]float64 // error in ulps, at x
	for i, x := range xs {
		e := exact(x)
		u := ulpErr(got[i], e)
		if x < -708.3964185322641 { // subnormal results
			if u > worstSub[0] {
				worstSub = [2]float64{u, x}
			}
		} else if u > worst[0] {
			worst = [2]float64{u, x}
		}
		if !mathExpOverflowsEarly(x) {
			if u := ulpErr(math.Exp(x), e); u > worstMath[0] {
				worstMath = [2]float64{u, x}
			}
		}
	}
	t.Logf("%d inputs: max error of Exp %.3f ulp of the exact exp (at x = %v), %.3f ulp on subnormal results (at x = %v); math.Exp: %.3f ulp (at x = %v)",
		len(xs), worst[0], worst[1], worstSub[0], worstSub[1], worstMath[0], worstMath[1])
	if worst[0] > 0.7 || worstSub[0] > 1 {
		t.Errorf("max error %.3f ulp (%.3f on subnormals), want at most 0.7 (1)", worst[0], worstSub[0])
	}
}
