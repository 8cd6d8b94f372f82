package suites

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/record"
)

// gridSuite is a suite of two problems and the optimizer entries given
// (one per line of YAML flow), over the rates [0.1, 1].
func gridSuite(entries ...string) []byte {
	return []byte("suite: g\nproblems:\n  - {name: q, kind: quadratic}\n  - {name: iris, kind: softmax, options: {dataset: iris}}\noptimizers:\n" +
		"  - " + strings.Join(entries, "\n  - ") + "\nlrs: [0.1, 1]\nbudget: {steps: 20}\n")
}

// TestGridParses: grids over any setting of the kind's hyper, of any
// scalar type, their values sorted, crossed in the order of the settings'
// names; select and problems.
func TestGridParses(t *testing.T) {
	for _, tc := range []struct {
		name, entry string
		points      []string // labels, in order
		select_     string
	}{
		{"one setting, values sorted", "{name: sf, kind: sf-sgd, grid: {momentum: [0.98, 0.75, 0.9]}}",
			[]string{"sf momentum=0.75", "sf momentum=0.9", "sf momentum=0.98"}, record.SelectGrid},
		{"two settings, crossed by name", "{name: a, kind: sf-adamw, grid: {warmup_fraction: [0, 0.05], beta1: [0.9, 0.95]}}",
			[]string{"a beta1=0.9 warmup_fraction=0", "a beta1=0.9 warmup_fraction=0.05", "a beta1=0.95 warmup_fraction=0", "a beta1=0.95 warmup_fraction=0.05"}, record.SelectGrid},
		{"an integer setting", "{name: s, kind: sf-sgd, grid: {warmup_steps: [10, 0]}}",
			[]string{"s warmup_steps=0", "s warmup_steps=10"}, record.SelectGrid},
		{"a boolean setting, select rate", "{name: n, kind: sgd, hyper: {momentum: 0.9}, grid: {nesterov: [true, false]}, select: rate}",
			[]string{"n nesterov=false", "n nesterov=true"}, record.SelectRate},
		{"select grid said", "{name: s, kind: sf-sgd, grid: {momentum: [0.9]}, select: grid}",
			[]string{"s momentum=0.9"}, record.SelectGrid},
		{"a base's kind beside", "{name: w, kind: sf-wrapper, base: {kind: sgd}, grid: {momentum: [0.5, 0.9]}}",
			[]string{"w momentum=0.5", "w momentum=0.9"}, record.SelectGrid},
		{"no grid", "{name: s, kind: sf-sgd}", []string{"s"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse("g.yaml", gridSuite(tc.entry))
			if err != nil {
				t.Fatal(err)
			}
			o := s.Optimizers[0]
			var got []string
			for _, pt := range o.Points() {
				got = append(got, pt.Name)
				if pt.Entry() != o || pt.Kind != o.Kind {
					t.Errorf("point %s: entry %v, kind %s", pt.Name, pt.Entry().Name, pt.Kind)
				}
				for k, v := range pt.Point {
					if h := pt.Hyper()[k]; record.CompareSettings(h, v) != 0 {
						t.Errorf("point %s: hyper %s = %v", pt.Name, k, h)
					}
				}
			}
			if !slices.Equal(got, tc.points) || o.Select != tc.select_ {
				t.Errorf("points %q select %q, want %q %q", got, o.Select, tc.points, tc.select_)
			}
			for i := 1; i < len(o.Points()); i++ {
				if record.ComparePoints(o.Points()[i-1].Point, o.Points()[i].Point) >= 0 {
					t.Errorf("points %d and %d out of record.ComparePoints's order", i-1, i)
				}
			}
		})
	}
}

