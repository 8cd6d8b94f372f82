package optim

import (
	"fmt"
	"math"
)

// A check is the error of one hyperparameter, or nil.
type check = error

func firstError(checks []check) error {
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func nonNegative(opt, name string, v float64) check {
	if !finite(v) || v < 0 {
		return fmt.Errorf("optim: %s: %s must be finite and >= 0, got %v", opt, name, v)
	}
	return nil
}

func positive(opt, name string, v float64) check {
	if !finite(v) || v <= 0 {
		return fmt.Errorf("optim: %s: %s must be finite and > 0, got %v", opt, name, v)
	}
	return nil
}

func nonNegativeInt(opt, name string, v int) check {
	if v < 0 {
		return fmt.Errorf("optim: %s: %s must be >= 0, got %d", opt, name, v)
	}
	return nil
}

// openUnit requires v in (0, 1).
func openUnit(opt, name string, v float64) check {
	if !(v > 0 && v < 1) {
		return fmt.Errorf("optim: %s: %s must be in (0, 1), got %v", opt, name, v)
	}
	return nil
}

// halfOpenUnit requires v in [0, 1).
func halfOpenUnit(opt, name string, v float64) check {
	if !(v >= 0 && v < 1) {
		return fmt.Errorf("optim: %s: %s must be in [0, 1), got %v", opt, name, v)
	}
	return nil
}

// closedUnit requires v in [0, 1].
func closedUnit(opt, name string, v float64) check {
	if !(v >= 0 && v <= 1) {
		return fmt.Errorf("optim: %s: %s must be in [0, 1], got %v", opt, name, v)
	}
	return nil
}

// unused rejects a value set for a hyperparameter the method does not have.
func unused(opt, name string, v float64) check {
	if v != 0 {
		return fmt.Errorf("optim: %s: %s does not apply, got %v", opt, name, v)
	}
	return nil
}
