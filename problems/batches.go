package problems

import "github.com/sfbench/sfbench/problems/data"

// Batches maps a global step number to the indices of its minibatch: epoch
// step/PerEpoch, batch step%PerEpoch of that epoch's order, which is a
// permutation determined by (seed, epoch) alone (see data.Shuffler).
type Batches struct {
	sh    *data.Shuffler
	epoch int
}

// NewBatches orders n examples in minibatches of size batch for seed.
func NewBatches(n, batch int, seed uint64) *Batches {
	return &Batches{sh: data.NewShuffler(n, batch, seed)}
}

// PerEpoch is the number of minibatches in an epoch.
func (b *Batches) PerEpoch() int { return b.sh.NumBatches() }

// Indices returns the example indices of the minibatch of step (read only,
// valid until the next call). It allocates nothing.
func (b *Batches) Indices(step int) []int {
	nb := b.sh.NumBatches()
	if e := step / nb; e != b.epoch {
		b.sh.SetEpoch(uint64(e))
		b.epoch = e
	}
	return b.sh.Batch(step % nb)
}
