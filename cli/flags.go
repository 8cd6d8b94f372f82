package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// flags is a verb's flag set: errors come back as one-line usage errors
// (exit 2) instead of printing usage and exiting; -h prints usage.
type flags struct {
	*flag.FlagSet
	args   string
	stderr io.Writer
}

func newFlags(name, args string, stderr io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{fs, args, stderr}
}

// parse parses args; for -h it prints usage and returns errHelp (exit 0).
func (f *flags) parse(args []string) error {
	err := f.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(f.stderr, "usage: sfbench %s %s\n", f.Name(), f.args)
		f.SetOutput(f.stderr)
		f.PrintDefaults()
		return errHelp
	}
	return fmt.Errorf("%s: %s", f.Name(), strings.TrimSpace(err.Error()))
}

// errHelp ends a verb that only printed its usage; it exits 0 silently.
var errHelp = errors.New("help requested")
