package stats

import (
	"math"
	"testing"
)

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// The expected values are computed by hand (closed forms), independently of
// gonum and of the code under test.
func TestWelchTHandComputed(t *testing.T) {
	cases := []struct {
		name     string
		a, b     []float64
		t, df, p float64
		tolP     float64
	}{
		// a = {1, 3}, b = {4, 6}: means 2 and 5, variances (1+1)/1 = 2 each;
		// se² = 2/2 + 2/2 = 2, t = (2−5)/√2 = −3/√2 = −2.1213203;
		// df = 2² / (1²/1 + 1²/1) = 2.
		// Student's t with ν = 2 has F(x) = 1/2 + x/(2√(2+x²)), so
		// p = 2(1 − F(|t|)) = 1 − |t|/√(2+t²) = 1 − √4.5/√6.5 = 1 − 3/√13
		//   = 1 − 0.8320502943 = 0.1679497057.
		{"nu=2", []float64{1, 3}, []float64{4, 6}, -3 / math.Sqrt2, 2, 0.16794970566, 1e-9},
		// a = {1, 2, 3}, b = {3, 4, 5}: means 2 and 4, variances 1 each;
		// se² = 1/3 + 1/3 = 2/3, t = −2/√(2/3) = −√6 = −2.4494897;
		// df = (2/3)² / ((1/3)²/2 + (1/3)²/2) = (4/9)/(1/9) = 4.
		// With ν = 4, F(x) = 1/2 + (3/8)·x/√(1+x²/4)·(1 − x²/(12(1+x²/4))):
		// x²/4 = 1.5, x/√2.5 = √2.4 = 1.5491933, 1 − 6/30 = 0.8, so
		// p = 1 − (3/4)·√2.4·0.8 = 1 − 0.6·√2.4 = 1 − 0.9295160 = 0.0704840.
		{"nu=4", []float64{1, 2, 3}, []float64{3, 4, 5}, -math.Sqrt(6), 4, 0.07048399691, 1e-9},
		// Unequal variances and sizes: a = {10, 12, 14} (mean 12, variance 4),
		// b = {20, 21, 22, 23, 24} (mean 22, variance 2.5);
		// se² = 4/3 + 2.5/5 = 11/6, t = −10/√(11/6) = −7.3854895;
		// df = (11/6)² / ((4/3)²/2 + (1/2)²/4) = (121/36)/(137/144) = 484/137
		//    = 3.5328467.
		// p: two-sided tail of Student's t with ν = 484/137, integrated
		// numerically (Simpson, 2·10⁶ intervals, in Python with math.lgamma):
		// p = 0.00287336.
		{"welch", []float64{10, 12, 14}, []float64{20, 21, 22, 23, 24}, -10 / math.Sqrt(11.0/6), 484.0 / 137, 0.0028733599, 1e-7},
	}
	for _, c := range cases {
		tt, df, p := WelchT(c.a, c.b)
		if !near(tt, c.t, 1e-12) || !near(df, c.df, 1e-12) || !near(p, c.p, c.tolP) {
			t.Errorf("%s: t %.10g df %.10g p %.10g; want %.10g %.10g %.10g", c.name, tt, df, p, c.t, c.df, c.p)
		}
		// Swapping the samples flips t and keeps p.
		tt2, _, p2 := WelchT(c.b, c.a)
		if tt2 != -tt || !near(p2, p, 1e-14) {
			t.Errorf("%s swapped: t %v p %v", c.name, tt2, p2)
		}
	}
}

func TestMannWhitneyUHandComputed(t *testing.T) {
	cases := []struct {
		name string
		a, b []float64
		u, p float64
	}{
		// a = {1, 2, 3, 3}, b = {3, 4, 5}. Sorted: 1a 2a 3a 3a 3b 4b 5b; the
		// three 3s share ranks 3, 4, 5 → 4 each. R_a = 1+2+4+4 = 11,
		// U = 11 − 4·5/2 = 1; mean na·nb/2 = 6.
		// Ties: one group of 3, Σ(t³−t) = 24, N = 7:
		// σ² = 4·3/12 · (8 − 24/42) = 8 − 4/7 = 52/7 = 7.4285714, σ = 2.7255405.
		// z = (|1 − 6| − 0.5)/σ = 4.5/2.7255405 = 1.6510486,
		// p = erfc(z/√2) = 0.0987286 (normal table: 2·(1 − 0.95064) ≈ 0.0987).
		{"ties", []float64{1, 2, 3, 3}, []float64{3, 4, 5}, 1, 0.09872864789},
		// a = {1, 2, 3}, b = {4, 5, 6}: R_a = 6, U = 6 − 6 = 0, mean 4.5,
		// no ties: σ² = 9/12 · 7 = 5.25, z = (4.5 − 0.5)/√5.25 = 1.7457431,
		// p = erfc(z/√2) = 0.0808556.
		{"separated", []float64{1, 2, 3}, []float64{4, 5, 6}, 0, 0.08085559837},
		// b above a: U = na·nb = 9, same p.
		{"separated, reversed", []float64{4, 5, 6}, []float64{1, 2, 3}, 9, 0.08085559837},
	}
	for _, c := range cases {
		u, p := MannWhitneyU(c.a, c.b)
		if u != c.u || !near(p, c.p, 1e-9) {
			t.Errorf("%s: U %v p %.10g; want %v %.10g", c.name, u, p, c.u, c.p)
		}
	}
}

func TestTestsEdgeCases(t *testing.T) {
	same := []float64{0.9, 0.91, 0.92}
	shuffled := []float64{0.92, 0.9, 0.91}
	if _, _, p := WelchT(same, shuffled); p != 1 {
		t.Errorf("Welch, identical samples: p %v, want 1", p)
	}
	if _, p := MannWhitneyU(same, shuffled); p != 1 {
		t.Errorf("U, identical samples: p %v, want 1", p)
	}
	if _, p := MannWhitneyU([]float64{1, 1}, []float64{1, 1, 1}); p != 1 {
		t.Errorf("U, all tied: p %v, want 1", p)
	}
	if tt, _, p := WelchT([]float64{1, 1}, []float64{2, 2}); p != 0 || !math.IsInf(tt, -1) {
		t.Errorf("Welch, constant different samples: t %v p %v, want -Inf and 0", tt, p)
	}
	if tt, _, p := WelchT([]float64{1, 1}, []float64{1, 1, 1}); p != 1 || tt != 0 {
		t.Errorf("Welch, constant equal samples: t %v p %v, want 0 and 1", tt, p)
	}
	if _, _, p := WelchT([]float64{1}, []float64{1, 2}); !math.IsNaN(p) {
		t.Errorf("Welch with one value: p %v, want NaN", p)
	}
	if _, p := MannWhitneyU(nil, []float64{1}); !math.IsNaN(p) {
		t.Errorf("U without values: p %v, want NaN", p)
	}
}