// TestBadGrids: every mistake of a grid is one file:line error in the
// user's words.
func TestBadGrids(t *testing.T) {
	for _, tc := range []struct {
		name, entry, want string
	}{
		{"unknown setting", "{name: s, kind: sf-sgd, grid: {mommentum: [0.9]}}",
			`g.yaml:6: optimizer s: grid: sf-sgd has no setting "mommentum" (sf-sgd's settings: momentum, weight_decay, warmup_steps, warmup_fraction, r, weight_lr_power)`},
		{"a setting the kind lacks", "{name: s, kind: sf-sgd, grid: {beta1: [0.9]}}",
			`g.yaml:6: optimizer s: grid: sf-sgd has no setting "beta1" (sf-adamw, sf-adamw-paper, sf-radam, sf-adamw-reference, adamw have it; sf-sgd's settings: momentum,`},
		{"the rate", "{name: s, kind: sf-sgd, grid: {lr: [0.1]}}",
			"g.yaml:6: optimizer s: grid: the learning rate has its own grid (lrs), crossed with this one"},
		{"empty list", "{name: s, kind: sf-sgd, grid: {momentum: []}}", "g.yaml:6: optimizer s: grid: momentum lists no value"},
		{"empty grid", "{name: s, kind: sf-sgd, grid: {}}", "g.yaml:6: optimizer s: grid: lists no setting"},
		{"not a mapping", "{name: s, kind: sf-sgd, grid: [0.9]}", "g.yaml:6: optimizer s: grid: want a mapping from a setting of sf-sgd to its values, e.g. {momentum: [a, b]}"},
		{"a value, not a list", "{name: s, kind: sf-sgd, grid: {momentum: 0.9}}", `g.yaml:6: optimizer s: grid: momentum wants a list of values, got "0.9"`},
		{"wrong type", "{name: s, kind: sf-sgd, grid: {momentum: [0.9, high]}}", `g.yaml:6: optimizer s: grid: momentum: want a number, got "high"`},
		{"a fraction for an integer", "{name: s, kind: sf-sgd, grid: {warmup_steps: [1.5]}}", "g.yaml:6: optimizer s: grid: warmup_steps: want an integer, got 1.5"},
		{"a word for a boolean", "{name: n, kind: sgd, grid: {nesterov: [yes please]}}", `g.yaml:6: optimizer n: grid: nesterov: want true or false, got "yes please"`},
		{"a value twice", "{name: s, kind: sf-sgd, grid: {momentum: [0.9, 0.90]}}", "g.yaml:6: optimizer s: grid: momentum lists 0.9 twice"},
		{"nothing", "{name: s, kind: sf-sgd, grid: {momentum: [0.9, ~]}}", "g.yaml:6: optimizer s: grid: momentum: want a value, got nothing"},
		{"not finite", "{name: s, kind: sf-sgd, grid: {momentum: [.inf]}}", "g.yaml:6: optimizer s: grid: momentum: every value must be a finite number"},
		{"also in hyper", "{name: s, kind: sf-sgd, hyper: {momentum: 0.9}, grid: {momentum: [0.9]}}",
			"g.yaml:6: optimizer s: grid: momentum is also set in hyper: give it in one place"},
		{"out of range", "{name: s, kind: sf-sgd, grid: {momentum: [0.9, 1.5]}}", "g.yaml:6: optimizer s at momentum=1.5: "},
		{"select without a grid", "{name: s, kind: sf-sgd, select: rate}", "g.yaml:6: optimizer s: select applies to an entry with a grid"},
		{"select what", "{name: s, kind: sf-sgd, grid: {momentum: [0.9]}, select: best}", `g.yaml:6: optimizer s: select: want grid (one setting and rate selected over the whole grid) or rate (the rate selected for each grid point, each reported on its own), got "best"`},
		{"a point as another entry", "{name: s, kind: sf-sgd, grid: {momentum: [0.9, 0.95]}}\n  - {name: t, kind: sf-sgd, hyper: {momentum: 0.95}}",
			"g.yaml:7: optimizer t has the same configuration as s momentum=0.95"},
		{"unknown problem", "{name: s, kind: sf-sgd, problems: [quad]}", `g.yaml:6: optimizer s: problems: the suite has no problem "quad" (problems: q, iris)`},
		{"problem twice", "{name: s, kind: sf-sgd, problems: [q, q]}", "g.yaml:6: optimizer s: problems: q is named twice"},
		{"no problem", "{name: s, kind: sf-sgd, problems: []}", "g.yaml:6: optimizer s: problems: names no problem"},
		{"rates twice", "{name: s, kind: sf-sgd, lrs: [1], problems: {q: [0.5]}}", "g.yaml:6: optimizer s: lrs: the rates are given per problem"},
		{"bad rates", "{name: s, kind: sf-sgd, problems: {q: [-1]}}", "g.yaml:6: lrs: every rate must be a finite number > 0, got -1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("g.yaml", gridSuite(tc.entry))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant an error containing %q", err, tc.want)
			}
		})
	}
}

