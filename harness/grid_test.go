package harness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/suites"
)

func loadGrid(t testing.TB, protocol string) *suites.Suite {
	t.Helper()
	src, err := os.ReadFile("testdata/grid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := suites.Parse("testdata/grid.yaml", append(src, []byte(protocol)...))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestGridRecords: each cell of a gridded entry records its point, under
// the entry's name at that point, with the point's settings among its
// hyperparameters; the entry without a grid records none.
func TestGridRecords(t *testing.T) {
	s := loadGrid(t, "")
	dir := t.TempDir()
	if _, err := Run(context.Background(), s, Options{Dir: dir, Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	recs, _, err := record.Read(filepath.Join(dir, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(s.Cells()) || len(recs) != 2*(4+2+1)*6*2 {
		t.Fatalf("%d records for %d cells", len(recs), len(s.Cells()))
	}
	labels := map[string]bool{}
	for _, r := range recs {
		labels[r.Optimizer] = true
		switch {
		case r.OptimizerKind == "sgd":
			if r.Grid != nil || r.Optimizer != "sgd" || r.OptimizerIndex != 2 {
				t.Errorf("sgd record: %s grid %+v index %d", r.Optimizer, r.Grid, r.OptimizerIndex)
			}
		case r.Grid == nil:
			t.Errorf("%s: no grid point", r.Optimizer)
		default:
			if r.Optimizer != record.PointLabel(r.Grid.Entry, r.Grid.Settings) {
				t.Errorf("label %q for point %+v", r.Optimizer, r.Grid)
			}
			for k, v := range r.Grid.Settings {
				if record.CompareSettings(r.Hyper[k], v) != 0 {
					t.Errorf("%s: hyper %s = %v", r.Optimizer, k, r.Hyper[k])
				}
			}
			wantSel := map[string]string{"sf": record.SelectGrid, "adam": record.SelectRate}[r.Grid.Entry]
			if r.Grid.Select != wantSel {
				t.Errorf("%s: select %q", r.Optimizer, r.Grid.Select)
			}
		}
	}
	if !labels["sf momentum=0.9 weight_decay=0.01"] || !labels["adam beta1=0.8"] || len(labels) != 7 {
		t.Errorf("labels %v", labels)
	}
}

// TestGridShardsWorkersAndResume: a grid's records are bit-identical
// whatever -j and however sharded; a run killed part way and rerun does
// only the cells it had not done.
func TestGridShardsWorkersAndResume(t *testing.T) {
	s := loadGrid(t, "")
	base := t.TempDir()
	run := func(ctx context.Context, dir string, jobs int, sh Shard) (Summary, error) {
		return Run(ctx, s, Options{Dir: dir, Jobs: jobs, Shard: sh})
	}
	j1 := filepath.Join(base, "j1")
	if _, err := run(context.Background(), j1, 1, Shard{}); err != nil {
		t.Fatal(err)
	}
	j2 := filepath.Join(base, "j2")
	if _, err := run(context.Background(), j2, 2, Shard{}); err != nil {
		t.Fatal(err)
	}
	equalRuns(t, "-j1 versus -j2", canonical(t, j1), canonical(t, j2))
	var shards []string
	for k := 1; k <= 3; k++ {
		d := filepath.Join(base, "shard"+string(rune('0'+k)))
		if _, err := run(context.Background(), d, 2, Shard{k, 3}); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(base, "merged")
	if _, err := Merge(merged, shards); err != nil {
		t.Fatal(err)
	}
	equalRuns(t, "-j1 versus three merged shards", canonical(t, j1), canonical(t, merged))

	// Killed after a few cells, then resumed.
	dir := filepath.Join(base, "killed")
	ctx, cancel := context.WithCancel(context.Background())
	stopped := false
	pw := writerFunc(func(p []byte) (int, error) {
		if !stopped && strings.Contains(string(p), "done") {
			stopped = true
			cancel()
		}
		return len(p), nil
	})
	if _, err := Run(ctx, s, Options{Dir: dir, Jobs: 2, Progress: pw}); err != ErrInterrupted {
		t.Fatalf("interrupted run returned %v", err)
	}
	partial := canonical(t, dir)
	if len(partial) == 0 || len(partial) >= len(s.Cells()) {
		t.Fatalf("the interrupted run kept %d of %d cells", len(partial), len(s.Cells()))
	}
	sum, err := run(context.Background(), dir, 2, Shard{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != len(partial) || sum.Ran != len(s.Cells())-len(partial) {
		t.Errorf("resume: %+v with %d done before", sum, len(partial))
	}
	equalRuns(t, "resumed versus uninterrupted", canonical(t, j1), canonical(t, dir))
}

// TestGridTuneThenSeeds: under tune-then-seeds an entry selected over its
// grid is tuned over grid × rates on the tuning seeds and its seeds phase
// runs at the one point and rate chosen (by the selection rule, as
// recomputed here); an entry under select: rate runs a seeds phase per
// point. Shards (whole entries each) and resumption give the same records.
func TestGridTuneThenSeeds(t *testing.T) {
	s := loadGrid(t, "protocol: {kind: tune-then-seeds, metric: train_loss, tune_seeds: 1, seeds: 3}\n")
	base := t.TempDir()
	ref := filepath.Join(base, "ref")
	sum, err := Run(context.Background(), s, Options{Dir: ref, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := record.Read(filepath.Join(ref, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ problem, selected string }
	tune := map[key]map[string][]*record.Record{} // by label and rate
	seeds := map[key]map[string]bool{}            // labels and rates of the seeds phase
	at := func(r *record.Record) string { return fmt.Sprintf("%s@%g", r.Optimizer, r.LR) }
	selected := func(r *record.Record) string {
		if r.Grid != nil && r.Grid.Select == record.SelectGrid {
			return r.Grid.Entry
		}
		return r.Optimizer
	}
	for i := range recs {
		r := &recs[i]
		k := key{r.Problem, selected(r)}
		if r.Phase == "tune" {
			if tune[k] == nil {
				tune[k] = map[string][]*record.Record{}
			}
			tune[k][at(r)] = append(tune[k][at(r)], r)
		} else {
			if seeds[k] == nil {
				seeds[k] = map[string]bool{}
			}
			seeds[k][at(r)] = true
		}
	}
	if len(tune) != 2*(1+2+1) {
		t.Fatalf("%d tuned groups, want 8", len(tune))
	}
	for k, byConfig := range tune {
		// The rule over the candidates, in the harness's order.
		var best string
		var bestSum selection.Summary
		for _, r := range recs {
			if r.Phase != "tune" || r.Problem != k.problem || selected(&r) != k.selected {
				continue
			}
			sum := selection.Summarize(byConfig[at(&r)], "train_loss")
			if best == "" || selection.Better(sum, bestSum, "min") {
				best, bestSum = at(&r), sum
			}
		}
		if len(seeds[k]) != 1 || !seeds[k][best] {
			t.Errorf("%v: seeds phase at %v, the rule picks %s", k, seeds[k], best)
		}
	}
	if sum.Cells != len(s.Cells())+8*3 || sum.Skipped != 8 {
		t.Errorf("summary %+v", sum)
	}
	var shards []string
	for k := 1; k <= 2; k++ {
		d := filepath.Join(base, "shard"+string(rune('0'+k)))
		if _, err := Run(context.Background(), s, Options{Dir: d, Jobs: 1, Shard: Shard{k, 2}}); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, d)
	}
	merged := filepath.Join(base, "merged")
	if _, err := Merge(merged, shards); err != nil {
		t.Fatal(err)
	}
	equalRuns(t, "one run versus two merged shards", canonical(t, ref), canonical(t, merged))
	again, err := Run(context.Background(), s, Options{Dir: ref, Jobs: 2})
	if err != nil || again.Ran != 0 || again.Skipped != sum.Cells {
		t.Errorf("rerun of a finished grid: %+v, %v", again, err)
	}
}

// TestEntriesMadeAGridAreRefused: entries written out one per setting and
// the same entries as a grid have the same cells (ids), under other
// labels; a folder of the one is refused to the other, whose report would
// show them apart.
func TestEntriesMadeAGridAreRefused(t *testing.T) {
	parse := func(optimizers string) *suites.Suite {
		s, err := suites.Parse("t.yaml", []byte("suite: t\nproblems: [{kind: quadratic, options: {dim: 4}}]\noptimizers:\n"+optimizers+"lrs: [0.5]\nbudget: {steps: 10}\n"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	entries := parse("  - {name: b5, kind: sf-sgd, hyper: {momentum: 0.5}}\n  - {name: b9, kind: sf-sgd, hyper: {momentum: 0.9}}\n")
	grid := parse("  - {name: sf, kind: sf-sgd, grid: {momentum: [0.5, 0.9]}, select: rate}\n")
	for i, c := range entries.Cells() {
		if c.ID != grid.Cells()[i].ID {
			t.Fatalf("cell %d: %s written out, %s as a grid", i, c.ID, grid.Cells()[i].ID)
		}
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), entries, Options{Dir: dir, Jobs: 1}); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), grid, Options{Dir: dir, Jobs: 1})
	if err == nil || !strings.Contains(err.Error(), "holds a result of quadratic/b5, which this suite calls quadratic/sf momentum=0.5 (a renamed entry, or entries made a grid); use another output folder") {
		t.Errorf("got %v", err)
	}
}
