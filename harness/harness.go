package harness

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sfbench/sfbench/internal/buildinfo"
	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/suites"
)

// Options controls a run.
type Options struct {
	Dir      string    // output folder; results.jsonl is appended there
	Jobs     int       // workers (default: the number of CPUs)
	Shard    Shard     // run a deterministic subset of the cells
	Progress io.Writer // progress lines (nil: none)
	// Checkpoint long cells every CheckpointInterval of wall time (default
	// one minute; negative: never), or every CheckpointSteps steps if set.
	CheckpointInterval time.Duration
	CheckpointSteps    int
}

// Shard selects cells k (1-based) of every n.
type Shard struct{ K, N int }

// Summary counts what a run did.
type Summary struct {
	Cells    int // cells of this shard (all phases known so far)
	Skipped  int // already in the results file
	Ran      int
	Diverged int
	Failed   int
}

// ErrInterrupted is returned when the context was cancelled: every cell
// that finished is in the results file.
var ErrInterrupted = errors.New("interrupted")

// Run runs the suite's cells that are not yet in Dir's results file. Only
// one run may use a folder at a time.
func Run(ctx context.Context, s *suites.Suite, o Options) (sum Summary, err error) {
	if o.Jobs <= 0 {
		o.Jobs = runtime.NumCPU()
	}
	if o.Shard.N == 0 {
		o.Shard = Shard{1, 1}
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return sum, err
	}
	unlock, err := lockDir(o.Dir)
	if err != nil {
		return sum, err
	}
	defer unlock()
	path := filepath.Join(o.Dir, record.FileName)
	done, good, err := readDone(path, s)
	if err != nil {
		return sum, err
	}
	// Checkpoints of cells finished before a kill, and torn temporaries;
	// best effort, as checkpoints are only an optimization (a folder that
	// cannot be cleaned gives the cells' own warnings when they run).
	cleanCheckpoints(o.Dir, done)
	w, err := record.Append(path, good)
	if err != nil {
		return sum, err
	}
	defer func() {
		if cerr := w.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("writing the results: %w", cerr)
		}
	}()
	r := &runner{s: s, o: o, w: w, done: done, env: buildinfo.Current()}
	cells := o.Shard.pick(s.Cells(), s.Protocol.Widen > 0)
	if err := r.run(ctx, cells, &sum); err != nil {
		return sum, err
	}
	if s.Protocol.Widen > 0 {
		if cells, err = r.widen(ctx, cells, &sum); err != nil {
			return sum, err
		}
	}
	if s.Protocol.Kind == "tune-then-seeds" {
		second, warnings := r.secondPhase(cells)
		r.warnings = warnings
		if err := r.run(ctx, second, &sum); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// readDone loads the finished records of path (missing file: none). A
// record of another suite, another sfbench version or a cell this suite does
// not have (the suite was edited since) is refused: results of different
// configurations must not be mixed.
func readDone(path string, s *suites.Suite) (map[string]record.Record, int64, error) {
	// Read once, as every reader does: one suite and version, a cell once
	// (an exact repeat is harmless, another result for it is not); fields
	// are validated below, after this suite's own checks, which say more.
	set := record.Set{NoFields: true}
	info, err := set.Load(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]record.Record{}, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	possible := s.Possible()
	done := make(map[string]record.Record, len(set.Records))
	for i, rec := range set.Records {
		at := set.Where(i)
		cell, ok := possible[rec.ID]
		switch {
		case rec.Suite != s.Name:
			return nil, 0, fmt.Errorf("%s: holds results of suite %q, not %q: use another output folder", at, rec.Suite, s.Name)
		case rec.Environment.Sfbench != buildinfo.Version:
			return nil, 0, fmt.Errorf("%s: holds results of sfbench %s, this is %s: use another output folder", at, rec.Environment.Sfbench, buildinfo.Version)
		case rec.SuiteSettings != s.Settings:
			return nil, 0, fmt.Errorf("%s: holds results of suite %s run with other settings (budget, evaluation, divergence or protocol); was the suite edited? use another output folder",
				at, rec.Suite)
		case !ok:
			if files, changed := s.DataChanged(rec.Problem, rec.ProblemOptions); changed {
				return nil, 0, fmt.Errorf("%s: holds a result of problem %s on other data: %s changed since it ran; use another output folder (or restore the data)",
					at, rec.Problem, strings.Join(files, ", "))
			}
			return nil, 0, fmt.Errorf("%s: holds a result (%s/%s lr=%g seed=%d) that this suite does not produce; was the suite edited? use another output folder",
				at, rec.Problem, rec.Optimizer, rec.LR, rec.Seed)
		case rec.Problem != cell.Problem.Name || rec.Optimizer != cell.Optimizer.Name:
			// The same configuration under other labels (an entry renamed,
			// or entries written as a grid): its records would be reported
			// apart from the cells still to run.
			return nil, 0, fmt.Errorf("%s: holds a result of %s/%s, which this suite calls %s/%s (a renamed entry, or entries made a grid); use another output folder",
				at, rec.Problem, rec.Optimizer, cell.Problem.Name, cell.Optimizer.Name)
		}
		if err := record.Validate(&rec, true); err != nil {
			return nil, 0, fmt.Errorf("%s: %v", at, err)
		}
		done[rec.ID] = rec
	}
	return done, info.Good, nil
}

// pick keeps the cells of shard k/n: for tune-then-seeds, or when the
// protocol widens grids (whole), whole (problem, optimizer entry) groups,
// every point of an entry's grid with them, so that what depends on a
// group's results (its seeds phase, its widening) runs on one shard;
// otherwise every n-th cell.
func (sh Shard) pick(cells []suites.Cell, whole bool) []suites.Cell {
	if sh.N == 1 {
		return cells
	}
	var out []suites.Cell
	group := map[[2]string]int{}
	for i, c := range cells {
		key := i
		if c.Phase == "tune" || whole {
			g := [2]string{c.Problem.Name, c.Optimizer.Entry().Name}
			if _, ok := group[g]; !ok {
				group[g] = len(group)
			}
			key = group[g]
		}
		if key%sh.N == sh.K-1 {
			out = append(out, c)
		}
	}
	return out
}

type runner struct {
	s        *suites.Suite
	o        Options
	w        *record.Writer
	env      record.Environment
	mu       sync.Mutex
	done     map[string]record.Record
	warnings map[groupKey][]string // per tuned group, for the seeds phase
}

func (r *runner) checkpointing() checkpointing {
	cp := checkpointing{Dir: r.o.Dir, Steps: r.o.CheckpointSteps, Interval: r.o.CheckpointInterval}
	if cp.Interval == 0 {
		cp.Interval = time.Minute
	}
	if cp.Interval < 0 && cp.Steps == 0 {
		cp.Dir = ""
	}
	return cp
}

// run runs the cells not yet done on o.Jobs workers.
func (r *runner) run(ctx context.Context, cells []suites.Cell, sum *Summary) error {
	var todo []suites.Cell
	for _, c := range cells {
		sum.Cells++
		if _, ok := r.done[c.ID]; ok {
			sum.Skipped++
			continue
		}
		todo = append(todo, c)
	}
	prog := newProgress(r.o.Progress, len(todo))
	// A results file that cannot be written stops the run: computing cells
	// whose records would be lost is pointless.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	jobs := make(chan suites.Cell)
	var wg sync.WaitGroup
	var firstErr error
	for range min(r.o.Jobs, max(1, len(todo))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				steps := prog.started(c)
				rec, finished := runCell(ctx, r.s, c, r.env, r.checkpointing(), steps)
				if !finished {
					continue
				}
				rec.Warnings = append(rec.Warnings, r.warnings[groupKey{c.Problem.Name, c.Optimizer.SelectedAs(), c.Horizon}]...)
				err := r.w.Append(&rec)
				if err == nil {
					removeCheckpoint(r.o.Dir, c.ID)
				}
				r.mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = fmt.Errorf("writing the results: %w", err)
					}
					stop()
					r.mu.Unlock()
					continue
				}
				r.done[c.ID] = rec
				sum.Ran++
				switch rec.Status {
				case record.StatusDiverged:
					sum.Diverged++
				case record.StatusError:
					sum.Failed++
				}
				r.mu.Unlock()
				prog.finished(c, rec.Status)
			}
		}()
	}
	for _, c := range todo {
		if ctx.Err() != nil {
			break
		}
		jobs <- c
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	if ctx.Err() != nil {
		return ErrInterrupted
	}
	return nil
}