// TestGridCells: an entry's grid is crossed with its rates and the seeds,
// point by point; a point's cells have the ids of an entry written out
// with the point's settings, and a suite without a grid keeps its ids.
func TestGridCells(t *testing.T) {
	grid, err := Parse("g.yaml", gridSuite("{name: sf, kind: sf-sgd, hyper: {warmup_fraction: 0.05}, grid: {momentum: [0.9, 0.95]}}", "{name: sgd, kind: sgd}"))
	if err != nil {
		t.Fatal(err)
	}
	spelled, err := Parse("g.yaml", gridSuite("{name: b9, kind: sf-sgd, hyper: {warmup_fraction: 0.05, momentum: 0.9}}",
		"{name: b95, kind: sf-sgd, hyper: {warmup_fraction: 0.05, momentum: 0.95}}", "{name: sgd, kind: sgd}"))
	if err != nil {
		t.Fatal(err)
	}
	gc, sc := grid.Cells(), spelled.Cells()
	if len(gc) != 2*(2*2+2) || len(gc) != len(sc) {
		t.Fatalf("%d cells with the grid, %d spelled out", len(gc), len(sc))
	}
	var order []string
	for i, c := range gc {
		if c.ID != sc[i].ID {
			t.Errorf("cell %d: id %s with the grid, %s spelled out", i, c.ID, sc[i].ID)
		}
		order = append(order, fmt.Sprintf("%s/%s/%g", c.Problem.Name, c.Optimizer.Name, c.LR))
		wantIndex := 0
		if c.Optimizer.Kind == "sgd" {
			wantIndex = 1
		}
		if c.OptimizerIndex != wantIndex {
			t.Errorf("cell %s: optimizer index %d", c.Optimizer.Name, c.OptimizerIndex)
		}
		gp := c.Optimizer.GridPoint()
		if (gp == nil) != (c.Optimizer.Kind == "sgd") || gp != nil && (gp.Entry != "sf" || gp.Select != record.SelectGrid || gp.Settings["momentum"] == nil) {
			t.Errorf("cell %s: grid point %+v", c.Optimizer.Name, gp)
		}
	}
	want := "q/sf momentum=0.9/0.1 q/sf momentum=0.9/1 q/sf momentum=0.95/0.1 q/sf momentum=0.95/1 q/sgd/0.1 q/sgd/1"
	if got := strings.Join(order[:6], " "); got != want {
		t.Errorf("order\n %s\nwant\n %s", got, want)
	}
	// The ungridded entry's cells are those of a suite without the grid.
	plain, _ := Parse("g.yaml", gridSuite("{name: sgd, kind: sgd}"))
	for _, c := range plain.Cells() {
		if !slices.ContainsFunc(gc, func(g Cell) bool { return g.ID == c.ID }) {
			t.Errorf("the sgd cell %s changed id beside a grid", c.ID)
		}
	}
}

// TestGridTuneThenSeeds: the seeds phase can run at any grid point and
// rate; SelectedAs groups the whole grid (select: grid) or each point
// (select: rate).
func TestGridTuneThenSeeds(t *testing.T) {
	src := strings.Replace(string(gridSuite("{name: sf, kind: sf-sgd, grid: {momentum: [0.9, 0.95]}}", "{name: pr, kind: sf-sgd, grid: {weight_decay: [0.01, 0.1]}, select: rate}")),
		"budget:", "protocol: {kind: tune-then-seeds, metric: train_loss, tune_seeds: 1, seeds: 3}\nbudget:", 1)
	s, err := Parse("g.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	possible := s.PossibleCells()
	cells := s.Cells()
	if len(cells) != 2*2*(2+2) {
		t.Errorf("%d tuning cells", len(cells))
	}
	for _, o := range s.Optimizers {
		for _, pt := range o.Points() {
			for _, c := range s.SeedCells(s.Problems[1], pt, 1, 20) {
				if !possible[c.ID] {
					t.Errorf("seeds-phase cell %s/%s seed %d not possible", c.Problem.Name, c.Optimizer.Name, c.Seed)
				}
			}
			want := "sf"
			if o.Name == "pr" {
				want = pt.Name
			}
			if pt.SelectedAs() != want {
				t.Errorf("%s selected as %q, want %q", pt.Name, pt.SelectedAs(), want)
			}
		}
	}
}

// TestProblemsFilter: an entry that names its problems runs on those only,
// at the entry's rates or at each problem's own; the same configuration on
// two different problems is no duplicate.
func TestProblemsFilter(t *testing.T) {
	s, err := Parse("g.yaml", gridSuite("{name: a, kind: sf-sgd, problems: [iris]}",
		"{name: b, kind: sf-sgd, problems: {q: [0.5], iris: {pow2: [1, 2]}}, hyper: {momentum: 0.5}}",
		"{name: c, kind: sf-sgd, problems: [q]}"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range s.Cells() {
		got = append(got, fmt.Sprintf("%s/%s/%g", c.Problem.Name, c.Optimizer.Name, c.LR))
	}
	want := "q/b/0.5 q/c/0.1 q/c/1 iris/a/0.1 iris/a/1 iris/b/2 iris/b/4"
	if strings.Join(got, " ") != want {
		t.Errorf("cells\n %s\nwant\n %s", strings.Join(got, " "), want)
	}
	if !slices.Equal(s.Optimizers[1].LRs, []float64{0.5, 2, 4}) {
		t.Errorf("rates of b %v", s.Optimizers[1].LRs)
	}
	noRates := strings.Replace(string(gridSuite("{name: a, kind: sf-sgd, problems: [iris]}")), "lrs: [0.1, 1]\n", "", 1)
	if _, err := Parse("g.yaml", []byte(noRates)); err == nil || !strings.Contains(err.Error(), "g.yaml:6: optimizer a: no learning rates") {
		t.Errorf("problems without rates: %v", err)
	}
	if _, err := Parse("g.yaml", gridSuite("{name: a, kind: sf-sgd, problems: [iris]}", "{name: b, kind: sf-sgd}")); err == nil ||
		!strings.Contains(err.Error(), "optimizer b has the same configuration as a") {
		t.Errorf("a duplicate sharing a problem: %v", err)
	}
}
