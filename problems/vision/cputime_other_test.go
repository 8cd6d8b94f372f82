//go:build !unix

package vision_test

// processCPUNanos is unavailable here; the cpu-ns/op metric reads 0.
func processCPUNanos() int64 { return 0 }
