package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/record"
)

// A suite's protocol targets and baseline reach the records and the
// report: the steps-to-target table times every optimizer to the suite's
// target, and the scores' speedups are over the named baseline.
func TestProtocolTargetsAndBaseline(t *testing.T) {
	dir := t.TempDir()
	suite := filepath.Join(dir, "s.yaml")
	os.WriteFile(suite, []byte(`suite: s
problems: [{name: q, kind: quadratic, options: {dim: 5}}, {name: r, kind: quadratic, options: {dim: 8}}]
optimizers: [{name: sf, kind: sf-sgd}, {name: plain, kind: sgd}, {name: heavy, kind: sgd, hyper: {momentum: 0.9}}]
lrs: [0.25, 0.5]
seeds: 2
budget: {steps: 200}
eval: {points: 10}
protocol: {metric: train_loss, targets: {q: 0.5}, baseline: heavy}
`), 0o644)
	out := filepath.Join(dir, "out")
	if _, errOut, code := runCLI("run", "-quiet", "-o", out, suite); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errOut)
	}
	recs, _, err := record.Read(filepath.Join(out, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Baseline != "heavy" || (r.Problem == "q") != (r.Target != nil) || r.Target != nil && *r.Target != 0.5 {
			t.Fatalf("record %s/%s: baseline %q, target %v", r.Problem, r.Optimizer, r.Baseline, r.Target)
		}
	}
	md, err := os.ReadFile(filepath.Join(out, "RESULTS.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| q | train_loss ≤ 0.5 |", "the suite sets the target for q (protocol targets); elsewhere the target is the best final mean",
		"speedup vs heavy (steps)", "over the problems where both reached the target of heavy's steps"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("RESULTS.md lacks %q", want)
		}
	}
}
