package suites

import (
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/sfbench/sfbench/problems"
)

// Suite is a validated suite.
type Suite struct {
	Name        string
	Description string
	Path        string // where it was read from (for messages and records)

	Problems   []*Problem
	Optimizers []*Optimizer
	Seeds      []int
	Budget     Budget
	Eval       Eval
	Divergence Divergence
	Protocol   Protocol
	// Settings fingerprints Budget, Eval, Divergence and Protocol (records
	// carry it; see record.Record.SuiteSettings).
	Settings string
}

// Problem is a validated problem entry: a registered kind and its options.
type Problem struct {
	Name    string
	Kind    string
	Options any // the kind's options struct, filled
	// StepsPerEpoch is the problem's minibatches per epoch (for epoch budgets).
	StepsPerEpoch int
	// Memory is about the bytes one cell of the problem needs (see
	// problems.Plan.Memory); validation refused more than MemoryBudget.
	Memory float64
	// Work is about how many operations building the problem takes
	// (problems.Plan.Work).
	Work float64
	// DataDigest is a digest of the contents of the data files the options
	// name (FileTag), "" when they name none: OptionsMap carries it as
	// data_sha256, so a cell's id and record change with the data.
	DataDigest string
	dataFiles  []string // the files DataDigest covers

	kind        problems.Kind
	line        int
	optionsOnce sync.Once
	optionsMap  map[string]any
}

// DataDigestKey names the digest of a problem's data files in its options
// map (records, cell ids).
const DataDigestKey = "data_sha256"

// OptionsMap returns the options under their YAML names (for records and
// cell ids): the options struct encoded as YAML and read back as a map,
// with the digest of its data files (DataDigestKey) when it names any,
// computed once; it is shared, do not modify it.
func (p *Problem) OptionsMap() map[string]any {
	p.optionsOnce.Do(func() {
		b, err := yaml.Marshal(p.Options)
		if err != nil {
			panic("suites: options of " + p.Kind + " do not encode: " + err.Error())
		}
		p.optionsMap = map[string]any{}
		if err := yaml.Unmarshal(b, &p.optionsMap); err != nil {
			panic("suites: options of " + p.Kind + " do not decode: " + err.Error())
		}
		if p.DataDigest != "" {
			p.optionsMap[DataDigestKey] = p.DataDigest
		}
	})
	return p.optionsMap
}

// New builds the problem for a data/initialization seed.
func (p *Problem) New(seed uint64) (problems.Problem, error) { return p.kind.New(p.Options, seed) }

// Budget is how long cells run: a fixed number of steps, a number of epochs
// (converted per problem), or a list of horizons in steps (one cell each,
// for Pareto and anytime studies).
type Budget struct {
	Steps    int
	Epochs   int
	Horizons []int
}

// Horizons returns the run lengths in steps of optimizer o on problem p:
// the budget's, or only the longest for an anytime optimizer.
func (s *Suite) Horizons(p *Problem, o *Optimizer) []int {
	h := s.Budget.horizons(p)
	if o.Anytime {
		return h[len(h)-1:] // horizons are increasing (validated)
	}
	return h
}

// horizons returns the run lengths in steps for a problem.
func (b Budget) horizons(p *Problem) []int {
	switch {
	case len(b.Horizons) > 0:
		return b.Horizons
	case b.Epochs > 0:
		return []int{b.Epochs * p.StepsPerEpoch}
	}
	return []int{b.Steps}
}

// Eval is the evaluation cadence: every Every steps, or at Points evenly
// spaced steps; At is the point evaluated for schedule-free and averaged
// methods: "x" (default), "y" or "z", the one reported and selected by.
// Also are more points evaluated at the same steps (`at: [x, y, z]`),
// recorded beside it (record.Point.At, Record.FinalAt). Diagnostics
// (`diagnostics: true`) records at every evaluation the optimizer's rate,
// averaging weight c_k, ‖x − z‖, ‖y − x‖ (optim.Diagnoser) and the norm of
// the last minibatch gradient (record.Point.Diag). It is part of the cell
// ids and settings, as records with and without diagnostics differ, though
// their metrics are the same bit for bit: diagnosing reads the state only.
type Eval struct {
	Every       int
	Points      int
	At          string
	Also        []string `json:",omitempty"` // absent from ids when empty, so cells without it keep theirs
	Diagnostics bool     `json:",omitempty"` // likewise
}

// Steps returns the steps (1-based counts of steps taken, ending at the
// horizon) after which a run of horizon steps is evaluated.
func (e Eval) Steps(horizon int) []int {
	var out []int
	if e.Every > 0 {
		for s := e.Every; s < horizon; s += e.Every {
			out = append(out, s)
		}
	} else {
		for i := 1; i < e.Points; i++ {
			if s := int(int64(horizon) * int64(i) / int64(e.Points)); s > 0 && (len(out) == 0 || s > out[len(out)-1]) {
				out = append(out, s)
			}
		}
	}
	return append(out, horizon)
}

// Divergence says when a cell stops as diverged. As in the paper and the
// official code, a run is lost only when its loss (the minibatch loss of a
// step, or the full-batch training loss at an evaluation) or a parameter
// becomes non-finite; early loss spikes that recover are normal at large
// rates. The blow-up rule is opt-in: with Factor > 0, a run also diverges
// when its full-batch training loss exceeds Factor × the initial one at
// Patience consecutive evaluations. It never looks at a minibatch loss.
type Divergence struct {
	Factor   float64 `json:"factor,omitempty"`
	Patience int     `json:"patience,omitempty"`
}

// DefaultPatience is the blow-up rule's patience when a suite sets only the
// factor.
const DefaultPatience = 3

// Protocol says how cells are chosen: "sweep" runs every rate × seed;
// "tune-then-seeds" sweeps rates on TuneSeeds, picks per problem ×
// optimizer (and horizon) the best rate by Select under the selection rule
// (internal/selection), then runs Seeds at it. Metric (Goal "min" or "max")
// is what tables report. A rate is never selected on the data it is
// reported on: for a test metric Select defaults to its validation twin
// (val_*, with each problem's validation split turned on unless the suite
// sets it), or, for problems without one, its training twin.
type Protocol struct {
	Kind   string
	Metric string
	Select string
	Goal   string // of Metric
	// SelectGoal is the goal of Select: Goal when Select is Metric, else
	// "max" for an accuracy and "min" otherwise.
	SelectGoal string
	TuneSeeds  []int
	Seeds      []int
	// Widen is how many rates a grid may gain on each side (0: off). When
	// the rate selected for a problem × optimizer (× horizon) is the
	// largest of the grid, the harness runs twice that rate, and so on,
	// until the selected rate is inside the grid (the new rate is worse,
	// or diverges) or Widen rates were added; the same below with half
	// the smallest rate. Absent from the suite's settings (Suite.Settings,
	// which every record carries) when off, so suites without it keep them.
	Widen int `json:",omitempty"`
	// Targets are per problem the value of Metric that the steps-to-target
	// table and the scores time each optimizer to (problems without one:
	// the best final mean of any optimizer made 2% worse). Baseline names
	// the optimizer (a table column) the scores' speedups are over
	// (empty: the first that is not schedule-free). Both only change what
	// the reports measure; like Metric they are carried in every record
	// and are part of the suite's settings when set.
	Targets  map[string]float64 `json:",omitempty"`
	Baseline string             `json:",omitempty"`
}

// DefaultWidenLimit is how many rates widen: true adds at most per side
// (a factor of 2^8 = 256 beyond the grid).
const DefaultWidenLimit = 8
