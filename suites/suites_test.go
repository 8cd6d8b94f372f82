package suites

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/internal/golden"
)

// TestBadSuites parses every file under testdata/bad and compares the
// errors with the .golden file next to it (go test -update rewrites them).
func TestBadSuites(t *testing.T) {
	t.Setenv(MemoryEnv, "8GiB") // the same budget on every machine
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	if len(files) < 20 {
		t.Fatalf("only %d bad suites", len(files))
	}
	for _, f := range files {
		_, err := Load(f)
		if err == nil {
			t.Errorf("%s: accepted", f)
			continue
		}
		got := err.Error() + "\n"
		for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
			if !strings.HasPrefix(line, f+":") {
				t.Errorf("%s: error line does not start with the file name: %q", f, line)
			}
		}
		golden.Check(t, strings.TrimSuffix(f, ".yaml")+".golden", []byte(got))
	}
}

func TestManyErrorsReportedTogether(t *testing.T) {
	_, err := Load("testdata/bad/many-errors.yaml")
	var se ErrorList
	if !errors.As(err, &se) || len(se) < 4 || se[0].File != "testdata/bad/many-errors.yaml" || se[0].Line == 0 {
		t.Fatalf("want every problem of the file reported, got %v", err)
	}
}

func TestSmokeSuite(t *testing.T) {
	s, err := LoadBuiltin(DefaultSuite)
	if err != nil {
		t.Fatal(err)
	}
	cells := s.Cells()
	// 6 problems × 7 optimizers × 4 rates × 2 seeds.
	if len(cells) != 6*7*4*2 {
		t.Errorf("%d cells", len(cells))
	}
	ids := map[string]bool{}
	for _, c := range cells {
		if ids[c.ID] {
			t.Errorf("duplicate cell id %s", c.ID)
		}
		ids[c.ID] = true
		if c.Horizon != 200 || c.Phase != "sweep" {
			t.Errorf("cell %s: horizon %d, phase %s", c.ID, c.Horizon, c.Phase)
		}
		if _, err := c.Optimizer.New(c.LR, c.Horizon); err != nil {
			t.Errorf("cell %s: %v", c.ID, err)
		}
	}
	// Expansion is deterministic.
	again, _ := LoadBuiltin(DefaultSuite)
	for i, c := range again.Cells() {
		if c.ID != cells[i].ID || c.DataSeed != cells[i].DataSeed {
			t.Fatalf("cell %d differs between two expansions", i)
		}
	}
}

func TestDataSeedSharedAcrossOptimizers(t *testing.T) {
	s, _ := LoadBuiltin(DefaultSuite)
	seeds := map[[2]any]uint64{}
	for _, c := range s.Cells() {
		key := [2]any{c.Problem.Name, c.Seed}
		if prev, ok := seeds[key]; ok && prev != c.DataSeed {
			t.Fatalf("problem %s seed %d: optimizers see different data seeds", c.Problem.Name, c.Seed)
		}
		seeds[key] = c.DataSeed
	}
	if seeds[[2]any{"iris", 0}] == seeds[[2]any{"iris", 1}] || seeds[[2]any{"iris", 0}] == seeds[[2]any{"quadratic", 0}] {
		t.Error("data seeds do not depend on the seed and the problem")
	}
}

