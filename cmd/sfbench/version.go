package main

import (
	"fmt"
	"io"

	"github.com/sfbench/sfbench/internal/buildinfo"
	"github.com/sfbench/sfbench/optim/kernel"
)

func runVersion(stdout, stderr io.Writer, args []string) error {
	fs := newFlags("version", "", stderr)
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("version: unexpected argument %q", fs.Arg(0))
	}
	e := buildinfo.Current()
	simd := "off (pure-Go kernels)"
	if e.SIMD {
		simd = "on (" + kernel.ISA() + " kernels)"
	}
	fmt.Fprintf(stdout, "sfbench %s\n%s %s/%s\ncpu: %s\nsimd: %s\n", e.Sfbench, e.Go, e.GOOS, e.GOARCH, e.CPU, simd)
	return nil
}
