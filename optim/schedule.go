package optim

import (
	"fmt"
	"math"
)

// A Schedule scales a base learning rate over the steps of a run: step k
// (counting from 0) uses lr * Factor(k).
type Schedule interface {
	Factor(k int) float64
	// Validate reports a schedule that cannot be used.
	Validate() error
}

// Constant keeps the base rate.
type Constant struct{}

// Factor is 1 at every step.
func (Constant) Factor(int) float64 { return 1 }

// Validate accepts every Constant.
func (Constant) Validate() error { return nil }

// WarmupCosine warms up linearly for Warmup steps ((k+1)/Warmup), then decays
// along a half cosine from 1 to 0 at step Horizon:
// 0.5*(1 + cos(π*(k-Warmup)/(Horizon-Warmup))), and stays 0 afterwards.
type WarmupCosine struct{ Warmup, Horizon int }

// Factor is the scale of step k.
func (s WarmupCosine) Factor(k int) float64 {
	if k < s.Warmup {
		return warmup(k, s.Warmup)
	}
	p := decayProgress(k, s.Warmup, s.Horizon)
	return 0.5 * (1 + math.Cos(math.Pi*p))
}

// Validate requires 0 <= Warmup < Horizon.
func (s WarmupCosine) Validate() error { return validateDecay("warmup-cosine", s.Warmup, s.Horizon) }

// WarmupLinear warms up linearly for Warmup steps, then decays linearly from
// 1 to 0 at step Horizon: 1 - (k-Warmup)/(Horizon-Warmup), then 0.
type WarmupLinear struct{ Warmup, Horizon int }

// Factor is the scale of step k.
func (s WarmupLinear) Factor(k int) float64 {
	if k < s.Warmup {
		return warmup(k, s.Warmup)
	}
	return 1 - decayProgress(k, s.Warmup, s.Horizon)
}

// Validate requires 0 <= Warmup < Horizon.
func (s WarmupLinear) Validate() error { return validateDecay("warmup-linear", s.Warmup, s.Horizon) }

// StepDecay multiplies the rate by Gamma every Every steps: Gamma^(k/Every).
type StepDecay struct {
	Every int
	Gamma float64
}

// Factor is the scale of step k.
func (s StepDecay) Factor(k int) float64 { return math.Pow(s.Gamma, float64(k/s.Every)) }

// Validate requires Every >= 1 and 0 < Gamma <= 1.
func (s StepDecay) Validate() error {
	if s.Every < 1 {
		return SettingErrorf("every", "step decay: every must be at least 1, got %d", s.Every)
	}
	if !(s.Gamma > 0 && s.Gamma <= 1) {
		return SettingErrorf("gamma", "step decay: gamma must be in (0, 1], got %v", s.Gamma)
	}
	return nil
}

// Sequence gives the factor of each step explicitly; steps past its end keep
// the last factor. It replays recorded schedules (such as the learning rates
// of a reference trajectory).
type Sequence []float64

// Factor is the k-th element, or the last one past the end.
func (s Sequence) Factor(k int) float64 {
	if k >= len(s) {
		k = len(s) - 1
	}
	return s[k]
}

// Validate requires a non-empty sequence of finite, non-negative factors.
func (s Sequence) Validate() error {
	if len(s) == 0 {
		return fmt.Errorf("sequence schedule is empty")
	}
	for i, f := range s {
		if !(f >= 0) || math.IsInf(f, 0) {
			return fmt.Errorf("sequence schedule: factor %d is %v, want finite and >= 0", i, f)
		}
	}
	return nil
}

// decayProgress is the fraction of the decay phase completed at step k,
// clamped to [0, 1].
func decayProgress(k, warmup, horizon int) float64 {
	return math.Min(1, float64(k-warmup)/float64(horizon-warmup))
}

func validateDecay(name string, warmup, horizon int) error {
	if warmup < 0 {
		return SettingErrorf("warmup", "%s: warmup must be >= 0, got %d", name, warmup)
	}
	if horizon <= warmup {
		return SettingErrorf("warmup", "%s: horizon (%d) must exceed warmup (%d)", name, horizon, warmup)
	}
	return nil
}
