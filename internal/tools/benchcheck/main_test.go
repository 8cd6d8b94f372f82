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

// TestBaselineFolder: from a folder of baselines the one of the new run's
// machine kind is taken; a kind without one is an error naming the kinds
// there are, and -key names the file to record.
func TestBaselineFolder(t *testing.T) {
	dir := t.TempDir()
	bench := func(cpu, cpuid, isa string, ns float64) string {
		s := "cpu: " + cpu + "\n"
		if cpuid != "" {
			s += "cpuid: " + cpuid + "\n"
		}
		s += "isa: " + isa + "\n"
		for range 3 {
			s += fmt.Sprintf("BenchmarkStep-2 100 %g ns/op\n", ns)
		}
		return s
	}
	os.WriteFile(filepath.Join(dir, "AMD-EPYC_AuthenticAMD-family-25-model-1_avx2.txt"), []byte(bench("AMD EPYC", "AuthenticAMD family 25 model 1", "avx2", 100)), 0o644)
	os.WriteFile(filepath.Join(dir, "AMD-EPYC_avx512.txt"), []byte(bench("AMD EPYC", "", "avx512", 50)), 0o644)
	newFile := func(cpu, cpuid, isa string, ns float64) string {
		p := filepath.Join(t.TempDir(), "new.txt")
		os.WriteFile(p, []byte(bench(cpu, cpuid, isa, ns)), 0o644)
		return p
	}
	cases := []struct {
		name, cpu, cpuid, isa string
		ns                    float64
		want                  string // in the output, or the error
		slow, fails           bool
	}{
		{"exact kind", "AMD EPYC", "AuthenticAMD family 25 model 1", "avx2", 100, "AuthenticAMD-family-25-model-1_avx2.txt", false, false},
		{"exact kind, slower", "AMD EPYC", "AuthenticAMD family 25 model 1", "avx2", 200, "SLOWER", true, false},
		{"older baseline without cpuid", "AMD EPYC", "AuthenticAMD family 26 model 2", "avx512", 50, "AMD-EPYC_avx512.txt", false, false},
		{"another generation, same name and isa", "AMD EPYC", "AuthenticAMD family 23 model 49", "avx2", 100,
			"no baseline for this machine kind, AMD-EPYC_AuthenticAMD-family-23-model-49_avx2 (it has: AMD-EPYC_AuthenticAMD-family-25-model-1_avx2, AMD-EPYC_avx512)", false, true},
		{"Intel", "Intel Xeon Platinum 8488C", "GenuineIntel family 6 model 143", "avx512", 50, "no baseline for this machine kind", false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out strings.Builder
			err := run(&out, []string{dir, newFile(c.cpu, c.cpuid, c.isa, c.ns)})
			var s slower
			got := out.String()
			if err != nil {
				got += err.Error()
			}
			if errors.As(err, &s) != c.slow || (err != nil && !c.slow) != c.fails || !strings.Contains(got, c.want) {
				t.Errorf("err %v, output\n%s", err, out.String())
			}
		})
	}
	var out strings.Builder
	if err := run(&out, []string{"-key", newFile("Intel Xeon Platinum 8488C", "GenuineIntel family 6 model 143", "avx512", 1)}); err != nil ||
		out.String() != "Intel-Xeon-Platinum-8488C_GenuineIntel-family-6-model-143_avx512.txt\n" {
		t.Errorf("-key: %q, %v", out.String(), err)
	}
}
