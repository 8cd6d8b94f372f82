// Package selection is the one rule by which sfbench picks a learning rate
// (or any configuration) among candidates run on the same seeds: the harness
// uses it to choose the rate of the seeds phase, reports to choose the rate a
// table shows and the best optimizer on a problem, compare to count failed
// seeds and to notice when the selected rate moved.
//
// The rule, in order:
//  1. fewer failed runs (diverged, error, or a non-finite or missing metric);
//  2. the better mean of the metric over the finished runs;
//  3. on a tie of those means (equal to 1e-12 relative: accuracies on small
//     sets tie often), the lower mean of the tie-break loss over the same
//     runs: the loss on the metric's own split for an accuracy (train_acc →
//     train_loss, val_acc → val_loss), else the final training loss;
//  4. still tied: the earlier candidate; callers list rates in ascending
//     order, so that is the smaller, more conservative rate.
package selection

import (
	"math"
	"strings"

	"github.com/sfbench/sfbench/internal/stats"
	"github.com/sfbench/sfbench/record"
)

// Outcome is how one run counts for a metric.
type Outcome int

const (
	Finished Outcome = iota // status ok with a finite value
	Failed                  // diverged, error, unknown status, or a non-finite value
	Missing                 // status ok but the metric was not reported
)

// OutcomeOf is the value of metric in r and how the run counts.
func OutcomeOf(r *record.Record, metric string) (float64, Outcome) {
	return Of(r.Status, r.Final, metric)
}

// Of is OutcomeOf for a run's status and final metrics.
func Of(status string, final record.Metrics, metric string) (float64, Outcome) {
	v, ok := final[metric]
	return OfValue(status, v, ok)
}

// OfValue is OutcomeOf for a run's status and the value of the metric
// (ok: the run reported it).
func OfValue(status string, v record.Value, ok bool) (float64, Outcome) {
	f := float64(v)
	switch {
	case status != record.StatusOK:
		return f, Failed
	case !ok:
		return math.NaN(), Missing
	case math.IsNaN(f) || math.IsInf(f, 0):
		return f, Failed
	}
	return f, Finished
}

// TieBreak is the loss that breaks ties of metric (see the package
// comment); "" when metric is that loss already.
func TieBreak(metric string) string {
	if split, ok := strings.CutSuffix(metric, "_acc"); ok {
		return split + "_loss"
	}
	if metric == "train_loss" {
		return ""
	}
	return "train_loss"
}

// Summary is a candidate's record for the rule: the metric over its runs.
type Summary struct {
	N        int     // finished runs
	Failed   int     // runs that failed: diverged, error, a non-finite or a missing metric
	Mean, SE float64 // of the metric over the finished runs; NaN without any (SE: fewer than 2)
	// TieBreak is the mean tie-break loss over the finished runs that
	// report it (NaN if none does).
	TieBreak float64
}

// Summarize applies the rule's accounting to the runs of one candidate.
func Summarize(recs []*record.Record, metric string) Summary {
	return SummarizeRuns(len(recs), func(i int, m string) (string, record.Value, bool) {
		v, ok := recs[i].Final[m]
		return recs[i].Status, v, ok
	}, metric)
}

// SummarizeRuns is Summarize over n runs given by their status and the
// final value of a metric (ok: reported), for a reader that keeps runs in
// its own form.
func SummarizeRuns(n int, run func(i int, metric string) (status string, v record.Value, ok bool), metric string) Summary {
	var s Summary
	var vals, ties []float64
	tie := TieBreak(metric)
	for i := range n {
		v, out := OfValue(run(i, metric))
		if out != Finished {
			s.Failed++
			continue
		}
		vals = append(vals, v)
		if tie != "" {
			if _, t, ok := run(i, tie); ok && finite(float64(t)) {
				ties = append(ties, float64(t))
			}
		}
	}
	s.N = len(vals)
	s.Mean, s.SE = stats.MeanSE(vals)
	s.TieBreak, _ = stats.MeanSE(ties)
	return s
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// tieTolerance is the relative difference below which two means tie.
const tieTolerance = 1e-12

func tied(a, b float64) bool {
	return a == b || math.Abs(a-b) <= tieTolerance*math.Max(math.Abs(a), math.Abs(b))
}

// Better reports whether a beats b under goal ("max" or "min") by rules
// 1–3; false when they tie on all three.
func Better(a, b Summary, goal string) bool {
	switch {
	case a.N == 0 || b.N == 0:
		return a.N > b.N
	case a.Failed != b.Failed:
		return a.Failed < b.Failed
	case !tied(a.Mean, b.Mean):
		if goal == "min" {
			return a.Mean < b.Mean
		}
		return a.Mean > b.Mean
	case finite(a.TieBreak) && finite(b.TieBreak) && !tied(a.TieBreak, b.TieBreak):
		return a.TieBreak < b.TieBreak
	}
	return false
}

// Select returns the index of the best candidate (rule 4: the first of
// those tied), or -1 when there is none.
func Select(cands []Summary, goal string) int {
	best := -1
	for i, c := range cands {
		if best < 0 || Better(c, cands[best], goal) {
			best = i
		}
	}
	return best
}
