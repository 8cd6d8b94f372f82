package cli

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/internal/buildinfo"
)

// TestVersionSaysWhatRuns checks the simd line against the packages' own
// reports, and that SFBENCH_SIMD=off (read at start-up, so in a child
// process) turns every vector loop off.
func TestVersionSaysWhatRuns(t *testing.T) {
	if os.Getenv("SFBENCH_VERSION_CHILD") == "1" {
		out, _, _ := runCLI("version")
		os.Stdout.WriteString(out)
		return
	}
	out, _, code := runCLI("version")
	e := buildinfo.Current()
	onOff := map[bool]string{true: "on", false: "off"}[e.SIMD]
	if want := "simd: " + onOff + ": " + buildinfo.VectorCode() + "\n"; code != 0 || !strings.HasSuffix(out, want) {
		t.Errorf("version: exit %d, output %q, want it to end in %q", code, out, want)
	}
	if e.SIMD == strings.HasSuffix(e.Vector, "(no AVX)") {
		t.Errorf("SIMD %v but vector code %q", e.SIMD, e.Vector)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestVersionSaysWhatRuns$")
	cmd.Env = append(os.Environ(), "SFBENCH_VERSION_CHILD=1", "SFBENCH_SIMD=off")
	child, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child with SFBENCH_SIMD=off: %v\n%s", err, child)
	}
	if want := "simd: off: optim/kernel scalar, internal/vmath scalar, problems/nn gemm blas64 (no AVX)\n"; !strings.Contains(string(child), want) {
		t.Errorf("with SFBENCH_SIMD=off the version output is\n%s\nwant the line %q", child, want)
	}
}
