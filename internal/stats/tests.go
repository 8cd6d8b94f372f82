package stats

import (
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// identical reports whether a and b hold the same values, in any order.
func identical(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	sort.Float64s(x)
	sort.Float64s(y)
	return slices.Equal(x, y)
}

// WelchT is Welch's two-sample t-test (unequal variances), two-sided: the
// statistic t = (mean a − mean b)/√(va/na + vb/nb), the Welch–Satterthwaite
// degrees of freedom, and the p-value from Student's t distribution.
// Identical samples give p = 1; samples without variance but with
// different means give t = ±Inf and p = 0. Each sample needs at least two
// values (else all three results are NaN).
func WelchT(a, b []float64) (t, df, p float64) {
	na, nb := float64(len(a)), float64(len(b))
	if len(a) < 2 || len(b) < 2 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	ma, mb := stat.Mean(a, nil), stat.Mean(b, nil)
	sa, sb := stat.Variance(a, nil)/na, stat.Variance(b, nil)/nb
	se2 := sa + sb
	switch {
	case identical(a, b) || (se2 == 0 && ma == mb):
		return 0, math.NaN(), 1
	case se2 == 0:
		return math.Copysign(math.Inf(1), ma-mb), math.NaN(), 0
	}
	t = (ma - mb) / math.Sqrt(se2)
	df = se2 * se2 / (sa*sa/(na-1) + sb*sb/(nb-1))
	p = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
	return t, df, math.Min(p, 1)
}

// MannWhitneyU is the two-sided Mann–Whitney U (Wilcoxon rank-sum) test
// with the normal approximation, corrected for ties and for continuity:
//
//	U = R_a − na(na+1)/2          (R_a: the sum of a's ranks, ties get their mean rank)
//	σ² = na·nb/12 · ((N+1) − Σ(t³−t)/(N(N−1)))   (t: the size of each tie group, N = na+nb)
//	z = (|U − na·nb/2| − 1/2)/σ,  p = 2(1 − Φ(z)) = erfc(z/√2)
//
// It returns U for sample a. Identical samples, or all values tied, give
// p = 1. Each sample needs at least one value (else U and p are NaN).
func MannWhitneyU(a, b []float64) (u, p float64) {
	na, nb := float64(len(a)), float64(len(b))
	if len(a) == 0 || len(b) == 0 {
		return math.NaN(), math.NaN()
	}
	type obs struct {
		v     float64
		fromA bool
	}
	all := make([]obs, 0, len(a)+len(b))
	for _, v := range a {
		all = append(all, obs{v, true})
	}
	for _, v := range b {
		all = append(all, obs{v, false})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].v < all[j].v })
	n := na + nb
	rankA, ties := 0.0, 0.0
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		rank := float64(i+j+1) / 2 // mean of the ranks i+1 … j
		for k := i; k < j; k++ {
			if all[k].fromA {
				rankA += rank
			}
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	u = rankA - na*(na+1)/2
	if identical(a, b) {
		return u, 1
	}
	sigma2 := na * nb / 12 * ((n + 1) - ties/(n*(n-1)))
	if !(sigma2 > 0) { // every value tied
		return u, 1
	}
	z := (math.Abs(u-na*nb/2) - 0.5) / math.Sqrt(sigma2)
	if z <= 0 {
		return u, 1
	}
	return u, math.Min(math.Erfc(z/math.Sqrt2), 1)
}
