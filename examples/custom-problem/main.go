// Custom-problem is the sfbench command line with one more problem kind:
// "rosenbrock" (the chained Rosenbrock function with gradient noise,
// written in rosenbrock.go), registered through package problems so that
// suites name it like the built-in kinds. It links no built-in problem
// family. suite.yaml sweeps sf-sgd and sgd on it; from the repository's
// root:
//
//	go run ./examples/custom-problem run -o out/rosenbrock examples/custom-problem/suite.yaml
//	go run ./examples/custom-problem list   # rosenbrock, the only problem
//
// Every verb of sfbench works on its results (report, compare, merge).
package main

import (
	"os"

	"github.com/sfbench/sfbench/cli"
	"github.com/sfbench/sfbench/problems"
)

func init() {
	problems.Register(problems.Kind{
		Name:    "rosenbrock",
		Doc:     "chained Rosenbrock function with gradient noise, minimum 0 (an example's own kind)",
		Options: func() any { return &RosenbrockOptions{Dim: 10, Noise: 0.1} },
		New: func(opts any, seed uint64) (problems.Problem, error) {
			return NewRosenbrock(*opts.(*RosenbrockOptions), seed)
		},
		Plan: func(opts any) (problems.Plan, error) { return opts.(*RosenbrockOptions).plan() },
	})
}

func main() {
	os.Exit(cli.Main(os.Stdout, os.Stderr, os.Args[1:]))
}
