package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/sfbench/sfbench/optim/kernel"
)

// Main runs the sfbench command line: args are the arguments after the
// program's name (os.Args[1:]), output goes to stdout and stderr, and the
// result is the exit code (0 ok, 1 a check failed, 2 bad input or usage,
// 130 interrupted). An error is printed to stderr as one line
// "sfbench: what". A program's main is
//
//	os.Exit(cli.Main(os.Stdout, os.Stderr, os.Args[1:]))
//
// Main reads its settings from the environment (SFBENCH_SIMD,
// SFBENCH_MEMORY, SFBENCH_DATA), and the run verb handles SIGINT and
// SIGTERM while it runs (a second one exits the process with 130), so it
// is meant to be called from main, once at a time.
func Main(stdout, stderr io.Writer, args []string) int {
	err := run(stdout, stderr, args)
	if errors.Is(err, errHelp) {
		err = nil
	}
	if err != nil {
		fmt.Fprintln(stderr, "sfbench: "+err.Error())
	}
	return exitCode(err)
}

// Exit codes shared by every verb.
const (
	exitOK     = 0
	exitFailed = 1 // a check ran and failed
	exitInput  = 2 // bad input: usage, flags, files
)

// failure is a check that ran and failed (exit 1); every other error is
// bad input (exit 2).
type failure struct{ msg string }

func (f failure) Error() string { return f.msg }

func exitCode(err error) int {
	var f failure
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &f):
		return exitFailed
	case errors.As(err, &interrupted{}):
		return exitInterrupted
	}
	return exitInput
}

type verb struct {
	name, args, help string
	run              func(stdout, stderr io.Writer, args []string) error
}

var verbs []verb

func init() {
	verbs = []verb{
		{"version", "", "print the sfbench version and environment", runVersion},
		{"run", "[-o DIR] [-j N] [-shard k/N] [-dry-run] [CONFIG.yaml | SUITE]", "run a suite (default: the embedded smoke suite); resumes in DIR", runRun},
		{"report", "[-o OUTDIR] DIR", "render tables and RESULTS.md from a results folder", runReport},
		{"summarize", "-o RESULTS.md DIR...", "the paper's claims checklist and tables over several result folders", runSummarize},
		{"list", "", "list problems, optimizers and embedded suites with their defaults", runList},
		{"merge", "-o DIR SHARD_DIR...", "merge the results of shard runs", runMerge},
		{"compare", compareArgs, "compare two results (folders or results files) across seeds; exit 1 on a regression", runCompare},
		{"verify-reference", "[-tol T] [FILE.json]", "replay reference trajectories of the official implementation", runVerify},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: sfbench VERB [flags] [args]")
	fmt.Fprintln(w, "verbs:")
	for _, v := range verbs {
		fmt.Fprintf(w, "  %-17s %s\n  %-17s   %s\n", v.name, v.args, "", v.help)
	}
}

// run is the whole program: it parses args and runs one verb; Main maps
// its error to the message and the exit code.
func run(stdout, stderr io.Writer, args []string) error {
	if len(args) == 0 {
		usage(stderr)
		return errors.New("no verb given")
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return nil
	}
	for _, v := range verbs {
		if v.name == args[0] {
			if err := kernel.CheckSIMDSetting(os.Getenv("SFBENCH_SIMD")); err != nil {
				return err
			}
			return v.run(stdout, stderr, args[1:])
		}
	}
	return fmt.Errorf("unknown verb %q (run 'sfbench help' for the list)", args[0])
}
