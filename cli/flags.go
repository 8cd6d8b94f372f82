package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// command is the one declaration of a verb: it drives the parsing of its
// command line, its help (sfbench help VERB, sfbench VERB -h) and its
// entry in the top-level usage.
type command struct {
	name     string
	summary  string   // one line: what the verb does
	args     string   // the positional arguments as the usage shows them ("" none)
	want     string   // the same in words, for a wrong count: "at most one suite"
	min, max int      // how many positional arguments it takes (max < 0: any number)
	required []string // flags that must be given (shown without brackets)
	// flags declares the verb's flags on fs and returns the verb bound to
	// them, to be called with the positional arguments once fs is parsed.
	flags func(fs *flag.FlagSet) action
}

// action runs a parsed verb with its positional arguments.
type action func(stdout, stderr io.Writer, args []string) error

// invocation is a parsed command line, ready to run.
type invocation struct {
	cmd  *command
	fs   *flag.FlagSet
	act  action
	args []string // positional
}

// flagSet is c's flag set, with its flags declared; errors are returned,
// never printed.
func (c *command) flagSet() (*flag.FlagSet, action) {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	act := c.flags(fs)
	return fs, act
}

// parse parses args (the words after the verb): flags may come before,
// after or between the positional arguments, "--" ends the flags. For -h
// it returns errHelp; every other error is one line, "verb: what".
func (c *command) parse(args []string) (*invocation, error) {
	fs, act := c.flagSet()
	flagArgs, pos := splitArgs(fs, args)
	if err := fs.Parse(flagArgs); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &invocation{cmd: c}, errHelp
		}
		return nil, fmt.Errorf("%s: %s", c.name, flagError(fs, err))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, name := range c.required {
		if !set[name] {
			argName, _ := flag.UnquoteUsage(fs.Lookup(name))
			return nil, fmt.Errorf("%s: want -%s %s (see sfbench help %s)", c.name, name, argName, c.name)
		}
	}
	if len(pos) < c.min || (c.max >= 0 && len(pos) > c.max) {
		got := "none"
		if len(pos) > 0 {
			got = fmt.Sprintf("%d: %s", len(pos), strings.Join(pos, " "))
		}
		return nil, fmt.Errorf("%s: want %s, got %s (see sfbench help %s)", c.name, c.want, got, c.name)
	}
	return &invocation{cmd: c, fs: fs, act: act, args: pos}, nil
}

// flagError says what the flag package found wrong in the user's words:
// "-j wants a whole number, got \"abc\"" rather than "invalid value \"abc\"
// for flag -j: parse error".
func flagError(fs *flag.FlagSet, err error) string {
	msg := strings.TrimSpace(err.Error())
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return fmt.Sprintf("unknown flag -%s (see sfbench help %s)", name, fs.Name())
	}
	var value, name string
	if n, _ := fmt.Sscanf(msg, "invalid value %q for flag -%s", &value, &name); n != 2 {
		return msg
	}
	name = strings.TrimSuffix(name, ":")
	f := fs.Lookup(name)
	if f == nil {
		return msg
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return msg
	}
	want := ""
	switch g.Get().(type) {
	case int, int64:
		want = "a whole number"
	case uint, uint64:
		want = "a whole number ≥ 0"
	case float64:
		want = "a number"
	case bool:
		want = "true or false"
	case time.Duration:
		want = "a duration such as 90s, 5m or 1h30m"
	default:
		// A flag of the CLI's own type says what is wrong after the flag
		// package's prefix.
		if _, why, ok := strings.Cut(msg, ": "); ok {
			return fmt.Sprintf("-%s: %s", name, why)
		}
		return msg
	}
	return fmt.Sprintf("-%s wants %s, got %q", name, want, value)
}

// splitArgs separates the flags (each with its value, for a flag that
// takes one as the next word) from the positional arguments. A word is a
// flag when it starts with "-" and is not "-" itself; "--" makes every
// later word positional. Unknown flags stay among the flags, so that
// fs.Parse reports them.
func splitArgs(fs *flag.FlagSet, args []string) (flags, pos []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags, append(pos, args[i+1:]...)
		case len(a) < 2 || a[0] != '-':
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBool(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, pos
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// words are the words of the verb's usage line, "sfbench run [-j N] …
// [CONFIG.yaml | SUITE]", a flag with its value one word.
func (c *command) words(fs *flag.FlagSet) []string {
	words := []string{"sfbench", c.name}
	required := map[string]bool{}
	for _, r := range c.required {
		required[r] = true
	}
	fs.VisitAll(func(f *flag.Flag) {
		w := "-" + f.Name
		if name, _ := flag.UnquoteUsage(f); name != "" {
			w += " " + name
		}
		if !required[f.Name] {
			w = "[" + w + "]"
		}
		words = append(words, w)
	})
	if c.args != "" {
		words = append(words, c.args)
	}
	return words
}

// help writes the verb's help: its usage line, summary and flags.
func (c *command) help(w io.Writer) {
	fs, _ := c.flagSet()
	fmt.Fprintf(w, "%s\n\n%s\n", wrap("usage: ", c.words(fs), "        ", 78), wrap("", strings.Fields(c.summary), "", 78))
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(w, "\nflags (before or after the arguments; -- ends them):")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// wrap joins words after prefix into lines of at most width columns (a
// longer word gets a line of its own), the lines after the first indented.
func wrap(prefix string, words []string, indent string, width int) string {
	var b strings.Builder
	b.WriteString(prefix)
	col := len(prefix)
	for i, w := range words {
		if i > 0 {
			if col+1+len(w) > width {
				b.WriteString("\n" + indent)
				col = len(indent)
			} else {
				b.WriteString(" ")
				col++
			}
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

// errHelp ends a verb that only printed its usage; it exits 0 silently.
var errHelp = errors.New("help requested")
