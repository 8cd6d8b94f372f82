package suites

import (
	"strings"
	"testing"

	"github.com/sfbench/sfbench/optim/kinds"
)

// optimizerSuite is a minimal suite with one optimizer entry.
func optimizerSuite(entry string) []byte {
	return []byte("suite: t\nproblems: [{kind: quadratic}]\noptimizers: [" + entry + "]\nlrs: [0.1]\nbudget: {steps: 10}\n")
}

// TestOptimizerScheduleFree: what records carry as schedule_free and
// averaging, from the kind and its averaging setting and, for the
// reference forms, whether momentum sits at an averaging end point.
func TestOptimizerScheduleFree(t *testing.T) {
	for _, tc := range []struct {
		entry     string
		want      bool
		averaging string
	}{
		{"{kind: sf-sgd}", true, ""},
		{"{kind: sf-adamw}", true, ""},
		{"{kind: sf-adamw-paper}", true, ""},
		{"{kind: sf-radam}", true, ""},
		{"{kind: sf-sgd-reference}", true, ""},
		{"{kind: sf-sgd-reference, hyper: {momentum: 0}}", false, "polyak"},
		{"{kind: sf-adamw-reference, hyper: {beta1: 1}}", false, "primal"},
		{"{kind: sf-adamw-reference, hyper: {beta1: 0.5}}", true, ""},
		{"{kind: sf-wrapper, base: {kind: adamw}}", true, ""},
		{"{kind: sgd}", false, ""},
		{"{kind: sgd, averaging: {kind: polyak}}", false, "polyak"},
		{"{kind: adamw, averaging: {kind: ema, decay: 0.9}}", false, "ema"},
		{"{kind: adamw, schedule: {kind: cosine}}", false, ""},
	} {
		t.Run(tc.entry, func(t *testing.T) {
			s, err := Parse("t.yaml", optimizerSuite(tc.entry))
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Optimizers[0].ScheduleFree(); got != tc.want {
				t.Errorf("schedule-free %v, want %v", got, tc.want)
			}
			if got := s.Optimizers[0].Averaging(); got != tc.averaging {
				t.Errorf("averaging %q, want %q", got, tc.averaging)
			}
		})
	}
}

// TestEntriesTakeWhatTheirKindAccepts: for every registered kind, a
// schedule, averaging and a base are accepted exactly where the kind
// declares them, and a base must be a kind registered as one.
func TestEntriesTakeWhatTheirKindAccepts(t *testing.T) {
	for _, k := range kinds.All() {
		base := ""
		if k.Accepts.Base {
			base = ", base: {kind: sgd}"
		}
		for _, tc := range []struct {
			what, entry string
			ok          bool
		}{
			{"alone", "{kind: " + k.Name + base + "}", true},
			{"schedule", "{kind: " + k.Name + base + ", schedule: {kind: cosine}}", k.Accepts.Schedule},
			{"averaging", "{kind: " + k.Name + base + ", averaging: {kind: polyak}}", k.Accepts.Averaging},
			{"base", "{kind: " + k.Name + ", base: {kind: sgd}}", k.Accepts.Base},
			{"as base", "{kind: sf-wrapper, base: {kind: " + k.Name + "}}", k.AsBase},
		} {
			t.Run(k.Name+" "+tc.what, func(t *testing.T) {
				_, err := Parse("t.yaml", optimizerSuite(tc.entry))
				if (err == nil) != tc.ok {
					t.Errorf("%s: err %v, want accepted %v", tc.entry, err, tc.ok)
				}
			})
		}
	}
}

func TestKindNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		keep func(kinds.Kind) bool
		conj string
		want string
	}{
		{"one", func(k kinds.Kind) bool { return k.Accepts.Base }, "and", "sf-wrapper"},
		{"two", func(k kinds.Kind) bool { return k.AsBase }, "or", "sgd or adamw"},
		{"three", func(k kinds.Kind) bool { return strings.HasPrefix(k.Name, "sf-adamw") }, "and", "sf-adamw, sf-adamw-paper and sf-adamw-reference"},
		{"none", func(kinds.Kind) bool { return false }, "and", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := kindNames(tc.keep, tc.conj); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
