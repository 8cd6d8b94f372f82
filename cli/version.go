package cli

import (
	"flag"
	"fmt"
	"io"

	"github.com/sfbench/sfbench/internal/buildinfo"
)

var versionCmd = command{
	name: "version", summary: "print the sfbench version and environment (Go, CPU, whether the SIMD kernels are on)",
	want: "no arguments", min: 0, max: 0,
	flags: func(*flag.FlagSet) action { return runVersion },
}

func runVersion(stdout, _ io.Writer, _ []string) error {
	e := buildinfo.Current()
	simd := "off"
	if e.SIMD {
		simd = "on"
	}
	fmt.Fprintf(stdout, "sfbench %s\n%s %s/%s\ncpu: %s\nsimd: %s: %s\n", e.Sfbench, e.Go, e.GOOS, e.GOARCH, e.CPU, simd, e.Vector)
	return nil
}
