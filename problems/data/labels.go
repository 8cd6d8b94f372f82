package data

import (
	"fmt"
	"slices"
)

// labelSet returns the sorted distinct values of the given label slices.
func labelSet(ys ...[]float64) []float64 {
	seen := make(map[float64]struct{})
	for _, y := range ys {
		for _, v := range y {
			seen[v] = struct{}{}
		}
	}
	out := make([]float64, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// mapLabels replaces each raw label in y (in place) by its index in the
// sorted label set. lines[i] is the source line of y[i], used when a label
// is not in the set.
func mapLabels(path string, y []float64, lines []int, set []float64) error {
	index := make(map[float64]int, len(set))
	for k, v := range set {
		index[v] = k
	}
	for i, v := range y {
		k, ok := index[v]
		if !ok {
			return lineErr(path, lines[i], "label %v is not one of the %d given labels %s", v, len(set), shortList(set))
		}
		y[i] = float64(k)
	}
	return nil
}

// checkLabelSet validates a caller-supplied label mapping.
func checkLabelSet(set []float64) error {
	for k := 1; k < len(set); k++ {
		if !(set[k-1] < set[k]) {
			return fmt.Errorf("data: option Labels must be strictly increasing, got %v", shortList(set))
		}
	}
	return nil
}

func shortList(v []float64) string {
	if len(v) <= 12 {
		return fmt.Sprint(v)
	}
	return fmt.Sprint(v[:12]) + "..."
}
