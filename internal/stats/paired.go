package stats

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Paired tests compare two samples measured on the same units (here: two
// optimizers on the same seeds, which share the initial point and the
// data order), through the differences d_i = x_i − y_i.

// PairedT is the paired t-test, two-sided, on the differences
// d_i = x_i − y_i: t = mean(d)/(sd(d)/√n) with n − 1 degrees of freedom
// and the p-value from Student's t distribution. All differences zero
// give t = 0 and p = 1; differences that are all equal but not zero (no
// spread) give t = ±Inf and p = 0. x and y need the same length, at least
// 2 (else all three results are NaN).
func PairedT(x, y []float64) (t, df, p float64) {
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	d := differences(x, y)
	n := float64(len(d))
	mean, se := MeanSE(d)
	df = n - 1
	switch {
	case mean == 0 && se == 0:
		return 0, df, 1
	case se == 0:
		return math.Copysign(math.Inf(1), mean), df, 0
	}
	t = mean / se
	p = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
	return t, df, math.Min(p, 1)
}

func differences(x, y []float64) []float64 {
	d := make([]float64, len(x))
	for i := range x {
		d[i] = x[i] - y[i]
	}
	return d
}

// ExactSignedRankMax is the largest number of non-zero differences for
// which WilcoxonSignedRank computes the exact null distribution.
const ExactSignedRankMax = 50

// WilcoxonSignedRank is the two-sided Wilcoxon signed-rank test on the
// differences d_i = x_i − y_i. Zero differences are dropped (Wilcoxon's
// own treatment, scipy's zero_method "wilcox"); the n others are ranked
// by |d|, tied |d| sharing their mean rank, and
//
//	W+ = the sum of the ranks of the positive differences   (returned)
//
// Under the null hypothesis (the differences are symmetric about zero)
// each rank is positive or negative with probability 1/2, independently.
// For n ≤ ExactSignedRankMax, p is exact under that distribution,
// 2·min(P(W ≤ W+), P(W ≥ W+)) at most 1, where W is the sum of a random
// subset of the n ranks as they are (the mean ranks of tied values
// included: with ties this is the exact conditional test; without, the
// classical exact one, scipy's method "exact"). Above, p is the normal
// approximation with the tie and continuity corrections (R's wilcox.test
// with correct = TRUE):
//
//	μ = n(n+1)/4,  σ² = n(n+1)(2n+1)/24 − Σ(t³−t)/48   (t: the size of each tie group)
//	z = (|W+ − μ| − 1/2)/σ,  p = erfc(z/√2)
//
// Seeds are few, so the exact distribution matters: the normal
// approximation is too small a p at n < 10 (for 9 positive differences
// with one tie it gives 0.0091, the exact 0.0039; for 3 tied ones 0.149,
// the exact 0.25). Few pairs can never give a small p: with 5 non-zero
// differences the smallest two-sided p is 2/2^5 = 0.0625.
//
// Floating-point differences are not exact: differences of accuracies that
// differ by the same count of examples come out a few ulps apart. Two |d|
// within 1e-12 of the data's magnitude (the largest |x_i|, |y_i|) are
// therefore tied, and a |d| within that of zero is zero.
//
// With no non-zero difference W+ is 0 and p is 1. x and y need the same
// length, at least 1 (else W+ and p are NaN).
func WilcoxonSignedRank(x, y []float64) (wPlus, p float64) {
	if len(x) != len(y) || len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	scale := 0.0
	for i := range x {
		scale = math.Max(scale, math.Max(math.Abs(x[i]), math.Abs(y[i])))
	}
	tol := tieTolerance * scale
	type diff struct {
		abs      float64
		positive bool
	}
	var ds []diff
	for _, d := range differences(x, y) {
		if math.Abs(d) > tol {
			ds = append(ds, diff{math.Abs(d), d > 0})
		}
	}
	if len(ds) == 0 {
		return 0, 1
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].abs < ds[j].abs })
	// twice the ranks, integers: a tie group over the places i+1 … j has
	// the mean rank (i+j+1)/2.
	twice := make([]int, len(ds))
	twicePlus, ties := 0, 0.0
	for i := 0; i < len(ds); {
		j := i + 1
		for j < len(ds) && ds[j].abs-ds[i].abs <= tol {
			j++
		}
		for k := i; k < j; k++ {
			twice[k] = i + j + 1
			if ds[k].positive {
				twicePlus += i + j + 1
			}
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	wPlus = float64(twicePlus) / 2
	if len(ds) <= ExactSignedRankMax {
		return wPlus, exactSignedRankP(twice, twicePlus)
	}
	return wPlus, signedRankNormalP(len(ds), wPlus, ties)
}

// tieTolerance is the relative difference below which paired differences
// tie (see WilcoxonSignedRank); the selection rule's tolerance too.
const tieTolerance = 1e-12

// exactSignedRankP is the two-sided p of the signed-rank sum, given as
// twice the ranks (integers) and twice W+: the number of subsets of the
// ranks by their sum, counted by dynamic programming (at most 2^50
// subsets, exact in float64), then 2·min(P(W ≤ W+), P(W ≥ W+)), at most 1.
func exactSignedRankP(twice []int, twicePlus int) float64 {
	top := 0
	for _, r := range twice {
		top += r
	}
	count := make([]float64, top+1)
	count[0] = 1
	reach := 0
	for _, r := range twice {
		reach += r
		for s := reach; s >= r; s-- {
			count[s] += count[s-r]
		}
	}
	below, above := 0.0, 0.0
	for s, c := range count {
		if s <= twicePlus {
			below += c
		}
		if s >= twicePlus {
			above += c
		}
	}
	total := math.Ldexp(1, len(twice))
	return math.Min(1, 2*math.Min(below, above)/total)
}

// signedRankNormalP is the normal approximation of the signed-rank test's
// two-sided p for n non-zero differences, W+ and Σ(t³−t) over the tie
// groups, with the continuity correction.
func signedRankNormalP(n int, wPlus, ties float64) float64 {
	nf := float64(n)
	mu := nf * (nf + 1) / 4
	sigma2 := nf*(nf+1)*(2*nf+1)/24 - ties/48
	if !(sigma2 > 0) {
		return 1
	}
	z := (math.Abs(wPlus-mu) - 0.5) / math.Sqrt(sigma2)
	if z <= 0 {
		return 1
	}
	return math.Min(math.Erfc(z/math.Sqrt2), 1)
}

// SignTest is the two-sided exact sign test of wins against losses (ties
// left out before): under the null each of the n = wins + losses is a
// win with probability 1/2, and p = 2·P(X ≤ min(wins, losses)) for
// X ~ Binomial(n, 1/2), at most 1. It is the test Demšar recommends for
// counting wins and losses over data sets ("Statistical comparisons of
// classifiers over multiple data sets", JMLR 7, 2006, §3.1.3): it needs
// no common scale of the data sets' metrics. With n = 0 it is NaN.
func SignTest(wins, losses int) float64 {
	n := wins + losses
	if wins < 0 || losses < 0 || n == 0 {
		return math.NaN()
	}
	k := min(wins, losses)
	// Σ_{i ≤ k} C(n, i) / 2^n, each term through lgamma to stay finite
	// for any n.
	sum := 0.0
	for i := 0; i <= k; i++ {
		lc := lgamma(float64(n)+1) - lgamma(float64(i)+1) - lgamma(float64(n-i)+1)
		sum += math.Exp(lc - float64(n)*math.Ln2)
	}
	return math.Min(1, 2*sum)
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}
