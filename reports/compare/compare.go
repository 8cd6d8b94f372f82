// Package compare is the nightly regression check: it compares the results
// of two runs of a suite, BASE and NEW, configuration by configuration
// across seeds, and says which differences are regressions.
//
// It works in benchstat's steps, each usable on its own:
//
//   - parse: Load reads a results file (or DIR/results.jsonl) through
//     record;
//   - project: Compare groups the records of each side by configuration
//     (problem, optimizer, learning rate, horizon, kinds, resolved
//     hyperparameters and problem options) and takes, per group, one sample
//     per seed: the final value of the compared metric;
//   - statistics: per group, Welch's t-test or the Mann–Whitney U test
//     (internal/stats) on the two samples, and a verdict;
//   - table: WriteText, WriteMarkdown and WriteJUnit render a Comparison.
//
// Warnings (duplicate seeds, missing metrics, torn files, different
// evaluation points…) travel with the Comparison and its rows and are
// rendered with them; only unreadable input is an error.
//
// A seed whose record is diverged or failed contributes the worst possible
// value of the metric: 0 for an accuracy that is maximized (1 if minimized),
// and, for an unbounded metric such as a loss, the worst value any seed of
// the group reached on either side, so that means and tests stay finite.
// Because that bound understates the damage, a group in which NEW has a
// larger fraction of diverged or failed seeds than BASE is a regression in
// its own right, whatever the test says.
package compare

import (
	"fmt"
	"os"
	"strings"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/record"
)

// DefaultMetrics are the metrics tried, in this order, when Options.Metric
// is empty: each group compares the first one its records report. They
// are the reports' (selection.DefaultMetrics).
var DefaultMetrics = selection.DefaultMetrics

// Tests by name (Options.Test).
const (
	TTest = "ttest" // Welch's t-test (unequal variances)
	UTest = "utest" // Mann–Whitney U test, normal approximation with tie correction
)

// Goals (Options.Goal).
const (
	GoalAuto = "auto" // max for metric names ending in _acc, min otherwise
	GoalMin  = "min"  // lower is better
	GoalMax  = "max"  // higher is better
)

// Options control a comparison. The zero value is not valid; start from
// DefaultOptions.
type Options struct {
	Metric    string  // metric to compare; "" picks one per group among DefaultMetrics
	Goal      string  // GoalAuto (or ""), GoalMin or GoalMax
	Test      string  // TTest (or "") or UTest
	Alpha     float64 // significance level, in (0, 1)
	MinEffect float64 // relative change of the mean below which no difference is a regression (0.01 = 1%)
	// AllowMissing lets NEW lack groups of BASE; by default that fails the
	// comparison (see Comparison.Missing).
	AllowMissing bool
}

// DefaultOptions: per-group metric and goal, Welch's t-test, alpha 0.05,
// minimum effect 1%.
func DefaultOptions() Options {
	return Options{Goal: GoalAuto, Test: TTest, Alpha: 0.05, MinEffect: 0.01}
}

// Validate reports the first invalid option, naming its flag.
func (o Options) Validate() error {
	switch o.Test {
	case "", TTest, UTest:
	default:
		return fmt.Errorf("-test wants %s or %s, got %q", TTest, UTest, o.Test)
	}
	switch o.Goal {
	case "", GoalAuto, GoalMin, GoalMax:
	default:
		return fmt.Errorf("-goal wants %s, %s or %s, got %q", GoalAuto, GoalMin, GoalMax, o.Goal)
	}
	if !(o.Alpha > 0 && o.Alpha < 1) {
		return fmt.Errorf("-alpha must be in (0, 1), got %v", o.Alpha)
	}
	if !(o.MinEffect >= 0) || o.MinEffect > 1e300 {
		return fmt.Errorf("-min-effect must be a finite number >= 0, got %v", o.MinEffect)
	}
	if strings.TrimSpace(o.Metric) != o.Metric {
		return fmt.Errorf("-metric %q has surrounding spaces", o.Metric)
	}
	return nil
}

func (o Options) test() string {
	if o.Test == "" {
		return TTest
	}
	return o.Test
}

// TestName is the long name of the test in use.
func (o Options) TestName() string {
	if o.test() == UTest {
		return "Mann-Whitney U test"
	}
	return "Welch's t-test"
}

// goalFor is the goal for a metric: the option, or by name.
func (o Options) goalFor(metric string) string {
	switch o.Goal {
	case GoalMin, GoalMax:
		return o.Goal
	}
	return selection.GoalOf(metric)
}

// Results are the records of one side of a comparison.
type Results struct {
	Path string // the results file, as named in messages
	// Records are the records of the side, when it was built from them;
	// Load keeps only what a comparison uses of each record (fewer than a
	// fifth of its bytes), so Records is empty there.
	Records []record.Record
	Torn    bool // the file ended in an incomplete line (a write cut by a crash), which was ignored

	runs []*run // what Load kept of each record
}

// Load reads one side of a comparison, a results folder (its
// results.jsonl) or file, as every reader reads results (record.Set): one
// suite, one sfbench version and one configuration per label, valid
// records, each cell once (an exact repeat is dropped, the same cell with
// another result refused), errors naming the file and line. Only final
// metrics are compared, so a record's curve is not required; of each
// record only what a comparison uses is kept. A missing path or a file
// without records is an error.
func Load(path string) (*Results, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	res := &Results{}
	k := keys{}
	set := record.Set{NoCurves: true, Discard: true, Each: func(_ int, r *record.Record) { res.runs = append(res.runs, k.runOf(r)) }}
	info, err := set.Load(path)
	if err != nil {
		return nil, err
	}
	if len(res.runs) == 0 {
		return nil, fmt.Errorf("%s: no result records", info.Path)
	}
	res.Path, res.Torn = info.Path, info.Torn
	return res, nil
}
