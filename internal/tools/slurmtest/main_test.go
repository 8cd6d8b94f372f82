package main

import (
	"slices"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	want := map[string]string{"a": "A", "b": "B"}
	for _, c := range []struct {
		name string
		got  map[string]string
		diff []string // the cells named, in order
	}{
		{"equal", map[string]string{"a": "A", "b": "B"}, nil},
		{"missing", map[string]string{"a": "A"}, []string{"b"}},
		{"differs", map[string]string{"a": "A", "b": "C"}, []string{"b"}},
		{"extra", map[string]string{"a": "A", "b": "B", "c": "C"}, []string{"c"}},
		{"all wrong", map[string]string{"c": "C"}, []string{"a", "b", "c"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var cells []string
			for _, d := range compare(want, c.got) {
				cells = append(cells, strings.Fields(d)[1])
			}
			if !slices.Equal(cells, c.diff) {
				t.Errorf("compare named %q, want %q", cells, c.diff)
			}
		})
	}
}

func TestRunUsage(t *testing.T) {
	var out, errb strings.Builder
	if code := run(&out, &errb, []string{"one"}); code != 2 || !strings.Contains(errb.String(), "usage") {
		t.Errorf("one argument: exit %d, stderr %q", code, errb.String())
	}
	if code := run(&out, &errb, []string{"nope-a.jsonl", "nope-b.jsonl"}); code != 2 {
		t.Errorf("missing files: exit %d", code)
	}
}
