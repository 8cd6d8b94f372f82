package convex

import "unsafe"

// prefetchRows asks the CPU to bring rows idx of the row-major matrix x
// (rows of d elements) into the cache: one PREFETCHT0 per 64-byte line of
// each row. It reads and changes nothing; the indices must be rows of x.
func prefetchRows(x []float64, idx []int, d int) {
	if len(x) == 0 || d == 0 {
		return
	}
	prefetchLines(unsafe.Pointer(unsafe.SliceData(x)), idx, d*8)
}

// prefetchLines issues PREFETCHT0 for every 64-byte line of the rowBytes
// bytes at base + i*rowBytes, for each i in idx (prefetch_amd64.s). A
// prefetch never faults, and it touches no vector register.
//
//go:noescape
func prefetchLines(base unsafe.Pointer, idx []int, rowBytes int)
