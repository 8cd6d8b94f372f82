package record

import (
	"encoding/json"
	"testing"
)

func TestPointLabelsAndOrder(t *testing.T) {
	for _, tc := range []struct {
		settings map[string]any
		label    string
		text     string
	}{
		{nil, "sf", ""},
		{map[string]any{"momentum": 0.9}, "sf momentum=0.9", "momentum=0.9"},
		{map[string]any{"warmup_steps": 100, "beta1": 0.95}, "sf beta1=0.95 warmup_steps=100", "beta1=0.95, warmup_steps=100"},
		{map[string]any{"eps": 1e-8, "nesterov": true}, "sf eps=1e-08 nesterov=true", "eps=1e-08, nesterov=true"},
	} {
		if got := PointLabel("sf", tc.settings); got != tc.label {
			t.Errorf("PointLabel(%v) = %q, want %q", tc.settings, got, tc.label)
		}
		if got := PointText(tc.settings); got != tc.text {
			t.Errorf("PointText(%v) = %q, want %q", tc.settings, got, tc.text)
		}
		// Read back from JSON (integers become float64): the same label.
		b, _ := json.Marshal(tc.settings)
		var back map[string]any
		json.Unmarshal(b, &back)
		if got := PointLabel("sf", back); tc.settings != nil && got != tc.label {
			t.Errorf("from JSON: %q, want %q", got, tc.label)
		}
	}
	ordered := []map[string]any{
		{"a": 0.5, "b": false}, {"a": 0.5, "b": true}, {"a": 0.9, "b": false}, {"a": 2, "b": false}, {"a": 10.0, "b": true},
	}
	for i := range ordered {
		for j := range ordered {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := ComparePoints(ordered[i], ordered[j]); got != want {
				t.Errorf("ComparePoints(%v, %v) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
	if CompareSettings(3, 3.0) != 0 || CompareSettings("a", "b") != -1 || CompareSettings(false, true) != -1 {
		t.Error("CompareSettings across Go types")
	}
}
