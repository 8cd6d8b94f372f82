// Package stats holds the statistics every reader of results uses: the
// mean and its standard error over seeds, Welch's t-test and the
// Mann–Whitney U test. It is built on gonum's stat and distuv, so the
// selection rule, the tables, the figures, the regression check and the
// benchmark check all compute them one way.
package stats

import (
	"math"

	"gonum.org/v1/gonum/stat"
)

// MeanSE returns the mean of v and its standard error, the sample standard
// deviation over √n. With no values both are NaN; with one value the
// standard error is NaN (one seed says nothing about the spread).
func MeanSE(v []float64) (mean, se float64) {
	switch len(v) {
	case 0:
		return math.NaN(), math.NaN()
	case 1:
		return v[0], math.NaN()
	}
	mean, std := stat.MeanStdDev(v, nil)
	return mean, std / math.Sqrt(float64(len(v)))
}

// Mean is the mean of v (NaN with no values).
func Mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	return stat.Mean(v, nil)
}
