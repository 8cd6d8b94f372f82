//go:build !amd64

package convex

// prefetchRows is a no-op where no prefetch instruction is wired up.
func prefetchRows(x []float64, idx []int, d int) {}
