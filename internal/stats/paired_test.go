package stats

import (
	"math"
	"testing"
)

// Student's sleep data (Cushny and Peebles 1905, as in R's datasets::sleep):
// the extra hours of sleep of 10 patients under each of two drugs.
var (
	sleep1 = []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	sleep2 = []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
)

func TestPairedTKnownValues(t *testing.T) {
	cases := []struct {
		name     string
		x, y     []float64
		t, df, p float64
	}{
		// R: t.test(extra ~ group, data = sleep, paired = TRUE) prints
		// t = -4.0621, df = 9, p-value = 0.002833. By hand: d = x − y has
		// mean −1.58 and sd 1.2299955, t = −1.58/(1.2299955/√10)
		// = −4.0621277; p from the closed form of Student's t for odd ν,
		// 1 − (2/π)(θ + sinθ(cosθ + (2/3)cos³θ + … + (2·4·6/(3·5·7))cos⁷θ))
		// with θ = atan(|t|/3): 0.0028328902.
		{"sleep", sleep1, sleep2, -4.062127683382037, 9, 0.0028328902},
		// d = {1, 2, 3}: mean 2, sd 1, t = 2/(1/√3) = 2√3, ν = 2, where
		// F(x) = 1/2 + x/(2√(2+x²)): p = 1 − 2√3/√14 = 0.0741799002.
		{"nu=2", []float64{1, 2, 3}, []float64{0, 0, 0}, 2 * math.Sqrt(3), 2, 0.0741799002},
	}
	for _, c := range cases {
		tt, df, p := PairedT(c.x, c.y)
		if !near(tt, c.t, 1e-12) || df != c.df || !near(p, c.p, 1e-9) {
			t.Errorf("%s: t %.10g df %v p %.10g; want %.10g %v %.10g", c.name, tt, df, p, c.t, c.df, c.p)
		}
		// Swapping the samples flips t and keeps p.
		tt2, _, p2 := PairedT(c.y, c.x)
		if tt2 != -tt || !near(p2, p, 1e-14) {
			t.Errorf("%s swapped: t %v p %v", c.name, tt2, p2)
		}
	}
}

func TestPairedTEdgeCases(t *testing.T) {
	cases := []struct {
		name  string
		x, y  []float64
		t, p  float64
		nanDF bool
	}{
		{"equal pairs", []float64{0.9, 0.8, 0.7}, []float64{0.9, 0.8, 0.7}, 0, 1, false},
		// The same gain on every seed: no spread, certain.
		{"constant difference", []float64{2, 3, 4}, []float64{1, 2, 3}, math.Inf(1), 0, false},
		{"constant loss", []float64{1, 2, 3}, []float64{2, 3, 4}, math.Inf(-1), 0, false},
		{"one pair", []float64{1}, []float64{2}, math.NaN(), math.NaN(), true},
		{"unequal lengths", []float64{1, 2}, []float64{1, 2, 3}, math.NaN(), math.NaN(), true},
	}
	for _, c := range cases {
		tt, df, p := PairedT(c.x, c.y)
		same := func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
		if !same(tt, c.t) || !same(p, c.p) || math.IsNaN(df) != c.nanDF {
			t.Errorf("%s: t %v df %v p %v; want t %v p %v", c.name, tt, df, p, c.t, c.p)
		}
	}
}

