package optim

import "math"

// clock holds the scalar state every schedule-free method shares: the steps
// taken k, the running maximum of the learning rate, and the sum of the
// averaging weights.
type clock struct {
	k         int
	lrMax     float64
	weightSum float64

	// lrMax^weightLRPower for the lrMax and power it was computed for
	// (constant once the warmup is over; math.Pow was a few % of a small
	// problem's step); not part of the state, so not encoded
	powLR, powP, pow float64
	powOK            bool
}

// advance records one step taken with learning rate lr and returns the
// averaging weight c of that step:
//
//	lrMax = max(lrMax, lr)
//	weight = (k+1)^r * lrMax^weightLRPower
//	weightSum += weight
//	c = weight / weightSum   (0 while weightSum is 0)
func (s *clock) advance(lr, r, weightLRPower float64) float64 {
	s.lrMax = math.Max(s.lrMax, lr)
	if !s.powOK || math.Float64bits(s.powLR) != math.Float64bits(s.lrMax) || math.Float64bits(s.powP) != math.Float64bits(weightLRPower) {
		s.powLR, s.powP, s.pow, s.powOK = s.lrMax, weightLRPower, math.Pow(s.lrMax, weightLRPower), true
	}
	weight := math.Pow(float64(s.k+1), r) * s.pow
	s.weightSum += weight
	s.k++
	if s.weightSum == 0 {
		return 0
	}
	return weight / s.weightSum
}

func (s *clock) encode(e *encoder) {
	e.int(s.k)
	e.float(s.lrMax)
	e.float(s.weightSum)
}

func (s *clock) decode(d *decoder) {
	s.k = d.int()
	s.lrMax = d.float()
	s.weightSum = d.float()
}

// warmup is the linear warmup factor of step k: (k+1)/w for k < w, else 1.
func warmup(k, w int) float64 {
	if k < w {
		return float64(k+1) / float64(w)
	}
	return 1
}
