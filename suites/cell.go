package suites

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
)

// Cell is one run of the grid: a problem, an optimizer (an entry, or one
// point of its grid) at one learning rate, one seed and one horizon.
type Cell struct {
	ID        string // stable: a hash of the resolved configuration
	Suite     string
	Problem   *Problem
	Optimizer *Optimizer // the entry, or the point of its grid (Optimizer.Points)
	// ProblemIndex and OptimizerIndex are the positions in the suite of
	// the problem and of the optimizer's entry.
	ProblemIndex, OptimizerIndex int
	LR                           float64
	Seed                         int
	Horizon                      int    // steps
	Phase                        string // "sweep", "tune" or "seeds" (tune-then-seeds)
	// DataSeed seeds the problem (initial point, data order, noise). It
	// depends on the problem and the seed only, so every optimizer compared
	// on a problem sees the same data order and starting point.
	DataSeed uint64
	// Widened marks a rate the protocol added beyond the grid (widen); it
	// is not part of the id, which is the same cell's at that rate.
	Widened bool
}

// identity is what a cell's ID hashes: everything that changes its result,
// nothing that only labels it. A grid point's settings are in Hyper, so a
// point has the id of an entry written out with the point's settings.
type identity struct {
	ProblemKind string         `json:"problem_kind"`
	Options     any            `json:"options"`
	Optimizer   string         `json:"optimizer_kind"`
	Hyper       map[string]any `json:"hyper"`
	LR          float64        `json:"lr"`
	Seed        int            `json:"seed"`
	Horizon     int            `json:"horizon"`
	Eval        Eval           `json:"eval"`
	Divergence  Divergence     `json:"divergence"`
}

func hashJSON(v any) []byte {
	b, err := json.Marshal(v) // maps marshal with sorted keys: canonical
	if err != nil {
		panic("suites: cannot hash " + err.Error())
	}
	sum := sha256.Sum256(b)
	return sum[:]
}

func (s *Suite) cell(p *Problem, o *Optimizer, lr float64, seed, horizon int, phase string) Cell {
	id := hashJSON(identity{ProblemKind: p.Kind, Options: p.OptionsMap(), Optimizer: o.Kind, Hyper: o.Hyper(),
		LR: lr, Seed: seed, Horizon: horizon, Eval: s.Eval, Divergence: s.Divergence})
	data := hashJSON(struct {
		Kind    string `json:"kind"`
		Options any    `json:"options"`
		Seed    int    `json:"seed"`
	}{p.Kind, p.OptionsMap(), seed})
	pi, oi := s.indexes(p, o)
	return Cell{ID: hex.EncodeToString(id[:8]), Suite: s.Name, Problem: p, Optimizer: o,
		ProblemIndex: pi, OptimizerIndex: oi, LR: lr, Seed: seed,
		Horizon: horizon, Phase: phase, DataSeed: binary.LittleEndian.Uint64(data)}
}

// Cells expands the suite into its cells, in a fixed order (problem,
// optimizer entry, grid point, rate, seed, horizon), leaving out the
// problems an entry does not run on. For tune-then-seeds these are the
// tuning cells; SeedCells gives the second phase once the rates (and grid
// points) are chosen (one per horizon: each horizon is tuned on its own,
// as the paper tunes each training length of a scheduled baseline).
func (s *Suite) Cells() []Cell {
	seeds, phase := s.Protocol.Seeds, "sweep"
	if s.Protocol.Kind == "tune-then-seeds" {
		seeds, phase = s.Protocol.TuneSeeds, "tune"
	}
	var out []Cell
	s.eachPoint(func(p *Problem, pt *Optimizer) {
		for _, lr := range pt.Rates(p) {
			out = append(out, s.seedRuns(p, pt, lr, seeds, s.Horizons(p, pt), phase)...)
		}
	})
	return out
}

// eachPoint calls f for every problem and configuration run on it (an
// optimizer entry, or each point of its grid), in the suite's order.
func (s *Suite) eachPoint(f func(p *Problem, pt *Optimizer)) {
	for _, p := range s.Problems {
		for _, o := range s.Optimizers {
			if !o.RunsOn(p) {
				continue
			}
			for _, pt := range o.Points() {
				f(p, pt)
			}
		}
	}
}

// indexes returns the positions of p and of o's entry in the suite.
func (s *Suite) indexes(p *Problem, o *Optimizer) (pi, oi int) {
	for i, q := range s.Problems {
		if q == p {
			pi = i
		}
	}
	for i, q := range s.Optimizers {
		if q == o.Entry() {
			oi = i
		}
	}
	return pi, oi
}

// PossibleCells is the set of ids of every cell the suite can produce: the
// grid, and for tune-then-seeds the seeds phase at any rate and grid point.
func (s *Suite) PossibleCells() map[string]bool {
	ids := map[string]bool{}
	for id := range s.Possible() {
		ids[id] = true
	}
	return ids
}

// Possible maps the id of every cell the suite can produce (see
// PossibleCells) to the cell (of the seeds phase, when it is one of both
// phases).
func (s *Suite) Possible() map[string]Cell {
	ids := map[string]Cell{}
	for _, c := range s.Cells() {
		ids[c.ID] = c
	}
	for _, c := range s.widenable() {
		ids[c.ID] = c
	}
	if s.Protocol.Kind == "tune-then-seeds" {
		s.eachPoint(func(p *Problem, pt *Optimizer) {
			for _, lr := range pt.Rates(p) {
				for _, h := range s.Horizons(p, pt) {
					for _, c := range s.SeedCells(p, pt, lr, h) {
						ids[c.ID] = c
					}
				}
			}
		})
	}
	return ids
}

// SeedCells is the second phase of tune-then-seeds: the protocol's seeds at
// the rate chosen for a problem, optimizer (an entry, or the grid point
// chosen) and horizon.
func (s *Suite) SeedCells(p *Problem, o *Optimizer, lr float64, horizon int) []Cell {
	return s.seedRuns(p, o, lr, s.Protocol.Seeds, []int{horizon}, "seeds")
}

func (s *Suite) seedRuns(p *Problem, o *Optimizer, lr float64, seeds, horizons []int, phase string) []Cell {
	var out []Cell
	for _, seed := range seeds {
		for _, h := range horizons {
			out = append(out, s.cell(p, o, lr, seed, h, phase))
		}
	}
	return out
}
