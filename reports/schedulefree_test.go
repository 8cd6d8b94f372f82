package reports

import (
	"encoding/json"
	"testing"

	"github.com/sfbench/sfbench/record"
)

// TestChoiceScheduleFree: a record's schedule_free decides; records
// written before the field are judged by the kind's name and, for the
// reference forms, by whether momentum sits at an averaging end point.
func TestChoiceScheduleFree(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		want       bool
	}{
		{"field true", `{"optimizer_kind": "my-method", "schedule_free": true, "hyper": {}}`, true},
		{"field false", `{"optimizer_kind": "sf-sgd", "schedule_free": false, "hyper": {}}`, false},
		{"field true beats the end point", `{"optimizer_kind": "sf-sgd-reference", "schedule_free": true, "hyper": {"momentum": 0}}`, true},
		{"old: sf kind", `{"optimizer_kind": "sf-adamw", "hyper": {"beta1": 0.9}}`, true},
		{"old: baseline", `{"optimizer_kind": "adamw", "hyper": {"beta1": 0.9}}`, false},
		{"old: reference at primal", `{"optimizer_kind": "sf-adamw-reference", "hyper": {"beta1": 1}}`, false},
		{"old: reference at polyak", `{"optimizer_kind": "sf-sgd-reference", "hyper": {"momentum": 0}}`, false},
		{"old: reference inside", `{"optimizer_kind": "sf-sgd-reference", "hyper": {"momentum": 0.9}}`, true},
		{"old: wrapper", `{"optimizer_kind": "sf-wrapper", "hyper": {"momentum": 0.9, "base": {"kind": "sgd"}}}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r record.Record
			if err := json.Unmarshal([]byte(tc.line), &r); err != nil {
				t.Fatal(err)
			}
			c := &Choice{OptimizerKind: r.OptimizerKind, Group: &Group{OptimizerKind: r.OptimizerKind, Hyper: r.Hyper, ScheduleFree: r.ScheduleFree}}
			if got := c.ScheduleFree(); got != tc.want {
				t.Errorf("schedule-free %v, want %v", got, tc.want)
			}
		})
	}
}
