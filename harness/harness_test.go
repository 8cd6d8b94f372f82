package harness

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/suites"
)

func loadSmall(t testing.TB) *suites.Suite {
	t.Helper()
	s, err := suites.Load("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// canonical returns the records of dir keyed by id, with timing and
// environment removed, as JSON.
func canonical(t *testing.T, dir string) map[string]string {
	t.Helper()
	recs, _, err := record.Read(filepath.Join(dir, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range recs {
		if _, dup := out[r.ID]; dup {
			t.Fatalf("%s: cell %s recorded twice", dir, r.ID)
		}
		out[r.ID] = record.Canonical(r)
	}
	return out
}

func equalRuns(t *testing.T, what string, a, b map[string]string) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d records versus %d", what, len(a), len(b))
	}
	for id, ra := range a {
		if rb, ok := b[id]; !ok || ra != rb {
			t.Fatalf("%s: cell %s differs:\n%s\n%s", what, id, ra, rb)
		}
	}
}

func TestResultsIndependentOfWorkersAndShards(t *testing.T) {
	s := loadSmall(t)
	base := t.TempDir()
	run := func(dir string, jobs int, sh Shard) Summary {
		sum, err := Run(context.Background(), s, Options{Dir: dir, Jobs: jobs, Shard: sh})
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	j1 := filepath.Join(base, "j1")
	sum := run(j1, 1, Shard{})
	if sum.Ran != len(s.Cells()) || sum.Diverged == 0 {
		t.Fatalf("summary %+v: want every cell run and the large rates diverged", sum)
	}
	j2 := filepath.Join(base, "j2")
	run(j2, 2, Shard{})
	equalRuns(t, "-j1 versus -j2", canonical(t, j1), canonical(t, j2))

	var shards []string
	for k := 1; k <= 3; k++ {
		d := filepath.Join(base, "shard", string(rune('0'+k)))
		run(d, 2, Shard{k, 3})
		shards = append(shards, d)
	}
	merged := filepath.Join(base, "merged")
	if _, err := Merge(merged, shards); err != nil {
		t.Fatal(err)
	}
	equalRuns(t, "-j1 versus three merged shards", canonical(t, j1), canonical(t, merged))
}

// TestDivergenceIsRecorded runs the small grid, whose largest rate 2^14
// blows up, under the paper's rule (only non-finite values diverge) and
// under the opt-in blow-up rule.
func TestDivergenceIsRecorded(t *testing.T) {
	s := loadSmall(t)
	dir := t.TempDir()
	if _, err := Run(context.Background(), s, Options{Dir: dir, Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	recs, _, _ := record.Read(filepath.Join(dir, record.FileName))
	top, nonFinite, unstable := 0, 0, 0
	for _, r := range recs {
		if r.Status == record.StatusError {
			t.Errorf("cell %s failed: %s", r.ID, r.Error)
		}
		if len(r.Curve) == 0 || r.Initial == nil {
			t.Errorf("cell %s has no evaluation or no initial metrics", r.ID)
			continue
		}
		// The timing split: the parts fit in the wall time, and the speed
		// is of the training steps alone.
		if r.TrainSeconds <= 0 || r.EvalSeconds <= 0 || r.SetupSeconds <= 0 ||
			r.TrainSeconds+r.EvalSeconds+r.SetupSeconds > r.WallSeconds*(1+1e-9) ||
			math.Abs(r.StepsPerSec*r.TrainSeconds-float64(r.Steps)) > 1e-6*float64(r.Steps) {
			t.Errorf("cell %s timing: wall %g train %g eval %g setup %g, %g steps/s for %d steps",
				r.ID, r.WallSeconds, r.TrainSeconds, r.EvalSeconds, r.SetupSeconds, r.StepsPerSec, r.Steps)
		}
		last := r.Curve[len(r.Curve)-1]
		switch r.Status {
		case record.StatusDiverged:
			// Only a non-finite loss or parameter stops a run by default.
			l, tl := float64(last.Loss), float64(last.Metrics[problems.TrainLoss])
			if r.DivergedStep != r.Steps || (finite(l) && finite(tl)) {
				t.Errorf("%s/%s lr=%g diverged at %d after %d steps, last loss %g, train loss %g", r.Problem, r.Optimizer, r.LR, r.DivergedStep, r.Steps, l, tl)
			}
			nonFinite++
		case record.StatusOK:
			if r.Steps != r.Horizon {
				t.Errorf("%s/%s lr=%g: ok after %d of %d steps", r.Problem, r.Optimizer, r.LR, r.Steps, r.Horizon)
			}
			if r.LR == 1<<14 && r.PeakLossRatio > 10 {
				unstable++ // finished finite: counted, marked by its ratio
			}
		}
		if r.LR == 1<<14 {
			top++
		}
	}
	if top != 3*3*2 || nonFinite == 0 || unstable == 0 {
		t.Errorf("%d cells at lr 2^14 (want 18), %d diverged, %d finished with a peak loss ratio above 10 (want some of each)", top, nonFinite, unstable)
	}

	// The opt-in rule stops the unstable runs at an evaluation.
	s.Divergence = suites.Divergence{Factor: 10, Patience: 1}
	dir2 := t.TempDir()
	if _, err := Run(context.Background(), s, Options{Dir: dir2, Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	recs2, _, _ := record.Read(filepath.Join(dir2, record.FileName))
	diverged2 := 0
	for _, r := range recs2 {
		if r.Status == record.StatusDiverged {
			diverged2++
		}
	}
	if diverged2 < nonFinite+unstable {
		t.Errorf("blow-up rule: %d diverged, want at least %d (non-finite %d + unstable %d)", diverged2, nonFinite+unstable, nonFinite, unstable)
	}
}

func TestDivergenceGuard(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		name   string
		rule   suites.Divergence
		losses []float64 // full-batch training losses at successive evaluations
		w      []float64
		want   int // index of the evaluation that diverges, -1 for none
		peak   float64
	}{
		{"paper rule: a spike that recovers", suites.Divergence{}, []float64{30, 1, 0.5}, []float64{1}, -1, 30},
		{"paper rule: non-finite loss", suites.Divergence{}, []float64{2, inf}, []float64{1}, 1, 2},
		{"paper rule: NaN loss", suites.Divergence{}, []float64{math.NaN()}, []float64{1}, 0, 0},
		{"paper rule: non-finite parameter", suites.Divergence{}, []float64{1}, []float64{1, math.NaN()}, 0, 0},
		{"blow-up: one evaluation above, patience 2", suites.Divergence{Factor: 10, Patience: 2}, []float64{30, 1, 30, 5}, []float64{1}, -1, 30},
		{"blow-up: two in a row", suites.Divergence{Factor: 10, Patience: 2}, []float64{30, 1, 30, 40, 1}, []float64{1}, 3, 40},
		{"blow-up: patience 1", suites.Divergence{Factor: 10, Patience: 1}, []float64{5, 11}, []float64{1}, 1, 11},
	} {
		d := divergenceGuard{rule: tc.rule, initial: 1}
		got := -1
		for i, l := range tc.losses {
			if d.diverged(record.Value(l), tc.w) {
				got = i
				break
			}
		}
		if got != tc.want || d.peak != tc.peak {
			t.Errorf("%s: diverged at %d (want %d), peak %g (want %g)", tc.name, got, tc.want, d.peak, tc.peak)
		}
	}
}

func TestResumeAfterInterruptAndTornLine(t *testing.T) {
	s := loadSmall(t)
	ref := t.TempDir()
	if _, err := Run(context.Background(), s, Options{Dir: ref, Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Interrupt after a few cells.
	ctx, cancel := context.WithCancel(context.Background())
	first := true
	pw := writerFunc(func(p []byte) (int, error) {
		if first && strings.Contains(string(p), "done") {
			first = false
			cancel()
		}
		return len(p), nil
	})
	_, err := Run(ctx, s, Options{Dir: dir, Jobs: 2, Progress: pw})
	if err != ErrInterrupted {
		t.Fatalf("interrupted run returned %v", err)
	}
	partial := canonical(t, dir)
	if len(partial) == 0 || len(partial) >= len(s.Cells()) {
		t.Fatalf("the interrupted run kept %d of %d cells", len(partial), len(s.Cells()))
	}
	// A torn last line (a crash mid-write) is ignored and its cell rerun.
	f, _ := os.OpenFile(filepath.Join(dir, record.FileName), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"id":"abc","suite":"sma`)
	f.Close()
	sum, err := Run(context.Background(), s, Options{Dir: dir, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != len(partial) || sum.Ran != len(s.Cells())-len(partial) {
		t.Errorf("resume: %+v with %d done before", sum, len(partial))
	}
	equalRuns(t, "resumed versus uninterrupted", canonical(t, ref), canonical(t, dir))
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestOtherSuiteOrVersionInFolderIsRejected(t *testing.T) {
	s := loadSmall(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, record.FileName), []byte(`{"id":"x","suite":"other"}`+"\n"), 0o644)
	_, err := Run(context.Background(), s, Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), `holds results of suite "other"`) {
		t.Errorf("got %v", err)
	}
	os.WriteFile(filepath.Join(dir, record.FileName), []byte(`{"id":"x","suite":"small","environment":{"sfbench":"0.0.1"}}`+"\n"), 0o644)
	_, err = Run(context.Background(), s, Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "holds results of sfbench 0.0.1") {
		t.Errorf("got %v", err)
	}
}

func TestMergeRejectsConflicts(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	write := func(dir, loss string) {
		os.WriteFile(filepath.Join(dir, record.FileName),
			[]byte(`{"id":"c1","suite":"s","status":"ok","lr":0.1,"horizon":5,"steps":5,"curve":[],"final":{"train_loss":`+loss+`}}`+"\n"), 0o644)
	}
	write(a, "1")
	write(b, "2")
	out := t.TempDir()
	if _, err := Merge(out, []string{a, b}); err == nil || !strings.Contains(err.Error(), "differs") {
		t.Errorf("conflicting duplicates merged: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, record.FileName)); !os.IsNotExist(err) {
		t.Error("a failed merge wrote a results file")
	}
	write(b, "1")
	if n, err := Merge(out, []string{a, b}); err != nil || n != 1 {
		t.Errorf("identical duplicates: %d records, %v", n, err)
	}
}

func TestTuneThenSeeds(t *testing.T) {
	s, err := suites.Parse("t.yaml", []byte(`suite: t
problems: [{kind: softmax, options: {dataset: iris}}]
optimizers: [{kind: sf-adamw}]
lrs: {pow2: [-8, -5]}
budget: {steps: 40}
protocol: {kind: tune-then-seeds, metric: train_acc, tune_seeds: 1, seeds: 3}
`))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sum, err := Run(context.Background(), s, Options{Dir: dir, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	recs, _, _ := record.Read(filepath.Join(dir, record.FileName))
	var seeds []int
	var lr float64
	for _, r := range recs {
		if r.Phase == "seeds" {
			seeds = append(seeds, r.Seed)
			lr = r.LR
			// Rates this small on 40 steps: the best is the largest, at
			// the edge of the grid, and the records say so.
			if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "edge of the grid") {
				t.Errorf("warnings %v", r.Warnings)
			}
		}
	}
	sort.Ints(seeds)
	// Seed 0 was run while tuning at the chosen rate and is reused.
	if lr != 1.0/32 || len(seeds) != 2 || sum.Cells != 4+3 || sum.Skipped != 1 {
		t.Errorf("seeds phase at lr %v with seeds %v; summary %+v", lr, seeds, sum)
	}
}

// TestCheckpointResume interrupts a run whose cells checkpoint every few
// steps, checks that partial cells left checkpoints, resumes, and expects
// the records of an uninterrupted run.
func TestCheckpointResume(t *testing.T) {
	s, err := suites.Parse("c.yaml", []byte(`suite: c
problems:
  - {name: cnn, kind: vision, options: {model: cnn, c1: 2, c2: 4, batch: 16, train_subset: 256}}
  - {name: quad, kind: quadratic, options: {dim: 10, noise: 0.1}}
optimizers: [{kind: sf-sgd}, {kind: sgd, hyper: {momentum: 0.9}}, {name: polyak, kind: sgd, averaging: {kind: polyak}}]
lrs: [0.1]
seeds: 2
budget: {steps: 400}
eval: {every: 50}
`))
	if err != nil {
		t.Fatal(err)
	}
	ref := t.TempDir()
	if _, err := Run(context.Background(), s, Options{Dir: ref, Jobs: 2, CheckpointInterval: -1}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	resumedFrom := 0 // rounds that left checkpoints for the next one
	for round := 0; ; round++ {
		ctx, cancel := context.WithCancel(context.Background())
		// Cancel after a short while, so that cells are mid-way.
		timer := time.AfterFunc(time.Duration(10+5*round)*time.Millisecond, cancel)
		_, err := Run(ctx, s, Options{Dir: dir, Jobs: 2, CheckpointSteps: 37})
		timer.Stop()
		cancel()
		if err == nil {
			if round == 0 {
				t.Fatal("the run finished before any checkpoint: the test cannot tell")
			}
			break
		}
		if err != ErrInterrupted {
			t.Fatal(err)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, checkpointDir, "*.ckpt")); len(m) > 0 {
			resumedFrom++
		}
		if round > 50 {
			t.Fatal("no progress after 50 interrupted rounds")
		}
	}
	if resumedFrom == 0 {
		t.Fatal("no interrupted round left a checkpoint: nothing was resumed mid-cell")
	}
	t.Logf("%d rounds resumed cells from checkpoints", resumedFrom)
	equalRuns(t, "resumed from checkpoints versus uninterrupted", canonical(t, ref), canonical(t, dir))
	if m, _ := filepath.Glob(filepath.Join(dir, checkpointDir, "*.ckpt")); len(m) != 0 {
		t.Errorf("checkpoints left after the run: %v", m)
	}
}

// TestEditedSuiteAndConcurrentRunsAreRefused: results of an earlier version
// of a suite are not mixed with the new ones, and a second run cannot use a
// folder in use.
func TestEditedSuiteAndConcurrentRunsAreRefused(t *testing.T) {
	parse := func(momentum string) *suites.Suite {
		s, err := suites.Parse("e.yaml", []byte("suite: e\nproblems: [{kind: quadratic}]\noptimizers: [{kind: sgd, hyper: {momentum: "+
			momentum+"}}]\nlrs: [0.1]\nseeds: 2\nbudget: {steps: 20}\n"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), parse("0.9"), Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), parse("0"), Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "was the suite edited?") {
		t.Errorf("edited suite: %v", err)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := Run(context.Background(), parse("0.9"), Options{Dir: dir}); err == nil || !strings.Contains(err.Error(), "in use by another sfbench run") {
		t.Errorf("concurrent run: %v", err)
	}
}

// TestBadCheckpointsAreNotResults: a corrupt checkpoint and an unwritable
// checkpoint folder give warnings, and the cells still finish with the
// results of an undisturbed run.
func TestBadCheckpointsAreNotResults(t *testing.T) {
	s, err := suites.Parse("b.yaml", []byte("suite: b\nproblems: [{kind: quadratic}]\noptimizers: [{kind: sf-sgd}]\nlrs: [0.1]\nseeds: 2\nbudget: {steps: 50}\n"))
	if err != nil {
		t.Fatal(err)
	}
	ref := t.TempDir()
	if _, err := Run(context.Background(), s, Options{Dir: ref, CheckpointInterval: -1}); err != nil {
		t.Fatal(err)
	}
	// A corrupt checkpoint for the first cell.
	corrupt := t.TempDir()
	os.MkdirAll(filepath.Join(corrupt, checkpointDir), 0o755)
	os.WriteFile(checkpointPath(corrupt, s.Cells()[0].ID), []byte("garbage"), 0o644)
	// A file where the checkpoint folder should be.
	blocked := t.TempDir()
	os.WriteFile(filepath.Join(blocked, checkpointDir), []byte("not a folder"), 0o644)
	for _, c := range []struct {
		dir  string
		want string
	}{{corrupt, "checkpoint ignored"}, {blocked, "checkpoints could not be written"}} {
		sum, err := Run(context.Background(), s, Options{Dir: c.dir, CheckpointSteps: 7})
		if err != nil || sum.Failed != 0 {
			t.Fatalf("%s: %+v %v", c.want, sum, err)
		}
		recs, _, _ := record.Read(filepath.Join(c.dir, record.FileName))
		warned := false
		for _, r := range recs {
			for _, w := range r.Warnings {
				warned = warned || strings.Contains(w, c.want)
			}
		}
		if !warned {
			t.Errorf("no warning %q", c.want)
		}
		want := canonical(t, ref)
		for _, r := range recs {
			r.Warnings = nil
			if record.Canonical(r) != want[r.ID] {
				t.Errorf("%s: cell %s differs from an undisturbed run", c.want, r.ID)
			}
		}
	}
}

// TestTunePerHorizon: tune-then-seeds tunes a scheduled optimizer's rate
// for every horizon on its own, runs an anytime optimizer at the longest
// horizon only, and picks exactly the rates the selection rule picks.
func TestTunePerHorizon(t *testing.T) {
	s, err := suites.Parse("t.yaml", []byte(`suite: t
problems: [{kind: quadratic, options: {dim: 8, min_eig: 0.01, noise: 0.1}}]
optimizers:
  - {kind: sf-sgd, anytime: true}
  - {kind: sgd, hyper: {momentum: 0.9}, schedule: {kind: cosine}}
lrs: {pow2: [-4, 1]}
budget: {horizons: [20, 60]}
eval: {every: 20}
protocol: {kind: tune-then-seeds, metric: train_loss, tune_seeds: 1, seeds: 3}
`))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), s, Options{Dir: dir, Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	recs, _, _ := record.Read(filepath.Join(dir, record.FileName))
	tune := map[groupKey]map[float64][]record.Record{}
	seedRates := map[groupKey]map[float64]int{}
	for _, r := range recs {
		k := groupKey{r.Problem, r.Optimizer, r.Horizon}
		if r.Optimizer == "sf-sgd" && r.Horizon != 60 {
			t.Errorf("anytime optimizer ran horizon %d", r.Horizon)
		}
		switch r.Phase {
		case "tune":
			if tune[k] == nil {
				tune[k] = map[float64][]record.Record{}
			}
			tune[k][r.LR] = append(tune[k][r.LR], r)
		case "seeds":
			if seedRates[k] == nil {
				seedRates[k] = map[float64]int{}
			}
			seedRates[k][r.LR]++
		}
	}
	if len(tune) != 3 || len(seedRates) != 3 {
		t.Fatalf("tuned groups %d, seeds-phase groups %d; want 3 each (sf-sgd at 60, sgd at 20 and 60)", len(tune), len(seedRates))
	}
	for k, byRate := range tune {
		var rates []float64
		for lr := range byRate {
			rates = append(rates, lr)
		}
		sort.Float64s(rates)
		sums := make([]selection.Summary, len(rates))
		for i, lr := range rates {
			sums[i] = selection.Summarize(record.Refs(byRate[lr]), "train_loss")
		}
		want := rates[selection.Select(sums, "min")]
		// The seeds phase reuses the tuning seed's cell (same id): seeds 1
		// and 2 are new, at the selected rate only.
		if len(seedRates[k]) != 1 || seedRates[k][want] != 2 {
			t.Errorf("%v: seeds phase at %v, want 2 new seeds at %g", k, seedRates[k], want)
		}
	}
}

// TestResumeRemovesFinishedCheckpoints: a kill between a record's append
// and its checkpoint's removal leaves the checkpoint of a finished cell;
// the next run removes it.
func TestResumeRemovesFinishedCheckpoints(t *testing.T) {
	s, err := suites.Parse("c.yaml", []byte("suite: c\nproblems: [{kind: quadratic}]\noptimizers: [{kind: sf-sgd}]\nlrs: [0.1]\nbudget: {steps: 20}\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), s, Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	left := checkpointPath(dir, s.Cells()[0].ID)
	os.MkdirAll(filepath.Dir(left), 0o755)
	if err := os.WriteFile(left, []byte("left by a kill"), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum, err := Run(context.Background(), s, Options{Dir: dir}); err != nil || sum.Skipped != 1 {
		t.Fatalf("rerun: %+v %v", sum, err)
	}
	if _, err := os.Lstat(left); !os.IsNotExist(err) {
		t.Errorf("checkpoint of a finished cell still there (%v)", err)
	}
}

// TestConflictingRepeatIsRejected: a results file holding one cell twice
// with different results (two writers, or a hand edit) is refused on
// resume with the lines of both; an exact repeat is harmless.
func TestConflictingRepeatIsRejected(t *testing.T) {
	s, err := suites.Parse("r.yaml", []byte("suite: r\nproblems: [{kind: quadratic}]\noptimizers: [{kind: sf-sgd}]\nlrs: [0.1]\nbudget: {steps: 20}\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), s, Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, record.FileName)
	line, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, append(append([]byte{}, line...), line...), 0o644)
	if _, err := Run(context.Background(), s, Options{Dir: dir}); err != nil {
		t.Fatalf("exact repeat: %v", err)
	}
	other := strings.Replace(string(line), `"steps":20`, `"steps":19`, 1)
	if other == string(line) {
		t.Fatal("test record has no steps field to change")
	}
	os.WriteFile(path, append(append([]byte{}, line...), other...), 0o644)
	_, err = Run(context.Background(), s, Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), path+":2") {
		t.Errorf("conflicting repeat: got %v, want an error naming %s:2", err, path)
	}
}

// TestMergeRefusesEditedSuite: shards of one suite run before and after an
// edit of its budget (their cells differ, so no id conflicts) must not be
// merged into one folder of mixed horizons.
func TestMergeRefusesEditedSuite(t *testing.T) {
	var shards []string
	for _, steps := range []string{"20", "40"} {
		s, err := suites.Parse("e.yaml", []byte("suite: e\nproblems: [{kind: quadratic}]\noptimizers: [{kind: sf-sgd}]\nlrs: [0.1]\nbudget: {steps: "+steps+"}\n"))
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if _, err := Run(context.Background(), s, Options{Dir: dir}); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, dir)
	}
	out := t.TempDir()
	if _, err := Merge(out, shards); err == nil || !strings.Contains(err.Error(), "other settings") {
		t.Errorf("merged shards of an edited suite: %v", err)
	}
}
