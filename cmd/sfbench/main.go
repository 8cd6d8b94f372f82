// Command sfbench reproduces and extends the benchmark results of
// schedule-free optimization: it runs YAML suites of problems × optimizers
// × learning rates × seeds and reports on them. Its verbs, flags and exit
// codes are those of package cli (sfbench help lists them); the problem
// families it offers are linked in problems.go.
package main

import (
	"os"

	"github.com/sfbench/sfbench/cli"
)

func main() {
	os.Exit(cli.Main(os.Stdout, os.Stderr, os.Args[1:]))
}
