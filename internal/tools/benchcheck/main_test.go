package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, name string, ns ...float64) string {
	return writeISA(t, name, "", ns...)
}

// writeISA writes a benchmark file whose kernels ran isa ("" for no line).
func writeISA(t *testing.T, name, isa string, ns ...float64) string {
	var b strings.Builder
	if isa != "" {
		fmt.Fprintf(&b, "isa: %s\n", isa)
	}
	for _, v := range ns {
		fmt.Fprintf(&b, "BenchmarkStep-2   100   %g ns/op\n", v)
	}
	p := filepath.Join(t.TempDir(), name)
	os.WriteFile(p, []byte(b.String()), 0o644)
	return p
}

func TestBenchcheck(t *testing.T) {
	base := write(t, "base.txt", 100, 101, 99, 100, 102, 98)
	cases := []struct {
		name string
		ns   []float64
		slow bool
		want string
	}{
		{"same", []float64{100, 99, 101, 100, 98, 102}, false, "~"},
		{"much slower", []float64{150, 151, 149, 150, 152, 148}, true, "SLOWER"},
		{"a bit slower", []float64{110, 111, 109, 110, 112, 108}, false, "slower (below threshold)"},
		{"faster", []float64{80, 81, 79, 80, 82, 78}, false, "faster"},
		{"noisy", []float64{60, 140, 100, 180, 20, 100}, false, "~"},
	}
	for _, c := range cases {
		var out strings.Builder
		err := run(&out, []string{base, write(t, "new.txt", c.ns...)})
		var s slower
		if errors.As(err, &s) != c.slow || !strings.Contains(out.String(), c.want) {
			t.Errorf("%s: err %v, output\n%s", c.name, err, out.String())
		}
	}
	if err := run(&strings.Builder{}, []string{base, filepath.Join(t.TempDir(), "missing")}); err == nil {
		t.Error("missing file accepted")
	}
}

func TestBenchcheckOtherISA(t *testing.T) {
	base := writeISA(t, "base.txt", "avx512", 100, 101, 99)
	var s slower
	err := run(&strings.Builder{}, []string{base, writeISA(t, "new.txt", "avx2", 100, 101, 99)})
	if err == nil || errors.As(err, &s) || !strings.Contains(err.Error(), "avx512 kernels, this run used avx2") {
		t.Errorf("baseline of other kernels: err %v", err)
	}
	if err := run(&strings.Builder{}, []string{base, writeISA(t, "new.txt", "avx512", 100, 101, 99)}); err != nil {
		t.Errorf("same kernels: %v", err)
	}
	if err := run(&strings.Builder{}, []string{write(t, "old.txt", 100, 101, 99), writeISA(t, "new.txt", "avx2", 100, 101, 99)}); err != nil {
		t.Errorf("baseline without an isa line: %v", err)
	}
}

func TestBenchcheckOtherCPUWarns(t *testing.T) {
	dir := t.TempDir()
	base, nw := filepath.Join(dir, "base.txt"), filepath.Join(dir, "new.txt")
	os.WriteFile(base, []byte("cpu: AMD EPYC\nBenchmarkStep-2 100 100 ns/op\nBenchmarkStep-2 100 101 ns/op\n"), 0o644)
	os.WriteFile(nw, []byte("cpu: Intel Xeon\nBenchmarkStep-2 100 100 ns/op\nBenchmarkStep-2 100 101 ns/op\n"), 0o644)
	var out strings.Builder
	if err := run(&out, []string{base, nw}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `warning: `+base+` was recorded on "AMD EPYC", this run on "Intel Xeon"`) {
		t.Errorf("no warning:\n%s", out.String())
	}
}
