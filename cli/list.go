package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/suites"
)

var listCmd = command{
	name: "list", summary: "list problems, optimizers and embedded suites with their defaults",
	want: "no arguments", min: 0, max: 0,
	flags: func(*flag.FlagSet) action { return runList },
}

func runList(stdout, _ io.Writer, _ []string) error {
	fmt.Fprintln(stdout, "problems (kind: default options):")
	for _, k := range problems.Kinds() {
		fmt.Fprintf(stdout, "  %-22s %s\n  %-22s   %s\n", k.Name, k.Doc, "", optionsLine(k))
	}
	fmt.Fprintln(stdout, "optimizers (kind: default hyperparameters):")
	for _, k := range suites.OptimizerKinds() {
		fmt.Fprintf(stdout, "  %-22s %s\n  %-22s   %s\n", k.Name, k.Doc, "", mapLine(k.Defaults))
	}
	fmt.Fprintln(stdout, "embedded suites (sfbench run NAME):")
	for _, name := range suites.Builtin() {
		s, err := suites.LoadBuiltin(name)
		if err != nil {
			// A program that links only some problem families (see
			// package doc) cannot load the suites naming the others.
			fmt.Fprintf(stdout, "  %-22s not runnable in this program: %s\n", name, firstProblem(err))
			continue
		}
		fmt.Fprintf(stdout, "  %-22s %d cells: %s\n", name, len(s.Cells()), s.Description)
	}
	return nil
}

// firstProblem is the first problem an invalid suite's error names, and
// how many more there are.
func firstProblem(err error) string {
	var se suites.ErrorList
	if !errors.As(err, &se) || len(se) == 0 {
		return err.Error()
	}
	if n := len(se) - 1; n > 0 {
		return fmt.Sprintf("%s (and %d more)", se[0], n)
	}
	return se[0].Error()
}

func optionsLine(k problems.Kind) string {
	p := &suites.Problem{Kind: k.Name, Options: k.Options()}
	return mapLine(p.OptionsMap())
}

func mapLine(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %v", k, m[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
