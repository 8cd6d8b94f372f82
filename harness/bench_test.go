package harness

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkCellsPerSecond runs the small test suite with 1 and 2 workers;
// compare the cells/s of the two in one run (target: >= 1.85x with 2).
func BenchmarkCellsPerSecond(b *testing.B) {
	s := loadSmall(b)
	n := len(s.Cells())
	for _, jobs := range []int{1, 2} {
		b.Run(fmt.Sprintf("j=%d", jobs), func(b *testing.B) {
			for b.Loop() {
				if _, err := Run(context.Background(), s, Options{Dir: b.TempDir(), Jobs: jobs}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "cells/s")
		})
	}
}
