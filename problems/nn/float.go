package nn

import "unsafe"

// Float is the element type a model computes in: float64, the default, in
// which every result of the paper suites was recorded (the golden digests
// pin its bits), or float32 (Precision32), which halves the memory traffic
// and doubles the vector width. Every layer is written once for both
// (LayerOf[F], with the float64 instantiations under the plain names:
// Dense = DenseOf[float64], …); the vector kernels are per type and chosen
// by is64.
type Float interface{ float32 | float64 }

// is64 reports whether F is float64 (a constant in each instantiation).
func is64[F Float]() bool {
	var z F
	return unsafe.Sizeof(z) == 8
}

// as64 views s as []float64; F must be float64.
func as64[F Float](s []F) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// as32 views s as []float32; F must be float32.
func as32[F Float](s []F) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}
