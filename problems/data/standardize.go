package data

import (
	"fmt"
	"math"
)

// Standardizer holds per-feature statistics computed on a training set.
type Standardizer struct {
	// Mean[j] is the mean of feature j over the training rows.
	Mean []float64
	// Std[j] is the population standard deviation (divisor N) of feature
	// j, or 1 when that is 0 (a constant feature is only centered).
	Std []float64
}

// FitStandardizer computes per-feature means and standard deviations of
// train (two passes, for accuracy).
func FitStandardizer(train *Dataset) (*Standardizer, error) {
	if train.N == 0 {
		return nil, fmt.Errorf("data: cannot standardize %s: no rows", train.Name)
	}
	d := train.D
	s := &Standardizer{Mean: make([]float64, d), Std: make([]float64, d)}
	for i := range train.N {
		for j, v := range train.Row(i) {
			s.Mean[j] += v
		}
	}
	for j := range s.Mean {
		s.Mean[j] /= float64(train.N)
	}
	for i := range train.N {
		for j, v := range train.Row(i) {
			dv := v - s.Mean[j]
			s.Std[j] += dv * dv
		}
	}
	for j := range s.Std {
		s.Std[j] = math.Sqrt(s.Std[j] / float64(train.N))
		if s.Std[j] == 0 {
			s.Std[j] = 1
		}
	}
	return s, nil
}

// Apply standardizes ds in place: x[j] = (x[j]-Mean[j])/Std[j].
func (s *Standardizer) Apply(ds *Dataset) error {
	if ds.D != len(s.Mean) {
		return fmt.Errorf("data: dimension mismatch: standardizer has %d features, %s has %d", len(s.Mean), ds.Name, ds.D)
	}
	for i := range ds.N {
		row := ds.Row(i)
		for j := range row {
			row[j] = (row[j] - s.Mean[j]) / s.Std[j]
		}
	}
	return nil
}

// Standardize fits a Standardizer on train and applies it, in place, to
// train and then to each of others (e.g. the test split), so that test data
// never influences the statistics.
func Standardize(train *Dataset, others ...*Dataset) (*Standardizer, error) {
	s, err := FitStandardizer(train)
	if err != nil {
		return nil, err
	}
	for _, ds := range others {
		if ds.D != train.D {
			return nil, fmt.Errorf("data: dimension mismatch: %s has %d features, %s has %d", train.Name, train.D, ds.Name, ds.D)
		}
	}
	for _, ds := range append([]*Dataset{train}, others...) {
		if err := s.Apply(ds); err != nil {
			return nil, err
		}
	}
	return s, nil
}
