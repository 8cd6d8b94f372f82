package compare_test

import (
	"fmt"
	"os"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports/compare"
)

// Compare two nightly runs: sf-adamw lost about five points of test
// accuracy on every seed, sgd did not change, and the cosine baseline was
// dropped from the NEW suite. (From files, Load reads each side:
// compare.Load("out/base"), compare.Load("out/new/results.jsonl").)
func Example() {
	run := func(path string, adamw []float64) *compare.Results {
		r := &compare.Results{Path: path}
		add := func(opt string, lr float64, seed int, acc float64) {
			r.Records = append(r.Records, record.Record{
				ID: fmt.Sprint(opt, seed), Problem: "letter", ProblemKind: "softmax", Optimizer: opt, OptimizerKind: opt,
				LR: lr, Seed: seed, Horizon: 1000, EvalAt: "x", Status: record.StatusOK,
				Final: record.Metrics{"test_acc": record.Value(acc)},
			})
		}
		for seed, acc := range adamw {
			add("sf-adamw", 0.01, seed, acc)
			add("sgd", 0.1, seed, 0.80+0.001*float64(seed%3))
		}
		if path == "base" {
			add("adamw-cosine", 0.001, 0, 0.9)
		}
		return r
	}
	base := run("base", []float64{0.912, 0.905, 0.909, 0.915, 0.908})
	nw := run("new", []float64{0.861, 0.857, 0.866, 0.859, 0.862})

	c, err := compare.Compare(base, nw, compare.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	c.WriteText(os.Stdout)
	fmt.Println("regressions:", len(c.Regressions()))
	// Output:
	// base: base (11 records)
	// new:  new (10 records)
	// Welch's t-test, alpha 0.05, min effect 1%; metric: per group, the first reported of test_acc, train_acc, test_loss, train_loss (higher is better for *_acc, lower otherwise)
	//
	// group                    metric    base (mean ± s.e.)  new (mean ± s.e.)  delta   p       n    verdict
	// letter/sf-adamw/lr=0.01  test_acc  0.9098 ± 0.0017     0.861 ± 0.0015     -5.36%  <0.001  5+5  REGRESSION
	// letter/sgd/lr=0.1        test_acc  0.8008 ± 0.00037    0.8008 ± 0.00037   +0.00%  1.000   5+5  ~
	//
	// only in BASE (1):
	//   letter/adamw-cosine/lr=0.001
	//
	// FAIL: 1 regression in 2 groups compared (0 better, 1 ~); 1 only in BASE, 0 only in NEW
	// regressions: 1
}
