package harness

import (
	"context"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/suites"
)

// widenSuite: on a noiseless quadratic, SGD's loss after 40 steps falls as
// the rate grows until the rate gets too large: a grid of small rates has
// its best at the top edge, and one of large rates at the bottom.
func widenSuite(t testing.TB, lrs, protocol string) *suites.Suite {
	return widenSuiteSteps(t, lrs, protocol, 40)
}

func widenSuiteSteps(t testing.TB, lrs, protocol string, steps int) *suites.Suite {
	t.Helper()
	s, err := suites.Parse("w.yaml", []byte(`suite: w
problems: [{name: q, kind: quadratic, options: {dim: 5, min_eig: 0.1, max_eig: 1}}]
optimizers: [{kind: sgd}]
lrs: `+lrs+`
seeds: 2
budget: {steps: `+strconv.Itoa(steps)+`}
eval: {points: 2}
protocol: `+protocol+`
`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rates returns the rates of dir's records, and those marked widened.
func rates(t *testing.T, dir string) (all, widened []float64) {
	t.Helper()
	recs, _, err := record.Read(filepath.Join(dir, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if !slices.Contains(all, r.LR) {
			all = append(all, r.LR)
		}
		if r.Widened && !slices.Contains(widened, r.LR) {
			widened = append(widened, r.LR)
		}
	}
	slices.Sort(all)
	slices.Sort(widened)
	return all, widened
}

func TestWidenGrowsTheGridUntilTheBestIsInside(t *testing.T) {
	for _, tc := range []struct {
		name, lrs, protocol string
		steps               int
		want, widened       []float64
	}{
		// The mean loss falls up to rate 1 and rises at 2 (λ_max = 1: SGD
		// diverges above 2), so the grid grows by 0.5, 1 and 2: 1 is
		// inside.
		{"up", "[0.125, 0.25]", "{kind: sweep, metric: train_loss, widen: true}", 40,
			[]float64{0.125, 0.25, 0.5, 1, 2}, []float64{0.5, 1, 2}},
		// The limit stops it after one rate per side.
		{"limit", "[0.125, 0.25]", "{kind: sweep, metric: train_loss, widen: true, widen_limit: 1}", 40,
			[]float64{0.125, 0.25, 0.5}, []float64{0.5}},
		// A grid of rates that blow up has its best at the small edge:
		// halving finds the rates that work, down to 0.5, worse than 1.
		{"down", "[8, 16]", "{kind: sweep, metric: train_loss, widen: true}", 40,
			[]float64{0.5, 1, 2, 4, 8, 16}, []float64{0.5, 1, 2, 4}},
		// Rates that diverge (non-finite loss in 2000 steps) on every
		// seed: halving goes on past them to those that converge.
		{"down, diverged", "[8, 16]", "{kind: sweep, metric: train_loss, widen: true}", 2000,
			[]float64{0.5, 1, 2, 4, 8, 16}, []float64{0.5, 1, 2, 4}},
		// The best inside from the start: nothing added.
		{"inside", "[0.5, 1, 2]", "{kind: sweep, metric: train_loss, widen: true}", 40,
			[]float64{0.5, 1, 2}, nil},
		// Without widen, an edge stays an edge.
		{"off", "[0.125, 0.25]", "{kind: sweep, metric: train_loss}", 40,
			[]float64{0.125, 0.25}, nil},
		// Under tune-then-seeds the tuning seed widens and the seeds phase
		// runs at the rate chosen.
		{"tune-then-seeds", "[0.125, 0.25]", "{kind: tune-then-seeds, metric: train_loss, tune_seeds: 1, seeds: 2}", 40,
			[]float64{0.125, 0.25}, nil},
		{"tune-then-seeds widened", "[0.125, 0.25]", "{kind: tune-then-seeds, metric: train_loss, tune_seeds: 1, seeds: 2, widen: true}", 40,
			[]float64{0.125, 0.25, 0.5, 1, 2}, []float64{0.5, 1, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := widenSuiteSteps(t, tc.lrs, tc.protocol, tc.steps)
			dir := t.TempDir()
			sum, err := Run(context.Background(), s, Options{Dir: dir, Jobs: 2})
			if err != nil {
				t.Fatal(err)
			}
			all, widened := rates(t, dir)
			if !slices.Equal(all, tc.want) || !slices.Equal(widened, tc.widened) {
				t.Errorf("rates %v (widened %v), want %v (widened %v)", all, widened, tc.want, tc.widened)
			}
			// A rerun finds every cell done, the added ones too.
			again, err := Run(context.Background(), s, Options{Dir: dir})
			if err != nil || again.Ran != 0 || again.Cells != sum.Cells {
				t.Errorf("rerun: %+v, %v (first run %+v)", again, err, sum)
			}
		})
	}
}

// The same widening whatever the worker count or sharding, record for
// record.
func TestWidenIsDeterministic(t *testing.T) {
	s := widenSuite(t, "[0.125, 0.25]", "{kind: sweep, metric: train_loss, widen: true}")
	one, two := t.TempDir(), t.TempDir()
	if _, err := Run(context.Background(), s, Options{Dir: one, Jobs: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), s, Options{Dir: two, Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	a, b := canonical(t, one), canonical(t, two)
	if !maps.Equal(a, b) {
		t.Errorf("-j 1 and -j 2 differ")
	}
	var shards []string
	for k := 1; k <= 2; k++ {
		dir := t.TempDir()
		if _, err := Run(context.Background(), s, Options{Dir: dir, Shard: Shard{K: k, N: 2}}); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, dir)
	}
	merged := t.TempDir()
	if _, err := Merge(merged, shards); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(a, canonical(t, merged)) {
		t.Errorf("the merged shards differ from the whole run")
	}
}

// A results file holding widened rates belongs to the suite (Possible); a
// suite without widen refuses it.
func TestWidenedRecordsAreTheSuites(t *testing.T) {
	s := widenSuite(t, "[0.125, 0.25]", "{kind: sweep, metric: train_loss, widen: true, widen_limit: 2}")
	possible := s.PossibleCells()
	for _, lr := range []float64{0.5, 1, 0.0625, 0.03125} {
		for _, c := range s.WidenCells(s.Problems[0], s.Optimizers[0], lr, 40) {
			if !possible[c.ID] || !c.Widened {
				t.Errorf("lr %g: widened cell %s not possible (or not marked)", lr, c.ID)
			}
		}
	}
	for _, c := range s.WidenCells(s.Problems[0], s.Optimizers[0], 2, 40) {
		if possible[c.ID] {
			t.Errorf("lr 2 is beyond the limit of 2 rates per side")
		}
	}
}

// nextRate: the next rate beyond the edge the chosen rate is at, none past
// the limit, and none below a rate widening added that only the tie-break
// (the smaller rate) chose: a flat metric stops there.
func TestNextRate(t *testing.T) {
	nan := math.NaN()
	sum := func(mean float64) selection.Summary { return selection.Summary{N: 2, Mean: mean, SE: 0, TieBreak: nan} }
	below, above := []float64{0.5, 0.25}, []float64{4, 8}
	for _, tc := range []struct {
		name  string
		ch    choice
		want  float64
		found bool
	}{
		{"top edge", choice{lr: 2, rates: []float64{1, 2}, sums: []selection.Summary{sum(2), sum(1)}, goal: "min"}, 4, true},
		{"top edge, widened once", choice{lr: 4, rates: []float64{1, 2, 4}, sums: []selection.Summary{sum(3), sum(2), sum(1)}, goal: "min"}, 8, true},
		{"top limit", choice{lr: 8, rates: []float64{1, 2, 4, 8}, goal: "min"}, 0, false},
		{"bottom edge of the grid", choice{lr: 1, rates: []float64{1, 2}, sums: []selection.Summary{sum(1), sum(1)}, goal: "min"}, 0.5, true},
		{"bottom, widened and better", choice{lr: 0.5, rates: []float64{0.5, 1, 2}, sums: []selection.Summary{sum(0.5), sum(1), sum(2)}, goal: "min"}, 0.25, true},
		{"bottom, widened, every run failed on both", choice{lr: 0.5, rates: []float64{0.5, 1, 2},
			sums: []selection.Summary{{Failed: 2, Mean: nan, SE: nan, TieBreak: nan}, {Failed: 2, Mean: nan, SE: nan, TieBreak: nan}, sum(2)}, goal: "min"}, 0.25, true},
		{"bottom, widened and tied", choice{lr: 0.5, rates: []float64{0.5, 1, 2}, sums: []selection.Summary{sum(1), sum(1), sum(2)}, goal: "min"}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := nextRate(tc.ch, below, above)
			if got != tc.want || ok != tc.found {
				t.Errorf("got %g, %v; want %g, %v", got, ok, tc.want, tc.found)
			}
		})
	}
}
