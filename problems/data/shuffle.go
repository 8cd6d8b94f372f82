package data

import (
	"iter"
	"math/bits"
	"math/rand/v2"
)

// mix64 is the SplitMix64 output function applied to x+0x9E3779B97F4A7C15:
//
//	z = x + 0x9E3779B97F4A7C15
//	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
//	z = (z ^ z>>27) * 0x94D049BB133111EB
//	return z ^ z>>31
func mix64(x uint64) uint64 {
	z := x + 0x9E3779B97F4A7C15
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

// SplitStream is the stream number that Split uses in place of an epoch.
const SplitStream = 0x73706c6974 // "split" in ASCII

// Permutation is a permutation of 0 … n-1 drawn for (seed, stream) by the
// package's own Fisher–Yates shuffle on the PCG generator of PCGSeeds, so
// that it never depends on the standard library's shuffling.
func Permutation(n int, seed, stream uint64) []int {
	perm := make([]int, n)
	permute(perm, rand.NewPCG(PCGSeeds(seed, stream)))
	return perm
}

// PCGSeeds returns the two words with which a math/rand/v2 PCG generator
// is seeded for (seed, stream): rand.NewPCG(mix64(seed), mix64(stream)),
// where mix64 is the SplitMix64 finalizer of x+0x9E3779B97F4A7C15. The
// Shuffler uses the epoch as stream; Split uses SplitStream.
func PCGSeeds(seed, stream uint64) (seed1, seed2 uint64) {
	return mix64(seed), mix64(stream)
}

// boundedDraw returns a uniform integer in [0, n) from p, by Lemire's
// multiply-and-reject method: x = p.Uint64(); (hi, lo) = x*n as a 128-bit
// product; if lo < (2^64 - n) mod n draw again; return hi.
func boundedDraw(p *rand.PCG, n uint64) uint64 {
	hi, lo := bits.Mul64(p.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(p.Uint64(), n)
		}
	}
	return hi
}

// permute fills perm with 0..n-1 and shuffles it with the Fisher–Yates
// algorithm: for i = n-1 down to 1, swap perm[i] and perm[boundedDraw(p, i+1)].
func permute(perm []int, p *rand.PCG) {
	for i := range perm {
		perm[i] = i
	}
	for i := len(perm) - 1; i > 0; i-- {
		j := boundedDraw(p, uint64(i+1))
		perm[i], perm[j] = perm[j], perm[i]
	}
}

// Shuffler produces a deterministic minibatch order: for epoch e, the order
// of the n example indices is the Fisher–Yates permutation (see permute)
// driven by a PCG generator seeded with PCGSeeds(seed, e), starting from the
// identity. The order therefore depends only on (n, seed, epoch), not on the
// epochs visited before, and changes every epoch.
//
// Batches are consecutive slices of that order of batchSize indices; the
// last batch of an epoch is smaller when batchSize does not divide n.
// After NewShuffler, SetEpoch and Batch allocate nothing.
//
// A Shuffler is not safe for concurrent use.
type Shuffler struct {
	n, batch int
	seed     uint64
	epoch    uint64
	perm     []int
	pcg      rand.PCG
}

// NewShuffler returns a Shuffler over n examples with the given batch size,
// positioned at epoch 0. It panics if n or batchSize is not positive.
func NewShuffler(n, batchSize int, seed uint64) *Shuffler {
	if n <= 0 || batchSize <= 0 {
		panic("data: NewShuffler needs n > 0 and batchSize > 0")
	}
	s := &Shuffler{n: n, batch: batchSize, seed: seed, perm: make([]int, n)}
	s.SetEpoch(0)
	return s
}

// SetEpoch recomputes the order for epoch e.
func (s *Shuffler) SetEpoch(e uint64) {
	s.epoch = e
	s.pcg.Seed(PCGSeeds(s.seed, e))
	permute(s.perm, &s.pcg)
}

// Epoch is the current epoch.
func (s *Shuffler) Epoch() uint64 { return s.epoch }

// Order is the current epoch's permutation of 0..n-1. It is owned by the
// Shuffler and overwritten by SetEpoch; do not modify it.
func (s *Shuffler) Order() []int { return s.perm }

// BatchSize is the batch size given to NewShuffler.
func (s *Shuffler) BatchSize() int { return s.batch }

// NumBatches is the number of batches per epoch, ceil(n/batchSize).
func (s *Shuffler) NumBatches() int { return (s.n + s.batch - 1) / s.batch }

// Batch returns the indices of batch b (0 <= b < NumBatches()) of the
// current epoch, a subslice of Order.
func (s *Shuffler) Batch(b int) []int {
	lo := b * s.batch
	hi := min(lo+s.batch, s.n)
	return s.perm[lo:hi:hi]
}

// Batches sets the epoch and yields (batch number, indices) for each batch:
//
//	for b, idx := range sh.Batches(epoch) { ... }
func (s *Shuffler) Batches(epoch uint64) iter.Seq2[int, []int] {
	return func(yield func(int, []int) bool) {
		s.SetEpoch(epoch)
		for b := range s.NumBatches() {
			if !yield(b, s.Batch(b)) {
				return
			}
		}
	}
}
