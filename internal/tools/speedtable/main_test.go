package main

import (
	"strings"
	"testing"
)

const input = `cpuid: AuthenticAMD family 25 model 1
BenchmarkStep/mlp-2      3000    60000 ns/op    50000 cpu-ns/op
BenchmarkStep/mlp-2      3000    70000 ns/op    70000 cpu-ns/op
BenchmarkStep/mlp-2      3000    90000 ns/op    60000 cpu-ns/op
BenchmarkStepFloat32/mlp-2   3000    40000 ns/op    40000 cpu-ns/op
BenchmarkStepFloat32/mlp-2   3000    30000 ns/op    30000 cpu-ns/op
BenchmarkTorch/mlp	2000	400000 ns/op	300000 cpu-ns/op
BenchmarkTorch/mlp	2000	400000 ns/op	400000 cpu-ns/op
BenchmarkStep-2    20   40000000 ns/op   30000000 cpu-ns/op
BenchmarkTorch/charlm	20	50000000 ns/op	60000000 cpu-ns/op
BenchmarkSoftmaxLetterSFAdamW-2   200000   4000 ns/op   250000 steps/s
BenchmarkSoftmaxLetterSFAdamW-2   200000   5000 ns/op   200000 steps/s
BenchmarkSIMDOff/SoftmaxLetterSFAdamW-2   40000   20000 ns/op   50000 steps/s
`

func TestTable(t *testing.T) {
	var out strings.Builder
	if err := run(strings.NewReader(input), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		// CPU time (cpu-ns/op) where reported; medians of an odd count, the
		// mean of the middle two of an even one
		"| MLP 64-128-10, batch 32, SF-SGD | 50.0 µs / 60.0 µs | 30.0 µs / 35.0 µs | 300.0 µs / 350.0 µs | 10.0× (met) | ≥ 8× |",
		// the faster of float64 and float32 is the one compared
		"| char transformer d64, T64, batch 16, SF-AdamW | 30.00 ms / 30.00 ms | – | 60.00 ms / 60.00 ms | 2.0× (not met) | ≥ 3× |",
		// ns/op where no CPU time is reported; no PyTorch line, no ratio
		"| softmax/letter, batch 16, SF-AdamW | 4.0 µs / 4.5 µs | – | – | – | ≥ 50× |",
		"median 4.5 µs against the target ≤ 3 µs (not met); with SFBENCH_SIMD=off 20.0 µs / 20.0 µs, the SIMD build 4.4× faster (target ≥ 2.5×, met)",
		"min / median of 3 interleaved rounds",
		"CPU: AuthenticAMD family 25 model 1.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
	// models without any line are left out
	if strings.Contains(got, "CNN") || strings.Contains(got, "paper-lm") {
		t.Errorf("rows without measurements:\n%s", got)
	}
}

func TestNoBenchmarks(t *testing.T) {
	if err := run(strings.NewReader("PASS\n"), &strings.Builder{}); err == nil {
		t.Error("empty input gave no error")
	}
}
