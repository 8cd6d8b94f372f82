//go:build !unix

package nn

// processCPUNanos is unavailable here; the cpu-ns/op metric reads 0.
func processCPUNanos() int64 { return 0 }
