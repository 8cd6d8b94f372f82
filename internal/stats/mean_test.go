package stats

import (
	"math"
	"testing"
)

func TestMeanSE(t *testing.T) {
	cases := []struct {
		name     string
		v        []float64
		mean, se float64 // NaN: want NaN
	}{
		{"none", nil, math.NaN(), math.NaN()},
		{"one", []float64{3}, 3, math.NaN()},
		// {1, 3}: mean 2, sample variance 2, se = √2/√2 = 1.
		{"two", []float64{1, 3}, 2, 1},
		// {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, Σ(x−5)² = 32, variance 32/7,
		// se = √(32/7)/√8 = √(4/7).
		{"eight", []float64{2, 4, 4, 4, 5, 5, 7, 9}, 5, math.Sqrt(4.0 / 7)},
		{"constant", []float64{0.7, 0.7, 0.7}, 0.7, 0},
	}
	same := func(got, want float64) bool {
		if math.IsNaN(want) {
			return math.IsNaN(got)
		}
		return math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, se := MeanSE(c.v)
			if !same(m, c.mean) || !same(se, c.se) {
				t.Errorf("MeanSE(%v) = %v, %v; want %v, %v", c.v, m, se, c.mean, c.se)
			}
			if got := Mean(c.v); !same(got, c.mean) {
				t.Errorf("Mean(%v) = %v, want %v", c.v, got, c.mean)
			}
		})
	}
}
