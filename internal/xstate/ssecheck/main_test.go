package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestSynthetic runs the analysis on a hand-written listing with one case of
// each kind: spills and a float compare after a broadcast, a 256-bit reload
// after the VZEROUPPER, a callee that returns dirty (reported itself, and so
// are its caller's next instruction and the clean callee it then calls), a
// panic path left out, and clean code.
func TestSynthetic(t *testing.T) {
	f, err := os.Open("testdata/listing.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	finds, err := analyzeListing(f, regexp.MustCompile(`^pkg\.`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range finds {
		got = append(got, f.String())
	}
	want := []string{
		"pkg.spills 401005: xorps  %xmm7,%xmm7 (dirty from 401000: vbroadcastsd %xmm4,%ymm4)",
		"pkg.spills 40100a: movsd  %xmm0,0x58(%rsp) (dirty from 401000: vbroadcastsd %xmm4,%ymm4)",
		"pkg.clean 401020: movsd  0x58(%rsp),%xmm0 (dirty from 401079: entered dirty by pkg.caller (call   401020 <pkg.clean>))",
		"pkg.reload 401043: returns with the upper state in use (dirty from 401043: vmovdqu 0x40(%rsp),%ymm0)",
		"pkg.reload 401054: movq   %rax,%xmm0 (dirty from 401043: vmovdqu 0x40(%rsp),%ymm0)",
		"pkg.dirtyReturn 401060: returns with the upper state in use (dirty from 401060: vpxor  %ymm0,%ymm0,%ymm0)",
		"pkg.caller 401075: addsd  %xmm1,%xmm0 (dirty from 401060: vpxor  %ymm0,%ymm0,%ymm0)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestVectorCodeClean builds the test binaries of the packages with vector
// code (GOEXPERIMENT=simd) and fails on any finding: a legacy-SSE
// instruction reachable with the upper state dirty, or a function that
// returns dirty. Skipped with -short, off amd64 and without
// binutils objdump.
func TestVectorCodeClean(t *testing.T) {
	if testing.Short() || runtime.GOARCH != "amd64" {
		t.Skip("-short or not amd64")
	}
	if _, err := exec.LookPath("objdump"); err != nil {
		t.Skip("binutils objdump not found")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	dir := t.TempDir()
	re := regexp.MustCompile(defaultFuncs)
	for _, pkg := range []string{"optim/kernel", "internal/vmath", "problems/nn"} {
		bin := filepath.Join(dir, filepath.Base(pkg)+".test")
		build := exec.Command(goCmd, "test", "-c", "-o", bin, "./"+pkg)
		build.Dir = "../../.."
		build.Env = append(os.Environ(), "GOEXPERIMENT=simd", "GOARCH=amd64")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", pkg, err, out)
		}
		var out strings.Builder
		n, err := check(&out, bin, re)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			t.Errorf("%s: %d legacy-SSE instructions reachable, or returns, with the upper state dirty:\n%s", pkg, n, out.String())
		}
	}
}
