package kernel

import "unsafe"

// gap is the number of elements left between two state vectors carved from
// one allocation. Vectors whose starts lie a power-of-two distance apart share
// cache sets and 4 KiB alias in the load/store unit; on the 2-core AVX2 machine
// this project is measured on, such spacing made the fused step 7x slower.
// Strides are multiples of 16 elements and the first vector starts on a
// 64-byte boundary, so every vector is 64-byte aligned for float32 and
// float64 alike: a 512-bit load never straddles two cache lines.
const gap = 48

// align is the alignment of every vector in bytes: a cache line, and the
// width of an AVX-512 register.
const align = 64

// Vectors carves k vectors of length n out of a single allocation, with gap
// elements between consecutive vectors so that their strides are never a
// power of two. The vectors are zeroed and never overlap.
func Vectors[T Float](n, k int) [][]T {
	if n < 0 || k < 0 {
		panic("kernel: negative size")
	}
	stride := (n+15)&^15 + gap
	for stride&(stride-1) == 0 {
		stride += 16 // a power-of-two stride is exactly what we want to avoid
	}
	// Extra room to move the first vector to the next 64-byte boundary:
	// Go's allocator does not promise that alignment (Go's heap does not
	// move objects, so the address stays valid).
	var zero T
	size := int(unsafe.Sizeof(zero))
	block := make([]T, stride*k+align/size)
	start := 0
	if k > 0 {
		start = alignOffset(uintptr(unsafe.Pointer(unsafe.SliceData(block))), size)
	}
	vs := make([][]T, k)
	for i := range vs {
		lo := start + i*stride
		vs[i] = block[lo : lo+n : lo+n]
	}
	return vs
}

// alignOffset is how many elements of size bytes lie between addr and the
// next multiple of align (0 when addr is one).
func alignOffset(addr uintptr, size int) int {
	return int((align-addr%align)%align) / size
}
