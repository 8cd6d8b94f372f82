// Package kernel holds the fused loops behind every optimizer update.
//
// Each kernel makes exactly one pass over memory: it reads every input
// element once and writes every output element once. Each has a pure-Go
// reference twin (the generic *Ref functions, whose body is the loop the
// kernel must reproduce) and, when built with GOEXPERIMENT=simd on amd64
// and run on a CPU with AVX2, a vector implementation using simd/archsimd:
// 512-bit with AVX-512, else 256-bit. Only the float64 AVX2 loops are written
// by hand (loops64_amd64.go); the others are generated from them.
//
// The vector code performs the same IEEE operations in the same order as the
// reference (separate multiply and add, never a fused multiply-add), and the
// references convert each product explicitly so the compiler cannot fuse it
// either. Both paths therefore produce bit-identical results, which the tests
// check on random lengths with guard padding around every slice.
//
// Slices passed to one kernel must have equal lengths; the first slice
// argument sets the length. Outputs may alias inputs only where a kernel's
// doc comment says so.
package kernel