// choice is what the selection rule prefers for one problem × optimizer
// × horizon of cells run: the best candidate (an entry or a grid point, at
// a rate) and the rates that candidate ran at.
type choice struct {
	key   groupKey
	p     *suites.Problem
	o     *suites.Optimizer
	lr    float64
	rates []float64           // ascending
	sums  []selection.Summary // at rates
	goal  string              // of the selection metric
}

// choose applies the selection rule (internal/selection) on the protocol's
// selection metric to the records of cells, per problem, optimizer and
// horizon, in the cells' order. Candidates are in the order the reports
// list them (rates ascending, then grid points in record.ComparePoints's
// order), so a tie goes to the smaller rate, then the earlier point.
func (r *runner) choose(cells []suites.Cell) []choice {
	type cand struct {
		o    *suites.Optimizer // the entry, or a point of its grid
		lr   float64
		recs []*record.Record
	}
	type group struct {
		p     *suites.Problem
		cands []*cand
	}
	var order []groupKey
	groups := map[groupKey]*group{}
	for _, c := range cells {
		key := groupKey{c.Problem.Name, c.Optimizer.SelectedAs(), c.Horizon}
		g := groups[key]
		if g == nil {
			g = &group{p: c.Problem}
			groups[key] = g
			order = append(order, key)
		}
		i := slices.IndexFunc(g.cands, func(x *cand) bool { return x.o == c.Optimizer && x.lr == c.LR })
		if i < 0 {
			i = len(g.cands)
			g.cands = append(g.cands, &cand{o: c.Optimizer, lr: c.LR})
		}
		done := r.done[c.ID]
		g.cands[i].recs = append(g.cands[i].recs, &done)
	}
	metric, goal := r.s.Protocol.Select, r.s.Protocol.SelectGoal
	var out []choice
	for _, key := range order {
		g := groups[key]
		slices.SortStableFunc(g.cands, func(a, b *cand) int {
			if a.lr != b.lr {
				return cmp.Compare(a.lr, b.lr)
			}
			return record.ComparePoints(a.o.Point, b.o.Point)
		})
		sums := make([]selection.Summary, len(g.cands))
		for i, c := range g.cands {
			sums[i] = selection.Summarize(c.recs, metric)
		}
		best := g.cands[selection.Select(sums, goal)]
		ch := choice{key: key, p: g.p, o: best.o, lr: best.lr, goal: goal}
		for i, c := range g.cands {
			if c.o == best.o {
				ch.rates, ch.sums = append(ch.rates, c.lr), append(ch.sums, sums[i])
			}
		}
		out = append(out, ch)
	}
	return out
}

