package suites

import (
	"strings"
	"testing"
)

// TestEvalDiagnostics: eval: {diagnostics: true} is read; without it (or
// with false) cell ids and settings are those of a suite that never heard
// of it, with it they differ (the records do).
func TestEvalDiagnostics(t *testing.T) {
	base := "suite: t\nproblems: [{kind: quadratic}]\noptimizers: [{kind: sf-sgd}, {kind: sgd}]\nlrs: [0.1]\nbudget: {steps: 10}\n"
	parse := func(eval string) *Suite {
		t.Helper()
		s, err := Parse("t.yaml", []byte(base+eval))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	plain, off, on := parse("eval: {every: 5}\n"), parse("eval: {every: 5, diagnostics: false}\n"), parse("eval: {every: 5, diagnostics: true}\n")
	if plain.Eval.Diagnostics || off.Eval.Diagnostics || !on.Eval.Diagnostics {
		t.Errorf("diagnostics read as %v, %v, %v", plain.Eval.Diagnostics, off.Eval.Diagnostics, on.Eval.Diagnostics)
	}
	if plain.Settings != off.Settings || plain.Settings == on.Settings {
		t.Errorf("settings %s, %s (false), %s (true)", plain.Settings, off.Settings, on.Settings)
	}
	for i, c := range plain.Cells() {
		if c.ID != off.Cells()[i].ID || c.ID == on.Cells()[i].ID {
			t.Errorf("cell %d: ids %s, %s (false), %s (true)", i, c.ID, off.Cells()[i].ID, on.Cells()[i].ID)
		}
	}
	if _, err := Parse("t.yaml", []byte(base+"eval: {every: 5,\n  diagnostics: often}\n")); err == nil || !strings.Contains(err.Error(), "t.yaml:7") {
		t.Errorf("diagnostics: often: %v", err)
	}
}
