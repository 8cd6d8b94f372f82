package kinds

import (
	"math"

	"github.com/sfbench/sfbench/optim"
)

// warmup resolves a warmup given in steps or as a fraction of the horizon
// (the fraction wins when it is set). A fraction outside [0, 1) is an
// error: a warmup as long as the run, or longer, is a mistake, not a
// setting.
func warmup(steps int, fraction float64, horizon int) (int, error) {
	if !(fraction >= 0 && fraction < 1) {
		return 0, optim.SettingErrorf("warmup_fraction", "warmup_fraction must be in [0, 1), got %v", fraction)
	}
	if fraction > 0 {
		return int(math.Round(fraction * float64(horizon))), nil
	}
	return steps, nil
}