func TestCellIDIgnoresLabels(t *testing.T) {
	a, err := Parse("a.yaml", []byte("suite: a\nproblems: [{name: p1, kind: quadratic}]\noptimizers: [{name: o1, kind: sf-sgd}]\nlrs: [1]\nbudget: {steps: 10}\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Parse("b.yaml", []byte("suite: a\nproblems: [{name: p2, kind: quadratic}]\noptimizers: [{name: o2, kind: sf-sgd, hyper: {momentum: 0.9}}]\nlrs: [1]\nbudget: {steps: 10}\n"))
	c, _ := Parse("c.yaml", []byte("suite: a\nproblems: [{kind: quadratic}]\noptimizers: [{kind: sf-sgd, hyper: {momentum: 0.95}}]\nlrs: [1]\nbudget: {steps: 10}\n"))
	if a.Cells()[0].ID != b.Cells()[0].ID {
		t.Error("renaming (and spelling out a default) changed the cell id")
	}
	if a.Cells()[0].ID == c.Cells()[0].ID {
		t.Error("a different momentum kept the cell id")
	}
}

func TestTuneThenSeeds(t *testing.T) {
	s, err := Parse("t.yaml", []byte(`suite: t
problems: [{kind: quadratic}]
optimizers: [{kind: sf-sgd}, {kind: sgd, schedule: {kind: cosine}}]
lrs: {pow2: [-2, 1]}
budget: {horizons: [50, 100]}
protocol: {kind: tune-then-seeds, metric: gap, tune_seeds: [7], seeds: 3}
`))
	if err != nil {
		t.Fatal(err)
	}
	cells := s.Cells()
	if len(cells) != 2*4*1*2 || cells[0].Phase != "tune" || cells[0].Seed != 7 {
		t.Fatalf("%d tuning cells, first %+v", len(cells), cells[0])
	}
	if s.Protocol.Goal != "min" {
		t.Errorf("goal for gap: %s", s.Protocol.Goal)
	}
	second := append(s.SeedCells(s.Problems[0], s.Optimizers[0], 0.5, 50), s.SeedCells(s.Problems[0], s.Optimizers[0], 0.5, 100)...)
	if len(second) != 3*2 || second[0].Phase != "seeds" || second[5].Seed != 2 {
		t.Errorf("second phase: %d cells", len(second))
	}
}

func TestEvalSteps(t *testing.T) {
	cases := []struct {
		e       Eval
		horizon int
		want    string
	}{
		{Eval{Every: 100}, 250, "[100 200 250]"},
		{Eval{Every: 100}, 200, "[100 200]"},
		{Eval{Points: 4}, 100, "[25 50 75 100]"},
		{Eval{Points: 10}, 3, "[1 2 3]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(c.e.Steps(c.horizon)); got != c.want {
			t.Errorf("%+v over %d: got %s, want %s", c.e, c.horizon, got, c.want)
		}
	}
}

// TestReferenceFormsAcceptAveragingEndPoints: the x, y, z forms take the
// family's end points, beta 0 (Polyak-Ruppert) and beta 1 (primal
// averaging), which the memory-efficient kinds refuse.
func TestReferenceFormsAcceptAveragingEndPoints(t *testing.T) {
	for _, tc := range []struct {
		kind, hyper string
		ok          bool
	}{
		{"sf-adamw-reference", "{beta1: 0}", true},
		{"sf-adamw-reference", "{beta1: 1}", true},
		{"sf-adamw-reference", "{beta1: 0.9, sgd_phase: true}", false},
		{"sf-sgd-reference", "{momentum: 1}", true},
		{"sf-adamw", "{beta1: 1}", false},
		{"sf-sgd", "{momentum: 0}", false},
	} {
		_, err := Parse("t.yaml", []byte(`suite: t
problems: [{kind: quadratic}]
optimizers: [{kind: `+tc.kind+`, hyper: `+tc.hyper+`}]
lrs: [0.1]
budget: {steps: 10}
`))
		if (err == nil) != tc.ok {
			t.Errorf("%s %s: err %v, want ok=%v", tc.kind, tc.hyper, err, tc.ok)
		}
	}
}

// TestSelectionMetric: a protocol reporting a test metric selects on the
// validation twin (turning the problems' validation split on), or on the
// training twin where a problem has no validation split; never on the
// metric it reports.
func TestSelectionMetric(t *testing.T) {
	for _, tc := range []struct {
		name, problem, protocol string
		select_, goal           string
		validation              float64
	}{
		{"test metric: validation twin", "{kind: vision, options: {model: mlp, hidden: 4, train_subset: 100}}",
			"{kind: tune-then-seeds, metric: test_acc}", "val_acc", "max", 0.1},
		{"split set by the suite", "{kind: vision, options: {model: mlp, hidden: 4, train_subset: 100, validation: 0.2}}",
			"{kind: sweep, metric: test_loss}", "val_loss", "min", 0.2},
		{"split turned off: training twin", "{kind: vision, options: {model: mlp, hidden: 4, train_subset: 100, validation: 0}}",
			"{kind: tune-then-seeds, metric: test_acc}", "train_acc", "max", 0},
		{"train metric: itself, no split", "{kind: softmax, options: {dataset: iris}}",
			"{kind: tune-then-seeds, metric: train_acc}", "train_acc", "max", 0},
		{"explicit select", "{kind: softmax, options: {dataset: vowel, validation: 0.2}}",
			"{kind: sweep, metric: test_acc, select: val_loss}", "val_loss", "min", 0.2},
	} {
		s, err := Parse("t.yaml", []byte(`suite: t
problems: [`+tc.problem+`]
optimizers: [{kind: sf-sgd}]
lrs: [0.1]
budget: {steps: 10}
protocol: `+tc.protocol+"\n"))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := s.Problems[0].OptionsMap()["validation"]
		if s.Protocol.Select != tc.select_ || s.Protocol.SelectGoal != tc.goal || fmt.Sprint(got) != fmt.Sprint(tc.validation) {
			t.Errorf("%s: select %s (%s), validation %v; want %s (%s), %v", tc.name,
				s.Protocol.Select, s.Protocol.SelectGoal, got, tc.select_, tc.goal, tc.validation)
		}
	}
}

// TestEvalAtSeveralPoints: eval's at takes a point or a list of them; the
// first is the one reported, the rest are recorded beside it; a suite
// evaluating one point keeps its cell ids.
func TestEvalAtSeveralPoints(t *testing.T) {
	base := "suite: t\nproblems: [{kind: quadratic}]\noptimizers: [{kind: sf-sgd}]\nlrs: [0.1]\nbudget: {steps: 10}\n"
	for _, tc := range []struct {
		at, want string
		also     []string
	}{
		{"", "x", nil},
		{"at: y", "y", nil},
		{"at: [x, y, z]", "x", []string{"y", "z"}},
		{"at: [z]", "z", nil},
		{"at: [x, q]", "at must be x, y or z, got \"q\"", nil},
		{"at: [y, y]", "at lists y twice", nil},
		{"at: []", "at lists no point", nil},
		{"at: {y: 1}", "at must be x, y or z, or a list of them", nil},
	} {
		t.Run(tc.at, func(t *testing.T) {
			s, err := Parse("t.yaml", []byte(base+"eval: {every: 5, "+tc.at+"}\n"))
			if len(tc.want) > 1 {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %v, want %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Eval.At != tc.want || !slices.Equal(s.Eval.Also, tc.also) {
				t.Errorf("at %q also %v", s.Eval.At, s.Eval.Also)
			}
		})
	}
	one, _ := Parse("t.yaml", []byte(base+"eval: {every: 5}\n"))
	same, _ := Parse("t.yaml", []byte(base+"eval: {every: 5, at: [x]}\n"))
	if one.Cells()[0].ID != same.Cells()[0].ID {
		t.Error("at: [x] changed the cell id of at: x")
	}
}
