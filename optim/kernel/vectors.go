package kernel

// gap is the number of elements left between two state vectors carved from
// one allocation. Vectors whose starts lie a power-of-two distance apart share
// cache sets and 4 KiB alias in the load/store unit; on the 2-core AVX2 machine
// this project is measured on, such spacing made the fused step 7x slower.
// Strides are multiples of 16 elements, so every vector keeps the 64-byte
// alignment of the block start for float32 and float64 alike.
const gap = 48

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
	block := make([]T, stride*k)
	vs := make([][]T, k)
	for i := range vs {
		vs[i] = block[i*stride : i*stride+n : i*stride+n]
	}
	return vs
}
