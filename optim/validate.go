package optim

import (
	"fmt"
	"math"
	"strings"
)

// A check is the error of one hyperparameter, or nil.
type check = error

// A SettingError is a setting of an optimizer, schedule or averaging that
// is out of its range or does not apply. Setting names it as a suite
// writes it (beta1, warmup_steps, …) and Also lists other names it goes
// by there (momentum, for a reference optimizer's beta1), so a suite
// loader can point at the line that set it without reading the message.
type SettingError struct {
	Setting string
	Also    []string
	msg     string
}

func (e *SettingError) Error() string { return e.msg }

// SettingErrorf is a SettingError of setting with a formatted message. A
// setting written "beta1 (momentum)" is beta1, also called momentum.
func SettingErrorf(setting string, format string, args ...any) error {
	e := &SettingError{Setting: setting, msg: fmt.Sprintf(format, args...)}
	if name, also, ok := strings.Cut(setting, " ("); ok {
		e.Setting, e.Also = name, []string{strings.TrimSuffix(also, ")")}
	}
	return e
}

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
		return SettingErrorf(name, "optim: %s: %s must be finite and >= 0, got %v", opt, name, v)
	}
	return nil
}

func positive(opt, name string, v float64) check {
	if !finite(v) || v <= 0 {
		return SettingErrorf(name, "optim: %s: %s must be finite and > 0, got %v", opt, name, v)
	}
	return nil
}

func nonNegativeInt(opt, name string, v int) check {
	if v < 0 {
		return SettingErrorf(name, "optim: %s: %s must be >= 0, got %d", opt, name, v)
	}
	return nil
}

// openUnit requires v in (0, 1).
func openUnit(opt, name string, v float64) check {
	if !(v > 0 && v < 1) {
		return SettingErrorf(name, "optim: %s: %s must be in (0, 1), got %v", opt, name, v)
	}
	return nil
}

// halfOpenUnit requires v in [0, 1).
func halfOpenUnit(opt, name string, v float64) check {
	if !(v >= 0 && v < 1) {
		return SettingErrorf(name, "optim: %s: %s must be in [0, 1), got %v", opt, name, v)
	}
	return nil
}

// closedUnit requires v in [0, 1].
func closedUnit(opt, name string, v float64) check {
	if !(v >= 0 && v <= 1) {
		return SettingErrorf(name, "optim: %s: %s must be in [0, 1], got %v", opt, name, v)
	}
	return nil
}

// unused rejects a value set for a hyperparameter the method does not have.
func unused(opt, name string, v float64) check {
	if v != 0 {
		return SettingErrorf(name, "optim: %s: %s does not apply, got %v", opt, name, v)
	}
	return nil
}
