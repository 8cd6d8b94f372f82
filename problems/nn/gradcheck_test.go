package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Gradient checking against central finite differences.
//
// The numerical derivative is the 4th-order central difference
//
//	f'(x) ≈ [8(f(x+h) − f(x−h)) − (f(x+2h) − f(x−2h))] / (12h),  h = 1e-4,
//
// whose truncation error O(h⁴·f⁽⁵⁾) ≈ 1e-16 is far below its rounding error
// ≈ ε·|f|/h ≈ 1e-12·|f|, so analytic and numerical derivatives of float64 code
// should agree to ~1e-10 relative. The comparison measure is
//
//	err = |a − n| / max(|a| + |n|, 1e-8)
//
// with τ = max(1e-8, 1e-6·S), and every checked coordinate must have
// err ≤ 1e-5. S is the magnitude of the computation of f: Σ|terms| of the
// projected sum L = Σ Rᵢ·outᵢ for layers, |loss| for model losses (means of
// positive terms). The floor is needed because the finite difference of a
// derivative that is exactly zero (e.g. the key bias of attention, which the
// softmax cancels) is pure rounding noise of size ≈ ε·S/h ≈ 1e-12·S: below τ
// the criterion becomes the absolute bound |a − n| ≤ 1e-11·S, about ten times
// that noise; above τ it is the plain relative error.
const (
	fdStep  = 1e-4
	gradTol = 1e-5
)

func numDeriv(v []float64, i int, f func() float64) float64 {
	old := v[i]
	eval := func(d float64) float64 {
		v[i] = old + d
		return f()
	}
	fp1, fm1 := eval(fdStep), eval(-fdStep)
	fp2, fm2 := eval(2*fdStep), eval(-2*fdStep)
	v[i] = old
	return (8*(fp1-fm1) - (fp2 - fm2)) / (12 * fdStep)
}

func relErr(a, n, floor float64) float64 {
	return math.Abs(a-n) / math.Max(math.Abs(a)+math.Abs(n), floor)
}

// sampleIdx returns all of 0..n-1 when n ≤ k, else k distinct random indices.
func sampleIdx(r *rand.Rand, n, k int) []int {
	if n <= k {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	return r.Perm(n)[:k]
}

// checkGrad compares analytic[i] with the numerical derivative of f with
// respect to v[i] for every i in idx; scale is S above. label names v in
// failure messages.
func checkGrad(t *testing.T, label string, v, analytic []float64, f func() float64, scale float64, idx []int) {
	t.Helper()
	worst, nBad := 0.0, 0
	floor := math.Max(1e-8, 1e-6*scale)
	for _, i := range idx {
		n := numDeriv(v, i, f)
		e := relErr(analytic[i], n, floor)
		worst = math.Max(worst, e)
		if e > gradTol || math.IsNaN(e) {
			nBad++
			if nBad <= 5 {
				t.Errorf("%s[%d]: analytic %.12g numeric %.12g (rel err %.3g)", label, i, analytic[i], n, e)
			}
		}
	}
	if nBad > 0 {
		t.Errorf("%s: %d of %d coordinates off", label, nBad, len(idx))
	}
	t.Logf("%s: %d coordinates, worst rel err %.3g", label, len(idx), worst)
}

// paramLabel names the tensor holding flat index i.
func paramLabel(p *Params, i int) string {
	for _, t := range p.List() {
		if i >= t.Off && i < t.Off+t.Len {
			return t.Name
		}
	}
	return "?"
}

// checkParamGrad checks a random subset of parameter coordinates, making sure
// every tensor contributes at least perTensor coordinates.
func checkParamGrad(t *testing.T, r *rand.Rand, p *Params, analytic []float64, f func() float64, scale float64, total, perTensor int) {
	t.Helper()
	seen := map[int]bool{}
	var idx []int
	for _, ts := range p.List() {
		for _, j := range sampleIdx(r, ts.Len, perTensor) {
			seen[ts.Off+j] = true
			idx = append(idx, ts.Off+j)
		}
	}
	for _, j := range sampleIdx(r, p.NumParams(), total) {
		if !seen[j] {
			idx = append(idx, j)
		}
	}
	// Check per tensor so failures name the tensor.
	byName := map[string][]int{}
	var order []string
	for _, i := range idx {
		n := paramLabel(p, i)
		if _, ok := byName[n]; !ok {
			order = append(order, n)
		}
		byName[n] = append(byName[n], i)
	}
	for _, n := range order {
		checkGrad(t, "param "+n, p.Data, analytic, f, scale, byName[n])
	}
}
