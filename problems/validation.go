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
	if fraction == 0 {
		return train, nil, nil
	}
	if !(fraction > 0 && fraction < 0.5) {
		return nil, nil, fmt.Errorf("validation must be a fraction in [0, 0.5), got %v", fraction)
	}
	return data.Split(train, fraction, validationSeed)
}
