package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Split divides ds into a training part and a held-out part holding
// round(fraction*N) rows. The held-out rows are the first round(fraction*N)
// entries of the permutation permute(0..N-1) drawn from a PCG generator
// seeded with PCGSeeds(seed, SplitStream); both parts keep the original
// row order. The split depends only on (N, fraction, seed).
//
// It is an error if fraction is not in (0, 1) or either part would be empty.
func Split(ds *Dataset, fraction float64, seed uint64) (train, held *Dataset, err error) {
	h, err := SplitSize(ds.N, ds.Name, fraction)
	if err != nil {
		return nil, nil, err
	}
	perm := make([]int, ds.N)
	p := rand.NewPCG(PCGSeeds(seed, SplitStream))
	permute(perm, p)
	heldIdx, trainIdx := perm[:h], perm[h:]
	slices.Sort(heldIdx)
	slices.Sort(trainIdx)
	return ds.Subset(trainIdx), ds.Subset(heldIdx), nil
}

// SplitSize is the number of the n rows of the data set called name that
// Split holds out with fraction, or the error Split gives; it allocates
// nothing.
func SplitSize(n int, name string, fraction float64) (held int, err error) {
	if !(fraction > 0 && fraction < 1) {
		return 0, fmt.Errorf("data: split fraction %v is not in (0, 1)", fraction)
	}
	h := int(math.Round(fraction * float64(n)))
	if h == 0 || h == n {
		return 0, fmt.Errorf("data: splitting %d rows of %s with fraction %v leaves a part empty", n, name, fraction)
	}
	return h, nil
}
