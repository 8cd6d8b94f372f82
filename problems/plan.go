package problems

import (
	"slices"

	"github.com/sfbench/sfbench/problems/data"
)

// Plan is what a suite learns of a problem from its options alone, before
// building it (see Kind.Plan).
//
// Sizes are float64, so that absurd options (dim: 1e18, whose square does
// not fit an int64) give a huge estimate instead of a wrapped one.
type Plan struct {
	// Memory is about how many bytes one cell of the problem needs at its
	// peak: the problem's data (counted even when cached and shared),
	// model, buffers and what building it allocates on the way, plus
	// RunVectors vectors of its dimension for the run itself. It is an
	// estimate meant to be within a small factor of the truth, never a
	// wild underestimate.
	Memory float64

	// Dim is the number of parameters the built problem has.
	Dim float64

	// Metrics are the names Evaluate reports, sorted.
	Metrics []string

	// BatchesPerEpoch is what the built problem's BatchesPerEpoch returns.
	BatchesPerEpoch int

	// Work is about how many values New computes or writes (arithmetic
	// operations and memory filled): a suite builds the problems whose
	// work is small, to catch what only building finds, and not the
	// others.
	Work float64
}

// RunVectors is the number of float64 vectors of a problem's dimension a
// run holds beside the problem: the parameters, the gradient and the
// evaluation point of the harness, and up to five of optimizer state
// (the largest, AdamW with an average, or a wrapped AdamW, has three; the
// rest is room for a checkpoint's copy).
const RunVectors = 8

// smallAllocations is what every problem holds beside its sized data:
// structures, generators, small slices.
const smallAllocations = 64 << 10

// NewPlan returns a plan for a problem of dim parameters whose own data,
// model and buffers take floats float64 values (8 bytes each), building
// which costs work, reporting metrics.
func NewPlan(dim, floats, work float64, batchesPerEpoch int, metrics ...string) Plan {
	m := slices.Clone(metrics)
	slices.Sort(m)
	return Plan{Memory: smallAllocations + 8*(floats+RunVectors*dim), Dim: dim, Metrics: slices.Compact(m),
		BatchesPerEpoch: batchesPerEpoch, Work: work}
}

// DatasetFloats is the number of float64-sized values ds holds (features,
// targets; nil counts as none).
func DatasetFloats(ds *data.Dataset) float64 {
	if ds == nil {
		return 0
	}
	return float64(len(ds.X)) + float64(len(ds.Y))
}

// SplitFloats is the number of values SplitValidation(ds, fraction)
// allocates: copies of every row (features and target) and the
// permutation; none without a split.
func SplitFloats(ds *data.Dataset, fraction float64) float64 {
	if fraction == 0 {
		return 0
	}
	return float64(ds.N) * (float64(ds.D) + 2)
}

// PerEpoch is the number of minibatches of size batch in an epoch over n
// examples, as Batches.PerEpoch reports it (batch is capped at n).
func PerEpoch(n, batch int) int {
	batch = min(batch, n)
	if batch < 1 {
		return 1
	}
	return (n-1)/batch + 1
}
