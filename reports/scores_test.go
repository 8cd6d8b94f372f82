package reports

import (
	"math"
	"testing"
)

// The scores by hand: on each problem an optimizer r times slower than the
// fastest adds (4 − r) if r ≤ 4, the sum over 3 × (number of problems).
func TestScores(t *testing.T) {
	inf := math.Inf(1)
	a := &Analysis{Optimizers: []string{"a", "b", "c"}}
	rows := []TargetRow{
		{Problem: "p1", Steps: []float64{100, 200, 500}, Seconds: []float64{1, 1, 10}},
		{Problem: "p2", Steps: []float64{inf, 50, 100}, Seconds: []float64{inf, 2, 1}},
		{Problem: "p3", Steps: []float64{inf, inf, inf}, Seconds: []float64{inf, inf, inf}},
	}
	for _, tc := range []struct {
		name                  string
		baseline              string
		opt                   int
		steps, time           float64
		reached, paired       int
		speedSteps, speedTime float64
	}{
		// a: p1 fastest (3); time p1 tied fastest (3).
		{"a", "b", 0, 3.0 / 9, 3.0 / 9, 1, 1, 2, 1},
		// b: p1 ratio 2 (2), p2 fastest (3); time: p1 (3), p2 ratio 2 (2).
		{"b", "b", 1, 5.0 / 9, 5.0 / 9, 2, 2, 1, 1},
		// c: p1 ratio 5 (0), p2 ratio 2 (2); time p1 ratio 10 (0), p2 fastest (3).
		// Speedup over b: sqrt(200/500 · 50/100), sqrt(1/10 · 2/1).
		{"c", "b", 2, 2.0 / 9, 3.0 / 9, 2, 2, math.Sqrt(0.4 * 0.5), math.Sqrt(0.1 * 2)},
		// Against a, c pairs on p1 only.
		{"c vs a", "a", 2, 2.0 / 9, 3.0 / 9, 2, 1, 100.0 / 500, 1.0 / 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Scores(a, rows, tc.baseline)[tc.opt]
			near := func(x, y float64) bool { return math.Abs(x-y) < 1e-12 }
			if !near(s.Steps, tc.steps) || !near(s.Time, tc.time) || s.Reached != tc.reached || s.Problems != 3 ||
				s.Paired != tc.paired || !near(s.SpeedupSteps, tc.speedSteps) || !near(s.SpeedupTime, tc.speedTime) {
				t.Errorf("got %+v, want steps %.4f time %.4f reached %d paired %d speedup %.4f %.4f",
					s, tc.steps, tc.time, tc.reached, tc.paired, tc.speedSteps, tc.speedTime)
			}
		})
	}
	if s := Scores(a, rows, "nobody")[0]; s.Paired != 0 || !math.IsNaN(s.SpeedupSteps) {
		t.Errorf("unknown baseline: %+v", s)
	}
}
