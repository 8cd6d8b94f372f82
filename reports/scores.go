package reports

import (
	"fmt"
	"math"

	"github.com/sfbench/sfbench/reports/format"
)

// ScoreTauMax is the upper end r_max of AlgoPerf's integrated performance
// profile: an optimizer more than ScoreTauMax times slower than the
// fastest on a problem gets no credit there, as one that never reached
// the target.
const ScoreTauMax = 4.0

// ScoreRow is one optimizer's summary over the problems of the
// steps-to-target table, AlgoPerf's way (Dahl et al. 2023, "Benchmarking
// Neural Network Training Algorithms", the benchmark's scoring rules).
type ScoreRow struct {
	Optimizer string
	// Steps and Time are the benchmark scores B ∈ [0, 1] over the steps
	// to the target and over the training time to it: the performance
	// profile ρ(τ) integrated from 1 to ScoreTauMax and divided by
	// ScoreTauMax − 1. 1: fastest on every problem.
	Steps, Time float64
	// Reached counts the problems whose target the optimizer reached, of
	// Problems.
	Reached, Problems int
	// SpeedupSteps and SpeedupTime are the geometric means, over the
	// Paired problems where both reached the target, of the baseline's
	// steps (time) over this optimizer's: 2 is twice as fast. NaN where no
	// problem pairs.
	SpeedupSteps, SpeedupTime float64
	Paired                    int
}

// Scores scores every optimizer on rows (StepsToTarget) against the
// baseline: the named optimizer, or when baseline is "" the first that is
// not schedule-free (ScoreBaseline).
func Scores(a *Analysis, rows []TargetRow, baseline string) []ScoreRow {
	if baseline == "" {
		baseline = ScoreBaseline(a)
	}
	base := -1
	for i, o := range a.Optimizers {
		if o == baseline {
			base = i
		}
	}
	out := make([]ScoreRow, len(a.Optimizers))
	for i, o := range a.Optimizers {
		out[i] = ScoreRow{Optimizer: o, Problems: len(rows)}
		var logSteps, logTime float64
		for _, r := range rows {
			if reached(r.Steps[i]) {
				out[i].Reached++
			}
			if base >= 0 && reached(r.Steps[i]) && reached(r.Steps[base]) && reached(r.Seconds[i]) && reached(r.Seconds[base]) {
				out[i].Paired++
				logSteps += math.Log(r.Steps[base] / r.Steps[i])
				logTime += math.Log(r.Seconds[base] / r.Seconds[i])
			}
		}
		out[i].Steps = profileScore(rows, i, func(r TargetRow) []float64 { return r.Steps })
		out[i].Time = profileScore(rows, i, func(r TargetRow) []float64 { return r.Seconds })
		out[i].SpeedupSteps, out[i].SpeedupTime = math.NaN(), math.NaN()
		if out[i].Paired > 0 {
			out[i].SpeedupSteps = math.Exp(logSteps / float64(out[i].Paired))
			out[i].SpeedupTime = math.Exp(logTime / float64(out[i].Paired))
		}
	}
	return out
}

// ScoreBaseline is the default baseline of the speedups: the suite's
// (protocol baseline, as the records carry it), else the first
// optimizer of the analysis that is not schedule-free on any problem
// (the paper compares against scheduled and averaged baselines), else the
// first optimizer.
func ScoreBaseline(a *Analysis) string {
	if a.Baseline != "" {
		return a.Baseline
	}
	for _, o := range a.Optimizers {
		sf := false
		for _, p := range a.Problems {
			if c := a.Choice(p, o); c != nil && c.ScheduleFree() {
				sf = true
			}
		}
		if !sf {
			return o
		}
	}
	if len(a.Optimizers) > 0 {
		return a.Optimizers[0]
	}
	return ""
}

func reached(t float64) bool { return t > 0 && !math.IsInf(t, 0) && !math.IsNaN(t) }

// profileScore integrates optimizer i's performance profile over the
// problems: ρ is a step function rising by 1/n at each problem's ratio
// r = t ÷ the fastest t, so its integral from 1 to r_max is the sum over
// problems of (r_max − r) for r ≤ r_max, over n.
func profileScore(rows []TargetRow, i int, times func(TargetRow) []float64) float64 {
	if len(rows) == 0 {
		return math.NaN()
	}
	var sum float64
	for _, r := range rows {
		t := times(r)
		if !reached(t[i]) {
			continue
		}
		fastest := math.Inf(1)
		for _, v := range t {
			if reached(v) {
				fastest = math.Min(fastest, v)
			}
		}
		if ratio := t[i] / fastest; ratio <= ScoreTauMax {
			sum += ScoreTauMax - ratio
		}
	}
	return sum / (float64(len(rows)) * (ScoreTauMax - 1))
}

// ScoresTable lays out the scores: a row per optimizer, the best score in
// each column in bold.
func ScoresTable(a *Analysis, rows []TargetRow, baseline string) *format.Table {
	if baseline == "" {
		baseline = ScoreBaseline(a)
	}
	scores := Scores(a, rows, baseline)
	t := &format.Table{
		Header: []string{"optimizer", "score (steps)", "score (time)", "targets reached", "speedup vs " + baseline + " (steps)", "speedup (time)"},
		Align:  []format.Align{format.Left, format.Right, format.Right, format.Right, format.Right, format.Right},
		Notes: fmt.Sprintf("AlgoPerf's benchmark score: each optimizer's performance profile (the fraction of problems on which it reaches the target "+
			"within τ times the fastest optimizer's steps, or training time) integrated over τ from 1 to %g and divided by %g; 1 is fastest everywhere, "+
			"0 never within %g× of the fastest. Speedup: the geometric mean over the problems where both reached the target of %s's steps (time) "+
			"over the optimizer's; the count of those problems in parentheses. Training time is measured on the machine that ran, under its load: "+
			"unlike the steps, the time columns are not reproducible. Bold: best.", ScoreTauMax, ScoreTauMax-1, ScoreTauMax, baseline),
	}
	best := func(get func(ScoreRow) float64) float64 {
		m := math.Inf(-1)
		for _, s := range scores {
			if v := get(s); !math.IsNaN(v) {
				m = math.Max(m, v)
			}
		}
		return m
	}
	bestSteps := best(func(s ScoreRow) float64 { return s.Steps })
	bestTime := best(func(s ScoreRow) float64 { return s.Time })
	for _, s := range scores {
		speed := func(v float64) string {
			if math.IsNaN(v) {
				return "—"
			}
			return fmt.Sprintf("%.2f× (%d)", v, s.Paired)
		}
		t.Rows = append(t.Rows, []format.Cell{{Text: s.Optimizer},
			{Text: fmt.Sprintf("%.3f", s.Steps), Bold: s.Steps == bestSteps},
			{Text: fmt.Sprintf("%.3f", s.Time), Bold: s.Time == bestTime},
			{Text: fmt.Sprintf("%d/%d", s.Reached, s.Problems)},
			{Text: speed(s.SpeedupSteps)}, {Text: speed(s.SpeedupTime)}})
	}
	return t
}
