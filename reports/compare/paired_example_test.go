package compare_test

import (
	"fmt"
	"os"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports/compare"
)

// Compare two optimizers of one suite's results seed by seed: sf-sgd
// gains a point of test accuracy over sgd on every seed of letter, though
// the seeds themselves differ by several points (the data order and
// initial point they fix), which an unpaired test would not see through.
// (From a folder, LoadFolder reads it: compare.LoadFolder("out/my").)
func ExamplePair() {
	var recs []record.Record
	add := func(opt string, lr float64, acc []float64) {
		for i, a := range acc {
			recs = append(recs, record.Record{
				ID: fmt.Sprint(opt, i), Suite: "my", Problem: "letter", ProblemKind: "softmax", Optimizer: opt, OptimizerKind: opt,
				LR: lr, Seed: i + 1, DataSeed: uint64(i + 1), Horizon: 1000, Steps: 1000, EvalAt: "x", Status: record.StatusOK,
				Final: record.Metrics{"test_acc": record.Value(a)},
			})
		}
	}
	add("sgd", 0.1, []float64{0.80, 0.86, 0.83, 0.78, 0.84})
	add("sf-sgd", 1, []float64{0.811, 0.869, 0.842, 0.791, 0.849})

	p, err := compare.Pair(compare.FolderOf("my", recs), "sgd", "sf-sgd", compare.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	p.WriteText(os.Stdout)
	// Output:
	// results: my (10 records, suite my)
	// A: sgd, B: sf-sgd, each at the rate the report selects per problem, runs paired by seed
	// paired t-test on B - A per seed, alpha 0.05, min effect 1%; metric: per problem, the one the report shows (higher is better for *_acc, lower otherwise)
	//
	// problem  metric    lr A  lr B  A (mean ± s.e.)  B (mean ± s.e.)  B - A (mean ± s.e.)  delta   p       seeds  verdict
	// letter   test_acc  0.1   1     0.822 ± 0.014    0.8324 ± 0.014   +0.0104 ± 0.0006     +1.27%  <0.001  5      B better
	//
	// overall: B's mean over the paired seeds is better on 1, worse on 0 of 1 problem; sign test p = 1.000
	// ok: B (sf-sgd) is not significantly worse than A (sgd) on any problem: 1 compared (1 B better, 0 B worse, 0 ~); 0 only A ran, 0 only B ran
}