// atEdge says whether the chosen rate is the smallest or the largest of
// several the candidate ran.
func (ch choice) atEdge() bool {
	n := len(ch.rates)
	return n > 1 && (ch.lr == ch.rates[0] || ch.lr == ch.rates[n-1])
}

// secondPhase chooses, per problem, optimizer and horizon of the tuning
// cells, the rate (and, for an entry with a grid selected as a whole, the
// grid point) the selection rule prefers over the tuning seeds (choose),
// and returns the seed cells there, with a warning where the chosen rate
// sits at the edge of the grid (widened or not).
func (r *runner) secondPhase(tune []suites.Cell) ([]suites.Cell, map[groupKey][]string) {
	var cells []suites.Cell
	warnings := map[groupKey][]string{}
	for _, ch := range r.choose(tune) {
		if ch.atEdge() {
			at := ""
			if ch.o.Point != nil && ch.o.SelectedAs() != ch.o.Name {
				at = " (at " + record.PointText(ch.o.Point) + ")"
			}
			warnings[ch.key] = append(warnings[ch.key], fmt.Sprintf(
				"tuned rate %g%s is at the edge of the grid [%g, %g]: widen the grid", ch.lr, at, ch.rates[0], ch.rates[len(ch.rates)-1]))
		}
		cells = append(cells, r.s.SeedCells(ch.p, ch.o, ch.lr, ch.key.horizon)...)
	}
	return cells, warnings
}

// groupKey names a problem × optimizer × horizon: what one rate is tuned
// for; the optimizer is a cell's Optimizer.SelectedAs (an entry selected
// over its whole grid is one).
type groupKey struct {
	problem, optimizer string
	horizon            int
}
