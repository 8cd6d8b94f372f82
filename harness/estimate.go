package harness

import (
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/suites"
)

// Estimate is what a run of a suite will cost, from a few timed steps and
// one timed evaluation of each problem × optimizer (Estimate); it is an
// estimate, not a measurement: the machine's load, caches and a
// problem's later epochs can make the run faster or slower.
type Estimate struct {
	// The cells and training steps of each phase: the grid (sweep, or
	// tune for tune-then-seeds) and, for tune-then-seeds, the seeds phase
	// at the rates the tuning will choose (the tuning seeds' runs are
	// reused, so only the other seeds count).
	GridCells, SeedCells int
	GridSteps, SeedSteps int64
	// CPUSeconds is the estimated time of every cell on one core;
	// WallSeconds at Jobs workers (no faster than the longest cell).
	CPUSeconds, WallSeconds float64
	Jobs                    int
	Pairs                   []PairCost
	// Untimed are the problems too costly to build for an estimate
	// (problems.Plan.Work above ProbeWork): their cells are left out, so
	// the estimate is a lower bound when there are any.
	Untimed []string
}

// ProbeWork bounds the work (suites.Problem.Work) of the problems an
// estimate builds and times: about a second of building.
const ProbeWork = 1e9

// PairCost is the timed cost of one problem × optimizer.
type PairCost struct {
	Problem, Optimizer string
	Setup, Step, Eval  time.Duration // building the problem, one training step, one evaluation
}

// probeTime bounds the steps timed per problem × optimizer.
const (
	probeTime  = 40 * time.Millisecond
	probeSteps = 2000
)

// EstimateRun times a few training steps and one evaluation of each
// problem × optimizer of s (at the optimizer's first rate, the first seed)
// and estimates the cost of running cells (the grid, as Shard.Cells gives
// it) and, for tune-then-seeds, the seeds phase, at jobs workers (0: the
// number of CPUs).
func EstimateRun(s *suites.Suite, cells []suites.Cell, jobs int) (Estimate, error) {
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	e := Estimate{Jobs: jobs}
	type pair struct{ p, o string }
	costs := map[pair]PairCost{}
	for _, p := range s.Problems {
		if p.Work > ProbeWork {
			e.Untimed = append(e.Untimed, p.Name)
			continue
		}
		for _, o := range s.Optimizers {
			if !o.RunsOn(p) {
				continue
			}
			c, err := probe(s, p, o)
			if err != nil {
				return e, fmt.Errorf("estimate: %s × %s: %w", p.Name, o.Name, err)
			}
			costs[pair{p.Name, o.Name}] = c
			e.Pairs = append(e.Pairs, c)
		}
	}
	longest := 0.0
	add := func(c suites.Cell) {
		pc, ok := costs[pair{c.Problem.Name, c.Optimizer.Entry().Name}] // a grid's points cost as its entry
		if !ok {
			return // untimed
		}
		evals := len(s.Eval.Steps(c.Horizon)) + 1 // and the start
		t := pc.Setup.Seconds() + float64(c.Horizon)*pc.Step.Seconds() + float64(evals)*pc.Eval.Seconds()
		e.CPUSeconds += t
		longest = max(longest, t)
	}
	for _, c := range cells {
		e.GridCells++
		e.GridSteps += int64(c.Horizon)
		add(c)
	}
	if s.Protocol.Kind == "tune-then-seeds" {
		// Which rate (and grid point) the tuning picks is unknown: the
		// first rate's cells stand for it (rates cost the same per step),
		// once per entry, or per grid point of an entry selecting the rate
		// of each point (select: rate).
		shard := map[string]bool{}
		for _, c := range cells {
			shard[c.Problem.Name+"\x00"+c.Optimizer.Entry().Name] = true
		}
		for _, p := range s.Problems {
			for _, entry := range s.Optimizers {
				if !shard[p.Name+"\x00"+entry.Name] {
					continue
				}
				chosen := entry.Points()[:1]
				if entry.Select == record.SelectRate {
					chosen = entry.Points()
				}
				for _, o := range chosen {
					for _, h := range s.Horizons(p, o) {
						for _, c := range s.SeedCells(p, o, o.Rates(p)[0], h) {
							if slices.Contains(s.Protocol.TuneSeeds, c.Seed) {
								continue
							}
							e.SeedCells++
							e.SeedSteps += int64(c.Horizon)
							add(c)
						}
					}
				}
			}
		}
	}
	e.WallSeconds = max(e.CPUSeconds/float64(min(e.Jobs, max(1, e.GridCells+e.SeedCells))), longest)
	return e, nil
}

// probe times building p, a few training steps with o and one evaluation.
func probe(s *suites.Suite, p *suites.Problem, o *suites.Optimizer) (PairCost, error) {
	pc := PairCost{Problem: p.Name, Optimizer: o.Name}
	horizon := s.Horizons(p, o)[0]
	cell := s.SeedCells(p, o, o.LRs[0], horizon)[0]
	start := time.Now()
	prob, err := p.New(cell.DataSeed)
	if err != nil {
		return pc, err
	}
	opt, err := o.New(o.LRs[0], horizon)
	if err != nil {
		return pc, err
	}
	pc.Setup = time.Since(start)
	n := prob.Dim()
	w, g, x := make([]float64, n), make([]float64, n), make([]float64, n)
	prob.Init(w)
	steps := 0
	start = time.Now()
	for steps < probeSteps && (steps < 3 || time.Since(start) < probeTime) {
		prob.LossGrad(w, g, steps)
		opt.Step(w, g)
		steps++
	}
	pc.Step = time.Since(start) / time.Duration(steps)
	start = time.Now()
	evaluate(prob, opt, w, x, s.Eval.At, steps, 0)
	pc.Eval = time.Since(start)
	return pc, nil
}
