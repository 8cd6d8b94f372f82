package problems

import (
	"fmt"

	"github.com/sfbench/sfbench/problems/data"
)

// Metrics of a validation split carved from the training data.
const (
	ValLoss = "val_loss" // mean loss over the validation split
	ValAcc  = "val_acc"  // classification accuracy on the validation split
)

// DefaultValidation is the fraction of the training data a problem holds
// out as its validation split when a suite turns the split on by default
// (a protocol that reports a test metric selects on the validation one).
const DefaultValidation = 0.1

// ValidationOptions is implemented by the options of problem kinds that
// can hold out part of their training data as a validation split (they
// then train on the rest and report val_* metrics). ValidationFraction is
// the fraction (0: no split); SetValidationFraction sets it.
type ValidationOptions interface {
	ValidationFraction() float64
	SetValidationFraction(fraction float64)
}

// validationSeed fixes the validation split: the same for every run seed,
// and independent of the seed-0 split that carves a test set.
const validationSeed = 0x76616c // "val"

// SplitValidation holds out fraction of train as a validation split,
// deterministically (the split depends only on the rows and the fraction).
// With fraction 0 it returns train and no split.
func SplitValidation(train *data.Dataset, fraction float64) (rest, val *data.Dataset, err error) {
	if _, _, err := ValidationSize(train, fraction); err != nil {
		return nil, nil, err
	}
	if fraction == 0 {
		return train, nil, nil
	}
	return data.Split(train, fraction, validationSeed)
}

// ValidationSize is the number of rows SplitValidation(train, fraction)
// leaves for training and holds out, or its error; it allocates nothing.
func ValidationSize(train *data.Dataset, fraction float64) (rest, val int, err error) {
	if fraction == 0 {
		return train.N, 0, nil
	}
	if !(fraction > 0 && fraction < 0.5) {
		return 0, 0, fmt.Errorf("validation must be a fraction in [0, 0.5), got %v", fraction)
	}
	h, err := data.SplitSize(train.N, train.Name, fraction)
	return train.N - h, h, err
}
