package plot

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// linearTicks labels multiples of a 1-2-5 step, aiming at no more than
// maxLabels labels, with unlabelled minor ticks in between.
type linearTicks struct {
	maxLabels int
}

func (t linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	target := t.maxLabels
	if target < 2 {
		target = 5
	}
	target = min(target, 6)
	raw := (hi - lo) / float64(target)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step, minor := 10*mag, 5
	for _, m := range []struct {
		f     float64
		minor int
	}{{1, 5}, {2, 4}, {5, 5}} {
		if (hi-lo)/(m.f*mag) <= float64(target) {
			step, minor = m.f*mag, m.minor
			break
		}
	}
	if step == 0 || math.IsInf(step, 0) || math.IsNaN(step) {
		return nil
	}
	k0 := int64(math.Floor(lo/step)) - 1
	k1 := int64(math.Ceil(hi/step)) + 1
	if k1-k0 > 1000 {
		return nil
	}
	var ticks []plot.Tick
	for k := k0; k <= k1; k++ {
		v := float64(k) * step
		if v >= lo-1e-9*step && v <= hi+1e-9*step {
			ticks = append(ticks, plot.Tick{Value: v, Label: linearLabel(v, step)})
		}
		for j := 1; j < minor; j++ {
			if mv := v + float64(j)*step/float64(minor); mv >= lo && mv <= hi {
				ticks = append(ticks, plot.Tick{Value: mv})
			}
		}
	}
	return ticks
}

// linearLabel formats a tick value with the decimals its step needs, using
// m×10^k when the numbers get very large or very small.
func linearLabel(v, step float64) string {
	if v == 0 {
		return "0"
	}
	e := int(math.Floor(math.Log10(step) + 1e-9))
	if math.Abs(v) >= 1e6 || e < -4 {
		ve := int(math.Floor(math.Log10(math.Abs(v)) + 1e-9))
		m := v / math.Pow(10, float64(ve))
		digits := max(0, ve-e)
		return strconv.FormatFloat(m, 'f', min(digits, 3), 64) + "×10^{" + strconv.Itoa(ve) + "}"
	}
	return strconv.FormatFloat(v, 'f', max(0, -e), 64)
}

// log10Ticks labels powers of ten (every k-th decade when there are many),
// with unlabelled minor ticks at 2…9 × 10^k. Ranges narrower than a decade
// get labels at 1-2-5 multiples, then at every multiple, then linear ticks,
// so that at least two ticks are always labelled.
type log10Ticks struct {
	maxLabels int
}

func (t log10Ticks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return nil
	}
	maxLabels := t.maxLabels
	if maxLabels < 2 {
		maxLabels = 6
	}
	k0 := int(math.Floor(math.Log10(lo) + 1e-9))
	k1 := int(math.Ceil(math.Log10(hi) - 1e-9))
	inRange := func(v float64) bool { return v >= lo*(1-1e-9) && v <= hi*(1+1e-9) }

	var decades []int
	for k := k0; k <= k1; k++ {
		if inRange(math.Pow(10, float64(k))) {
			decades = append(decades, k)
		}
	}
	if len(decades) >= 3 {
		step := (len(decades) + maxLabels - 1) / maxLabels
		var ticks []plot.Tick
		for k := k0; k <= k1; k++ {
			v := math.Pow(10, float64(k))
			label := ""
			if mod(k, step) == 0 {
				label = pow10Label(k)
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: label})
			if k1-k0 <= 8 && k < k1 {
				for m := 2; m <= 9; m++ {
					ticks = append(ticks, plot.Tick{Value: float64(m) * v})
				}
			}
		}
		return ticks
	}
	// Fewer than three decades in range: label multiples m×10^k, the
	// densest set that gives between 2 and maxLabels labels.
	for _, mult := range [][]int{{1, 2, 5}, {1}, {1, 2, 3, 4, 5, 6, 7, 8, 9}} {
		var ticks []plot.Tick
		labelled := 0
		for k := k0; k <= k1; k++ {
			for m := 1; m <= 9; m++ {
				v := float64(m) * math.Pow(10, float64(k))
				tk := plot.Tick{Value: v}
				if contains(mult, m) && inRange(v) {
					tk.Label = multLabel(m, k)
					labelled++
				}
				ticks = append(ticks, tk)
			}
		}
		if labelled >= 2 && labelled <= maxLabels {
			return ticks
		}
	}
	return linearTicks{maxLabels: maxLabels}.Ticks(lo, hi)
}

// log2Ticks labels powers of two as 2^k (every step-th power when there
// are more than maxLabels, step a power of two and k ≡ 0 mod step so that
// 2^0 is labelled when in range); the other powers of two are minor ticks. With fewer than two
// powers of two in range it falls back to log10Ticks.
type log2Ticks struct {
	maxLabels int
}

func (t log2Ticks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return nil
	}
	maxLabels := t.maxLabels
	if maxLabels < 2 {
		maxLabels = 8
	}
	k0 := int(math.Ceil(math.Log2(lo) - 1e-9))
	k1 := int(math.Floor(math.Log2(hi) + 1e-9))
	n := k1 - k0 + 1
	if n < 2 {
		return log10Ticks{maxLabels: maxLabels}.Ticks(lo, hi)
	}
	step := 1
	for (n+step-1)/step > maxLabels {
		step *= 2
	}
	ticks := make([]plot.Tick, 0, n)
	for k := k0; k <= k1; k++ {
		tk := plot.Tick{Value: math.Ldexp(1, k)}
		if mod(k, step) == 0 {
			tk.Label = "2^{" + strconv.Itoa(k) + "}"
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

// pow10Label writes 10^k plainly when short (0.001 … 10000), else as a power.
func pow10Label(k int) string {
	if k >= -3 && k <= 4 {
		return strconv.FormatFloat(math.Pow(10, float64(k)), 'f', max(0, -k), 64)
	}
	return "10^{" + strconv.Itoa(k) + "}"
}

func multLabel(m, k int) string {
	if k >= -3 && k <= 4 {
		return strconv.FormatFloat(float64(m)*math.Pow(10, float64(k)), 'f', max(0, -k), 64)
	}
	return strconv.Itoa(m) + "×10^{" + strconv.Itoa(k) + "}"
}

// isPow2 reports whether v is (to 1e-6 relative) an integer power of two,
// and which.
func isPow2(v float64) (int, bool) {
	if !(v > 0) || math.IsInf(v, 0) {
		return 0, false
	}
	k := math.Round(math.Log2(v))
	return int(k), math.Abs(v/math.Ldexp(1, int(k))-1) < 1e-6
}

// formatValue formats a data value compactly (3 significant digits).
func formatValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

func mod(a, b int) int {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
