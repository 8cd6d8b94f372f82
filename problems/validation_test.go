package problems_test

import (
	"testing"

	"github.com/sfbench/sfbench/internal/strictyaml"
	"github.com/sfbench/sfbench/problems"
	_ "github.com/sfbench/sfbench/problems/convex"
	_ "github.com/sfbench/sfbench/problems/text"
	_ "github.com/sfbench/sfbench/problems/vision"
)

// TestValidationSplit: every kind that can hold out a validation split
// reports val_* metrics with it and none without it, the split is the same
// for every seed, and it comes out of the training data (the test data is
// unchanged).
func TestValidationSplit(t *testing.T) {
	for _, tc := range []struct {
		kind, yaml, val string
	}{
		{"softmax", "{dataset: iris, batch: 16}", problems.ValAcc},
		{"vision", "{model: mlp, hidden: 8, batch: 16, train_subset: 200}", problems.ValAcc},
		{"charlm", "{context: 8, d_model: 8, heads: 2, blocks: 1, batch: 2, eval_windows: 4}", problems.ValLoss},
	} {
		build := func(frac float64, seed uint64) (problems.Metrics, int) {
			k, opts, err := problems.Configure(tc.kind, func(o any) error {
				if err := strictyaml.Decode([]byte(tc.yaml), o); err != nil {
					return err
				}
				o.(problems.ValidationOptions).SetValidationFraction(frac)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			p, err := k.New(opts, seed)
			if err != nil {
				t.Fatal(err)
			}
			w := make([]float64, p.Dim())
			p.Init(w)
			return p.Evaluate(w), p.BatchesPerEpoch()
		}
		without, nWithout := build(0, 1)
		with, nWith := build(problems.DefaultValidation, 1)
		if _, ok := without[tc.val]; ok {
			t.Errorf("%s: %s reported without a split", tc.kind, tc.val)
		}
		if _, ok := with[tc.val]; !ok {
			t.Errorf("%s: no %s with a split (%v)", tc.kind, tc.val, with)
		}
		if with[problems.TestLoss] != without[problems.TestLoss] {
			t.Errorf("%s: the split changed the test data: test loss %v vs %v", tc.kind, with[problems.TestLoss], without[problems.TestLoss])
		}
		if nWith >= nWithout {
			t.Errorf("%s: the split left the training data as large (%d vs %d batches per epoch)", tc.kind, nWith, nWithout)
		}
		// The same split for another seed: the metrics at the same point
		// agree when the initial point does not depend on the seed
		// (softmax starts at zero).
		if tc.kind == "softmax" {
			a, _ := build(problems.DefaultValidation, 1)
			b, _ := build(problems.DefaultValidation, 2)
			if a[tc.val] != b[tc.val] {
				t.Errorf("softmax: validation metric depends on the seed: %v vs %v", a[tc.val], b[tc.val])
			}
		}
	}
}
