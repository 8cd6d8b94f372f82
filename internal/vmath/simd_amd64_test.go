//go:build goexperiment.simd && amd64

package vmath

import (
	"os"
	"simd/archsimd"
	"testing"
)

// TestSIMDActive guards against the twin tests silently comparing the
// reference with itself: on an AVX2 machine the vector code must be on.
func TestSIMDActive(t *testing.T) {
	if archsimd.X86.AVX2() && os.Getenv("SFBENCH_SIMD") != "off" && !SIMD() {
		t.Fatal("AVX2 present but the SIMD kernels are off")
	}
}

// testLevels names the levels this CPU runs: scalar, and avx2 with AVX2.
func testLevels() []string {
	if archsimd.X86.AVX2() {
		return []string{"scalar", "avx2"}
	}
	return []string{"scalar"}
}

// atLevel switches the vector code on ("avx2") or off and returns the undo.
func atLevel(name string) func() {
	saved := useSIMD
	useSIMD = name == "avx2"
	return func() { useSIMD = saved }
}
