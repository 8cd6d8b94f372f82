package harness

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/suites"
)

// TestEvaluateAtSeveralPoints: eval: {at: [x, y, z]} records the metrics
// at y and z beside x's at every evaluation, and evaluating more points
// changes nothing of x's results.
func TestEvaluateAtSeveralPoints(t *testing.T) {
	suite := func(at string) *suites.Suite {
		s, err := suites.Parse("t.yaml", []byte(`suite: t
problems: [{kind: quadratic, options: {dim: 6, noise: 0.1}}]
optimizers: [{kind: sf-sgd-reference}, {kind: sgd}]
lrs: [0.5]
budget: {steps: 30}
eval: {every: 10, at: `+at+`}
`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	runs := map[string][]record.Record{}
	for _, at := range []string{"x", "[x, y, z]"} {
		dir := t.TempDir()
		if _, err := Run(context.Background(), suite(at), Options{Dir: dir, Jobs: 1}); err != nil {
			t.Fatal(err)
		}
		recs, _, err := record.Read(filepath.Join(dir, record.FileName))
		if err != nil {
			t.Fatal(err)
		}
		runs[at] = recs
	}
	one, three := runs["x"], runs["[x, y, z]"]
	if len(one) != 2 || len(three) != 2 {
		t.Fatalf("%d and %d records", len(one), len(three))
	}
	byOpt := map[string]record.Record{}
	for _, r := range three {
		byOpt[r.Optimizer] = r
	}
	for _, a := range one {
		b := byOpt[a.Optimizer]
		if !reflect.DeepEqual(a.Final, b.Final) || len(a.Curve) != len(b.Curve) || a.Curve[1].Metrics["train_loss"] != b.Curve[1].Metrics["train_loss"] {
			t.Errorf("%s: x's results changed with more points: %v vs %v", a.Optimizer, a.Final, b.Final)
		}
		if a.FinalAt != nil || a.Curve[0].At != nil {
			t.Errorf("%s: one point recorded others", a.Optimizer)
		}
		for _, p := range []string{"y", "z"} {
			if len(b.FinalAt[p]) == 0 || len(b.Curve[len(b.Curve)-1].At[p]) == 0 {
				t.Errorf("%s: no metrics at %s", b.Optimizer, p)
			}
		}
		sf := b.OptimizerKind == "sf-sgd-reference"
		if differ := b.FinalAt["y"]["train_loss"] != b.Final["train_loss"]; differ != sf {
			t.Errorf("%s: train_loss at y %v, at x %v", b.Optimizer, b.FinalAt["y"]["train_loss"], b.Final["train_loss"])
		}
	}
}
