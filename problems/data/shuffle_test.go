package data

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestShuffler(t *testing.T) {
	for _, c := range []struct{ n, batch int }{{1, 1}, {10, 3}, {100, 10}, {1000, 64}, {7, 100}} {
		s := NewShuffler(c.n, c.batch, 42)
		if want := (c.n + c.batch - 1) / c.batch; s.NumBatches() != want {
			t.Errorf("n=%d batch=%d: %d batches, want %d", c.n, c.batch, s.NumBatches(), want)
		}
		orders := map[uint64][]int{}
		for _, e := range []uint64{0, 1, 2, 1000} {
			// Every index exactly once per epoch, batches of the right size.
			seen := make([]int, c.n)
			total := 0
			for b, idx := range s.Batches(e) {
				if b < s.NumBatches()-1 && len(idx) != c.batch {
					t.Errorf("batch %d has %d indices, want %d", b, len(idx), c.batch)
				}
				for _, i := range idx {
					seen[i]++
				}
				total += len(idx)
			}
			if total != c.n {
				t.Errorf("epoch %d: %d indices, want %d", e, total, c.n)
			}
			for i, k := range seen {
				if k != 1 {
					t.Fatalf("n=%d epoch %d: index %d appears %d times", c.n, e, i, k)
				}
			}
			orders[e] = slices.Clone(s.Order())
		}
		// Same (seed, epoch) => same order, regardless of history.
		fresh := NewShuffler(c.n, c.batch, 42)
		fresh.SetEpoch(2)
		if !slices.Equal(fresh.Order(), orders[2]) {
			t.Errorf("n=%d: epoch 2 order depends on history", c.n)
		}
		// Different epochs and seeds differ (for n large enough to matter).
		if c.n >= 10 {
			if slices.Equal(orders[0], orders[1]) || slices.Equal(orders[1], orders[2]) {
				t.Errorf("n=%d: consecutive epochs give the same order", c.n)
			}
			other := NewShuffler(c.n, c.batch, 43)
			if slices.Equal(other.Order(), orders[0]) {
				t.Errorf("n=%d: seeds 42 and 43 give the same order", c.n)
			}
		}
	}
}

// TestShufflerGolden pins the exact order so that any change to the
// documented derivation (PCGSeeds, boundedDraw, permute) is noticed.
func TestShufflerGolden(t *testing.T) {
	s := NewShuffler(10, 4, 1)
	got0 := slices.Clone(s.Order())
	s.SetEpoch(1)
	got1 := slices.Clone(s.Order())
	// Recompute independently from the documented recipe.
	ref := func(seed, epoch uint64) []int {
		p := rand.NewPCG(mix64(seed), mix64(epoch))
		perm := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
		for i := 9; i > 0; i-- {
			n := uint64(i + 1)
			var j uint64
			for {
				x := p.Uint64()
				hi, lo := mul128(x, n)
				if lo >= (-n)%n {
					j = hi
					break
				}
			}
			perm[i], perm[j] = perm[j], perm[i]
		}
		return perm
	}
	if !slices.Equal(got0, ref(1, 0)) || !slices.Equal(got1, ref(1, 1)) {
		t.Errorf("orders %v %v differ from the documented recipe %v %v", got0, got1, ref(1, 0), ref(1, 1))
	}
	want0 := []int{8, 5, 3, 7, 2, 6, 4, 9, 1, 0} // recorded once; must never change
	if !slices.Equal(got0, want0) {
		t.Errorf("epoch 0 order %v, golden %v", got0, want0)
	}
	if mix64(0) != 0xe220a8397b1dcdaf {
		t.Errorf("mix64(0) = %#x, want SplitMix64's first output 0xe220a8397b1dcdaf", mix64(0))
	}
}

// mul128 is a schoolbook 64×64→128 multiply, independent of math/bits.
func mul128(a, b uint64) (hi, lo uint64) {
	a0, a1 := a&0xffffffff, a>>32
	b0, b1 := b&0xffffffff, b>>32
	p00, p01, p10, p11 := a0*b0, a0*b1, a1*b0, a1*b1
	mid := p00>>32 + p01&0xffffffff + p10&0xffffffff
	hi = p11 + p01>>32 + p10>>32 + mid>>32
	lo = a * b
	return
}

// TestShufflerUniform: positions are roughly uniform over many epochs.
func TestShufflerUniform(t *testing.T) {
	const n, epochs = 5, 20000
	s := NewShuffler(n, 1, 7)
	var count [n][n]int
	for e := range uint64(epochs) {
		s.SetEpoch(e)
		for pos, i := range s.Order() {
			count[i][pos]++
		}
	}
	exp := float64(epochs) / n
	for i := range n {
		for pos := range n {
			if d := math.Abs(float64(count[i][pos]) - exp); d > 6*math.Sqrt(exp) {
				t.Errorf("index %d at position %d %d times, expected about %.0f", i, pos, count[i][pos], exp)
			}
		}
	}
}

func TestShufflerNoAllocs(t *testing.T) {
	s := NewShuffler(1000, 32, 3)
	var sink int
	e := uint64(0)
	allocs := testing.AllocsPerRun(20, func() {
		e++
		s.SetEpoch(e)
		for b := range s.NumBatches() {
			sink += s.Batch(b)[0]
		}
	})
	if allocs != 0 {
		t.Errorf("SetEpoch+Batch allocate %v times per epoch", allocs)
	}
	// The iterator form may cost at most one closure per epoch (it costs
	// none when inlined), never one per batch: 32 batches per epoch here.
	allocs = testing.AllocsPerRun(20, func() {
		e++
		for _, idx := range s.Batches(e) {
			sink += idx[0]
		}
	})
	if allocs > 1 {
		t.Errorf("Batches allocates %v times per epoch of %d batches", allocs, s.NumBatches())
	}
	_ = sink
}

func TestNewShufflerPanics(t *testing.T) {
	for _, c := range [][2]int{{0, 1}, {1, 0}, {-1, 5}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewShuffler(%d, %d) did not panic", c[0], c[1])
				}
			}()
			NewShuffler(c[0], c[1], 0)
		}()
	}
}

// Permutation is a permutation, the same for the same seed and stream and
// another for another stream.
func TestPermutation(t *testing.T) {
	a, b, c := Permutation(50, 7, 1), Permutation(50, 7, 1), Permutation(50, 7, 2)
	seen := make([]bool, 50)
	for _, i := range a {
		if i < 0 || i >= 50 || seen[i] {
			t.Fatalf("not a permutation: %v", a)
		}
		seen[i] = true
	}
	if !slices.Equal(a, b) || slices.Equal(a, c) {
		t.Errorf("seed 7: stream 1 twice %v %v, stream 2 %v", a, b, c)
	}
}
