package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

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
		fmt.Fprintln(stderr, "sfbench: "+message(err))
	}
	return exitCode(err)
}

// message is err's text with a file system error in the user's words: the
// path and what is wrong with it ("results/x: no such file or folder"),
// without the system call that found it ("stat results/x: no such file or
// directory").
func message(err error) string {
	msg := err.Error()
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return msg
	}
	why := pe.Err.Error()
	switch {
	case errors.Is(pe.Err, fs.ErrNotExist):
		why = "no such file or folder"
	case errors.Is(pe.Err, fs.ErrPermission):
		why = "permission denied"
	}
	return strings.Replace(msg, pe.Error(), pe.Path+": "+why, 1)
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

// commands are the verbs, in the order the usage lists them; each is
// declared once, beside its code.
var commands []*command

func init() {
	commands = []*command{&runCmd, &reportCmd, &mergeCmd, &submitCmd, &summarizeCmd, &compareCmd, &listCmd, &dataCmd, &verifyCmd, &versionCmd, &helpCmd}
}

var helpCmd = command{
	name: "help", summary: "print this usage, or a verb's flags and arguments", args: "[VERB]",
	want: "at most one verb", min: 0, max: 1,
	flags: func(*flag.FlagSet) action {
		return func(stdout, _ io.Writer, args []string) error {
			if len(args) == 0 {
				usage(stdout)
				return nil
			}
			c := lookup(args[0])
			if c == nil {
				return fmt.Errorf("help: unknown verb %q (run 'sfbench help' for the list)", args[0])
			}
			c.help(stdout)
			return nil
		}
	},
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// usage writes the top-level usage: every verb with its flags, arguments
// and summary.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: sfbench VERB [flags] [arguments]")
	fmt.Fprintln(w, "flags may come before or after the arguments; -- ends them.")
	fmt.Fprintln(w, "\nverbs:")
	for _, c := range commands {
		fs, _ := c.flagSet()
		fmt.Fprintf(w, "%s\n%s\n", wrap("  ", c.words(fs), "        ", 78), wrap("      ", strings.Fields(c.summary), "      ", 78))
	}
	fmt.Fprintln(w, "\n'sfbench help VERB' or 'sfbench VERB -h' describes a verb's flags.")
	fmt.Fprintln(w, "exit codes: 0 ok, 1 a check failed, 2 bad input or usage, 130 interrupted.")
}

// parse parses a whole command line (the verb and its words) without
// running it.
func parse(args []string) (*invocation, error) {
	if len(args) == 0 {
		return nil, errors.New("no verb given")
	}
	switch args[0] {
	case "-h", "-help", "--help":
		args = append([]string{"help"}, args[1:]...)
	}
	c := lookup(args[0])
	if c == nil {
		return nil, fmt.Errorf("unknown verb %q (run 'sfbench help' for the list)", args[0])
	}
	return c.parse(args[1:])
}

// run is the whole program: it parses args and runs one verb; Main maps
// its error to the message and the exit code.
func run(stdout, stderr io.Writer, args []string) error {
	inv, err := parse(args)
	switch {
	case len(args) == 0:
		usage(stderr)
		return err
	case errors.Is(err, errHelp):
		inv.cmd.help(stderr)
		return err
	case err != nil:
		return err
	}
	if inv.cmd != &helpCmd {
		if err := kernel.CheckSIMDSetting(os.Getenv("SFBENCH_SIMD")); err != nil {
			return err
		}
	}
	return inv.act(stdout, stderr, inv.args)
}
