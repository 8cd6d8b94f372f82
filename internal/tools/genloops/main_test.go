package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const kernelDir = "../../../optim/kernel"

// TestGeneratedUpToDate fails when a generated loop file was edited by hand
// or loops64_amd64.go changed without `go generate ./optim/kernel`.
func TestGeneratedUpToDate(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(kernelDir, Source))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Variants {
		got, err := os.ReadFile(filepath.Join(kernelDir, v.File))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != Convert(string(src), v) {
			t.Errorf("optim/kernel/%s is stale: run go generate ./optim/kernel", v.File)
		}
	}
}

// TestConvertLeavesNoAVX2Names checks that nothing of the source's vector
// type, lane count or names survives in a generated variant.
func TestConvertLeavesNoAVX2Names(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(kernelDir, Source))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Variants {
		out := Convert(string(src), v)
		for _, stale := range []string{"Float64x4", "[4]", "i += 4", "&^ 3", "64(", "(AVX2)"} {
			if v.ISA == "AVX2" && stale == "(AVX2)" {
				continue
			}
			if strings.Contains(out, stale) {
				t.Errorf("%s still contains %q", v.File, stale)
			}
		}
	}
}
