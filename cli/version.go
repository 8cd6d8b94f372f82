package cli

import (
	"fmt"
	"io"

	"github.com/sfbench/sfbench/internal/buildinfo"
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
	simd := "off"
	if e.SIMD {
		simd = "on"
	}
	fmt.Fprintf(stdout, "sfbench %s\n%s %s/%s\ncpu: %s\nsimd: %s: %s\n", e.Sfbench, e.Go, e.GOOS, e.GOARCH, e.CPU, simd, e.Vector)
	return nil
}
