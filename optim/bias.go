package optim

import "math"

// biasCorrection is 1 − β^t, the bias correction of an exponential moving
// average after t steps, as 1 − math.Pow(β, t) gives it, without the
// math.Pow call (about 4% of a softmax step on letter) from the step on
// which that value is exactly 1 for good.
//
// 1 − p rounds to exactly 1 for every p ≤ 2^-54 (half the spacing of the
// doubles below 1; a tie rounds to even, which is 1). From t ≥ 56/−log2 β
// on, the true β^t is at most 2^-56, a factor 4 below that. math.Pow takes
// an integer power by repeated squaring, whose relative error grows with t
// (up to about t·2^-53); the shortcut is only taken for t < 2^52, where that
// is at most a factor e^0.5 ≈ 1.65, inside the factor 4. So the computed
// 1 − math.Pow(β, t) is 1 on every step from there, and skipping the call
// changes no bit (TestBiasCorrectionExact checks it step by step, and near
// the cap at the thresholds of β = 1 − 2^-k).
type biasCorrection struct {
	beta float64
	from int // 1 − β^t is 1 for every t ≥ from; 0: never assumed
}

// newBiasCorrection returns β's bias correction.
func newBiasCorrection(beta float64) biasCorrection {
	b := biasCorrection{beta: beta}
	switch {
	case beta == 0:
		b.from = 1
	case beta > 0 && beta < 1:
		if t := math.Ceil(56 / -math.Log2(beta)); t < 1<<52 {
			b.from = max(1, int(t))
		}
	}
	return b
}

// at is 1 − β^t.
func (b biasCorrection) at(t int) float64 {
	if b.from > 0 && t >= b.from {
		return 1
	}
	return 1 - math.Pow(b.beta, float64(t))
}
