// Package stats holds the statistics every reader of results uses: the
// mean and its standard error over seeds, Welch's t-test and the
// Mann–Whitney U test for two groups, the paired t-test, the Wilcoxon
// signed-rank test and the sign test for paired seeds (with gonum's stat
// and distuv), so that the selection rule, the tables, the figures, the
// regression checks and the benchmark check all compute them one way.
package stats

import "math"

// MeanSE returns the mean of v and its standard error, the sample standard
// deviation over √n. With no values both are NaN; with one value the
// standard error is NaN (one seed says nothing about the spread).
//
// The sums run in the order of v (callers sort by seed), one addition at
// a time: tables written with full precision (CSV) stay the same bit for
// bit from one version to the next, which a vectorised sum would not
// promise.
func MeanSE(v []float64) (mean, se float64) {
	if len(v) == 0 {
		return math.NaN(), math.NaN()
	}
	mean = Mean(v)
	if len(v) < 2 {
		return mean, math.NaN()
	}
	ss := 0.0
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss/float64(len(v)-1)) / math.Sqrt(float64(len(v)))
}

// Mean is the mean of v, summed in order (NaN with no values).
func Mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}
