package harness

import (
	"testing"

	"github.com/sfbench/sfbench/suites"
)

// TestEstimateCountsBothPhases: the estimate counts the grid and, for
// tune-then-seeds, the seeds phase without the tuning seeds' reused runs,
// times every problem × optimizer, and leaves out (naming them) problems
// too costly to build.
func TestEstimateCountsBothPhases(t *testing.T) {
	s, err := suites.Parse("t.yaml", []byte(`suite: t
problems: [{kind: quadratic, options: {dim: 8}}, {kind: quadratic, name: big, options: {dim: 3000}}]
optimizers: [{kind: sf-sgd, anytime: true}, {kind: sgd, schedule: {kind: cosine}}]
lrs: [0.0625, 0.25, 1]
budget: {horizons: [20, 60]}
eval: {every: 20}
protocol: {kind: tune-then-seeds, metric: train_loss, tune_seeds: 1, seeds: 3}
`))
	if err != nil {
		t.Fatal(err)
	}
	cells := s.Cells()
	e, err := EstimateRun(s, cells, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Per problem: sf-sgd 3 rates × 1 horizon, sgd 3 rates × 2 horizons,
	// one tuning seed; the seeds phase runs 2 more seeds per optimizer and
	// horizon (1 + 2).
	if e.GridCells != len(cells) || e.GridCells != 18 || e.SeedCells != 12 {
		t.Errorf("%d grid cells (of %d), %d seeds-phase cells; want 18 and 12", e.GridCells, len(cells), e.SeedCells)
	}
	if e.SeedSteps != 2*2*(60+20+60) {
		t.Errorf("%d seeds-phase steps", e.SeedSteps)
	}
	if s.Problems[1].Work <= ProbeWork {
		t.Fatalf("the big quadratic's work %g is not above ProbeWork", s.Problems[1].Work)
	}
	if len(e.Untimed) != 1 || e.Untimed[0] != "big" || len(e.Pairs) != 2 {
		t.Errorf("untimed %v, %d timed pairs; want [big] and 2", e.Untimed, len(e.Pairs))
	}
	for _, p := range e.Pairs {
		if p.Step <= 0 || p.Eval <= 0 {
			t.Errorf("%s × %s: step %v, eval %v", p.Problem, p.Optimizer, p.Step, p.Eval)
		}
	}
	if !(e.CPUSeconds > 0) || e.WallSeconds < e.CPUSeconds/2 {
		t.Errorf("cpu %v s, wall %v s at -j 2", e.CPUSeconds, e.WallSeconds)
	}
}
