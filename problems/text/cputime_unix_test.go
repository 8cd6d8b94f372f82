//go:build unix

package text_test

import "syscall"

// processCPUNanos is the user+system CPU time of this process. On a shared
// machine it measures the work done rather than the wall time spent waiting
// for a core (benchmarks report it as cpu-ns/op).
func processCPUNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
