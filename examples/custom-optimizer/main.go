// Custom-optimizer is the sfbench command line with one more optimizer
// kind: "signum" (sign descent with momentum, written in signum.go),
// registered through package optim/kinds so that suites name it like the
// built-in kinds. suite.yaml sweeps it against sf-adamw on the letter data
// set (softmax regression); from the repository's root:
//
//	go run ./examples/custom-optimizer run -o out/signum examples/custom-optimizer/suite.yaml
//	go run ./examples/custom-optimizer list   # signum among the optimizers
//
// Every verb of sfbench works on its results (report, compare, merge).
package main

import (
	"os"

	"github.com/sfbench/sfbench/cli"
	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/optim/kinds"

	_ "github.com/sfbench/sfbench/problems/convex" // softmax, for letter
)

// SignumSettings are the hyperparameters a suite gives signum (hyper:
// {beta: 0.9}), by their yaml tags; records carry them.
type SignumSettings struct {
	Beta float64 `yaml:"beta"`
}

func init() {
	kinds.Register(kinds.Kind{
		Name:     "signum",
		Doc:      "sign descent with momentum (an example's own kind)",
		Settings: func() any { return &SignumSettings{Beta: 0.9} },
		New: func(settings any, b kinds.Build) (optim.Optimizer, error) {
			s := settings.(*SignumSettings)
			if !(s.Beta >= 0 && s.Beta < 1) {
				// A SettingError names the setting: a suite points at its line.
				return nil, optim.SettingErrorf("beta", "signum: beta must be in [0, 1), got %v", s.Beta)
			}
			return &Signum{lr: b.LR, beta: s.Beta}, nil
		},
	})
}

func main() {
	os.Exit(cli.Main(os.Stdout, os.Stderr, os.Args[1:]))
}
