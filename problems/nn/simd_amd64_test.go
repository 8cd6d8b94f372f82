//go:build goexperiment.simd && amd64

package nn

import "simd/archsimd"

// testLevels names the gemm levels this CPU runs: scalar (blas64), and avx2
// with AVX2 and FMA.
func testLevels() []string {
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		return []string{"scalar", "avx2"}
	}
	return []string{"scalar"}
}

// atLevel switches the AVX2 gemm on ("avx2") or off and returns the undo.
func atLevel(name string) func() {
	saved := useAVX2
	useAVX2 = name == "avx2"
	return func() { useAVX2 = saved }
}
