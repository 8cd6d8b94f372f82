package optim

import (
	"math"
	"testing"
)

// TestBiasCorrectionExact checks biasCorrection.at against 1 − math.Pow(β, t)
// bit for bit on every step up to well past the step from which it stops
// calling math.Pow, for decays from 0 to very close to 1, and that it does
// stop (from is set and not far beyond the first step where the value is 1).
func TestBiasCorrectionExact(t *testing.T) {
	for _, beta := range []float64{0, 1e-300, 1e-3, 0.5, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999} {
		b := newBiasCorrection(beta)
		if b.from == 0 {
			t.Fatalf("β = %v: never takes the shortcut", beta)
		}
		first := 0 // first t with 1 − math.Pow(β, t) == 1
		for step := 1; step <= b.from+5000; step++ {
			want := 1 - math.Pow(beta, float64(step))
			if got := b.at(step); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("β = %v, t = %d: %v, 1 − math.Pow gives %v (from %d)", beta, step, got, want, b.from)
			}
			if want == 1 && first == 0 {
				first = step
			}
		}
		if first == 0 || b.from > first+first/10+1 {
			t.Errorf("β = %v: shortcut from t = %d, but the value is 1 from t = %d", beta, b.from, first)
		}
	}
	// thresholds up to the cap of 2^52 steps: β = 1 − 2^-k, at its threshold
	// and past it
	for k := 1; k <= 46; k++ {
		beta := 1 - math.Ldexp(1, -k)
		b := newBiasCorrection(beta)
		if b.from == 0 {
			t.Fatalf("β = 1 − 2^-%d: never takes the shortcut", k)
		}
		for _, step := range []int{b.from, b.from + 1, b.from + 7, 2 * b.from, 3*b.from + 1} {
			if want := 1 - math.Pow(beta, float64(step)); want != 1 {
				t.Fatalf("β = 1 − 2^-%d, t = %d (from %d): 1 − math.Pow gives %v, not 1", k, step, b.from, want)
			}
		}
	}
	for _, beta := range []float64{1, math.NaN(), -0.5, math.Nextafter(1, 0)} {
		b := newBiasCorrection(beta)
		for _, step := range []int{1, 1000, 1 << 40} {
			want := 1 - math.Pow(beta, float64(step))
			if got := b.at(step); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("β = %v, t = %d: %v, want %v", beta, step, got, want)
			}
		}
	}
}
