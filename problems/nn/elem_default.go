//go:build !goexperiment.simd || !amd64

package nn

// Without GOEXPERIMENT=simd the elementwise loops are all scalar
// (elem_simd.go): the vector versions do nothing.

func reluForwardVec(out, x []float64) int       { return 0 }
func reluBackwardVec(dx, y, dout []float64) int { return 0 }