func TestWilcoxonSignedRankKnownValues(t *testing.T) {
	// scipy.stats.wilcoxon's documented example: Fisher's differences in
	// height between cross- and self-fertilized corn plants (Design of
	// Experiments, 1935), d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49,
	// 56, 60, -67, 75]; wilcoxon(d) gives statistic 24.0 (W−, the smaller
	// sum) and the exact pvalue 0.041259765625 = 2·676/2^15.
	corn := []float64{6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75}
	zeros := make([]float64, len(corn))
	cases := []struct {
		name  string
		x, y  []float64
		wPlus float64
		p     float64
	}{
		{"scipy's corn example", corn, zeros, 96, 0.041259765625},
		{"corn, swapped", zeros, corn, 24, 0.041259765625},
		// d = {1, −2, 3}: ranks 1, 2, 3, W+ = 4. The 8 subsets of {1, 2, 3}
		// sum to 0, 1, 2, 3, 3, 4, 5, 6: P(W ≥ 4) = 3/8, p = 0.75.
		{"three", []float64{1, -2, 3}, []float64{0, 0, 0}, 4, 0.75},
		// All 5 positive: W+ = 15, only one subset reaches it, p = 2/32.
		{"five positive", []float64{1, 2, 3, 4, 5}, []float64{0, 0, 0, 0, 0}, 15, 0.0625},
		// Zeros are dropped: d = {0, 0, 1, 2}: n = 2, W+ = 3 = the maximum,
		// p = 2/4.
		{"zeros dropped", []float64{5, 5, 6, 7}, []float64{5, 5, 5, 5}, 3, 0.5},
		// Sleep data, y − x (Wilcoxon in R: V = 0 for x − y): one zero,
		// dropped, and one tie (1.3 twice, ranks 4.5); all 9 positive, so
		// W+ = 45 and only the all-positive subset reaches it: exact
		// conditional p = 2/2^9.
		{"sleep, exact", sleep2, sleep1, 45, 2.0 / 512},
		// Ties that floating point hides: 0.81 − 0.80 = 0.010000000000000009
		// and 0.81 − 0.82 = −0.009999999999999898 tie (|d| ranks 1.5 each),
		// 0.95 − 0.93 ranks 3: W+ = 4.5; the subsets of {1.5, 1.5, 3} sum to
		// 0, 1.5, 1.5, 3, 3, 4.5, 4.5, 6: P(W ≥ 4.5) = 3/8, p = 0.75 (without
		// the tolerance W+ would be 5 and p 0.5).
		{"floating-point ties", []float64{0.81, 0.81, 0.95}, []float64{0.80, 0.82, 0.93}, 4.5, 0.75},
		{"all zero", []float64{0.9, 0.8}, []float64{0.9, 0.8}, 0, 1},
	}
	for _, c := range cases {
		w, p := WilcoxonSignedRank(c.x, c.y)
		if w != c.wPlus || !near(p, c.p, 1e-12) {
			t.Errorf("%s: W+ %v p %.12g; want %v %.12g", c.name, w, p, c.wPlus, c.p)
		}
	}
}

func TestWilcoxonSignedRankNormalApproximation(t *testing.T) {
	// R: wilcox.test(extra ~ group, data = sleep, paired = TRUE) uses the
	// normal approximation (ties and zeros) and prints V = 0,
	// p-value = 0.009091. By hand: n = 9, one tie of 2 (Σ(t³−t) = 6),
	// μ = 22.5, σ² = 9·10·19/24 − 6/48 = 71.125,
	// z = (22.5 − 0.5)/√71.125 = 2.6086243, p = erfc(z/√2) = 0.0090906980.
	if p := signedRankNormalP(9, 0, 6); !near(p, 0.009090698016, 1e-9) {
		t.Errorf("sleep, normal: p %.12g, want 0.009090698016", p)
	}
	// Above ExactSignedRankMax the approximation is used: d = 1 … 60, all
	// positive, W+ = 1830, μ = 915, σ² = 60·61·121/24 = 18452.5,
	// z = 914.5/√18452.5 = 6.7321, p = erfc(z/√2) = 1.6713286e-11.
	x := make([]float64, 60)
	for i := range x {
		x[i] = float64(i + 1)
	}
	if w, p := WilcoxonSignedRank(x, make([]float64, 60)); w != 1830 || !near(p/1.671328569652656e-11, 1, 1e-9) {
		t.Errorf("60 positive: W+ %v p %v, want 1830 and 1.6713286e-11", w, p)
	}
	// At the largest exact size the count stays exact: 50 positive
	// differences, p = 2/2^50.
	if _, p := WilcoxonSignedRank(x[:50], make([]float64, 50)); p != math.Ldexp(2, -50) {
		t.Errorf("50 positive: p %v, want 2^-49", p)
	}
	if w, p := WilcoxonSignedRank([]float64{1}, []float64{1, 2}); !math.IsNaN(w) || !math.IsNaN(p) {
		t.Errorf("unequal lengths: %v %v, want NaN", w, p)
	}
}

func TestSignTest(t *testing.T) {
	cases := []struct {
		wins, losses int
		p            float64
	}{
		{7, 1, 18.0 / 256},     // 2·(C(8,0) + C(8,1))/2^8
		{1, 7, 18.0 / 256},     // symmetric
		{9, 1, 22.0 / 1024},    // 2·(1 + 10)/2^10
		{5, 0, 2.0 / 32},       // 2·1/2^5
		{3, 3, 1},              // 2·42/64 > 1
		{10, 10, 1},            //
		{20, 0, 2.0 / 1048576}, // 2/2^20
	}
	for _, c := range cases {
		if p := SignTest(c.wins, c.losses); !near(p, c.p, 1e-12) {
			t.Errorf("SignTest(%d, %d) = %.12g, want %.12g", c.wins, c.losses, p, c.p)
		}
	}
	if p := SignTest(0, 0); !math.IsNaN(p) {
		t.Errorf("SignTest(0, 0) = %v, want NaN", p)
	}
}
