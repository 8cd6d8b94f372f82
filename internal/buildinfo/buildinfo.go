// Package buildinfo describes the sfbench build and the machine it runs on,
// for result records and `sfbench version`.
package buildinfo

import (
	"bufio"
	"os"
	"runtime"
	"strings"

	"github.com/sfbench/sfbench/internal/vmath"
	"github.com/sfbench/sfbench/optim/kernel"
	"github.com/sfbench/sfbench/problems/nn"
	"github.com/sfbench/sfbench/record"
)

// Version is the sfbench release.
const Version = "0.1.0-dev"

// Current describes this build on this machine.
func Current() record.Environment {
	return record.Environment{
		Sfbench: Version,
		Go:      runtime.Version(),
		GOOS:    runtime.GOOS,
		GOARCH:  runtime.GOARCH,
		CPU:     cpuModel(),
		SIMD:    kernel.SIMD() || vmath.SIMD() || nn.GemmKernel() != "blas64",
		Vector:  VectorCode(),
	}
}

// VectorCode says which vector code runs in this build, on this CPU, with
// this SFBENCH_SIMD setting, package by package, for example
//
//	optim/kernel avx512, internal/vmath avx2, problems/nn gemm avx2+fma
//	optim/kernel scalar, internal/vmath scalar, problems/nn gemm blas64 (no AVX)
//
// SFBENCH_SIMD=off (or a build without GOEXPERIMENT=simd) gives the second
// line: no AVX instruction of sfbench runs. "blas64" is gonum's gemm, whose amd64
// assembly uses 128-bit SSE2, as Go's own scalar floating point does.
func VectorCode() string {
	vm := "scalar"
	if vmath.SIMD() {
		vm = "avx2"
	}
	gemm := nn.GemmKernel()
	if gemm == "avx2" {
		gemm = "avx2+fma"
	}
	s := "optim/kernel " + kernel.ISA() + ", internal/vmath " + vm + ", problems/nn gemm " + gemm
	if kernel.ISA() == "scalar" && vm == "scalar" && gemm == "blas64" {
		s += " (no AVX)"
	}
	return s
}

// cpuModel reads the model name from /proc/cpuinfo, or "unknown".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
