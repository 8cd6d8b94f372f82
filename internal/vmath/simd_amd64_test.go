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
