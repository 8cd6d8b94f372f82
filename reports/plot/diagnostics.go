package plot

import "math"

// Diagnostics writes a figure of optimizer diagnostics against the step
// (the rate, the averaging weight c_k, ‖x − z‖, ‖y − x‖, the gradient
// norm): one panel per element of panels, laid out as Options.Columns
// says (a row per problem and a column per quantity, say), one line per
// Series with its band, × at the top where a run diverged. A panel's y
// axis is logarithmic when its LogY is set or when its positive values
// span LogDecades decades or more (SpansDecades): rates that warm up or
// decay to zero, weights like 1/t and distances that grow with the rate
// do; values ≤ 0 on it are left out and counted in a note. Empty axis
// labels default to "step" and "value".
func Diagnostics(path string, panels []Panel, opt Options) error {
	auto := make([]Panel, len(panels))
	for i, p := range panels {
		p.LogY = p.LogY || SpansDecades(p.Series, LogDecades)
		auto[i] = p
	}
	return seriesFigure(path, auto, opt, seriesDefaults{xlabel: "step", ylabel: "value"})
}

// LogDecades is how many decades a diagnostics panel's positive values
// must span for Diagnostics to draw it on a log y axis.
const LogDecades = 2

// SpansDecades reports whether the finite positive Y values of the series
// span at least decades decades (largest / smallest ≥ 10^decades).
func SpansDecades(series []Series, decades float64) bool {
	lo, hi := math.Inf(1), 0.0
	for _, s := range series {
		for _, y := range s.Y {
			if finite(y) && y > 0 {
				lo, hi = math.Min(lo, y), math.Max(hi, y)
			}
		}
	}
	return hi > 0 && hi >= lo*math.Pow(10, decades)
}
