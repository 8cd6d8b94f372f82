package strictyaml

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type inner struct {
	Count int `yaml:"count"`
}

type config struct {
	Name   string    `yaml:"name"`
	Steps  int       `yaml:"steps"`
	Rate   float64   `yaml:"rate"`
	Seeds  []int     `yaml:"seeds"`
	Inner  inner     `yaml:"inner"`
	Shared inner     `yaml:",inline"`
	Rates  []float64 `yaml:"rates"`
	Flag   bool      `yaml:"flag"`
	N      uint      `yaml:"n"`
}

func TestDecode(t *testing.T) {
	var c config
	src := "name: x\nsteps: 10\nrate: 1.5\nseeds: [1, 2]\ninner: {count: 3}\ncount: 4\nrates: [1, 2.5]\n"
	if err := Decode([]byte(src), &c); err != nil {
		t.Fatal(err)
	}
	if c.Steps != 10 || c.Rate != 1.5 || c.Inner.Count != 3 || c.Shared.Count != 4 || len(c.Seeds) != 2 || c.Rates[1] != 2.5 {
		t.Errorf("decoded %+v", c)
	}
	cases := []struct{ src, want string }{
		{"steps: 1.5\n", "line 1: want an integer, got 1.5"},
		{"name: x\nseeds: [1, 2.5]\n", "line 2: want an integer, got 2.5"},
		{"name: x\ninner:\n  count: 0.5\n", "line 3: want an integer, got 0.5"},
		{"name: x\ncount: 1e3\n", "line 2: want an integer, got 1e3"},
		{"name: x\nstpes: 3\n", "line 2: unknown field \"stpes\""},
		{"name: x\nsteps: many\n", `line 2: want an integer, got "many"`},
		{"name: x\nrate: fast\n", `line 2: want a number, got "fast"`},
		{"name: x\nseeds: [1, x]\n", `line 2: want an integer, got "x"`},
		{"name: x\nflag: 3\n", "line 2: want true or false, got 3"},
		{"name: x\nn: -2\n", "line 2: want an integer ≥ 0, got -2"},
		{"\tname: x\nsteps: 3\n", "line 1: found character that cannot start any token"},
		{"name: b: c\nsteps: 3\n", "line 1: mapping values are not allowed in this context"},
		{"name: x\n\tsteps: 3\n", "line 2: found a tab character that violates indentation"},
		{"name: [x\n", "line 1"},
	}
	for _, tc := range cases {
		var c config
		err := Decode([]byte(tc.src), &c)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error containing %q", tc.src, err, tc.want)
		}
	}
}

// TestDecodeNodeKeepsDocumentLines decodes a nested node of a larger
// document and expects errors at the document's line numbers.
func TestDecodeNodeKeepsDocumentLines(t *testing.T) {
	doc := "suite: s\nproblems:\n  - kind: q\n    options:\n      name: a\n      stpes: 3\n"
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &root); err != nil {
		t.Fatal(err)
	}
	opts := root.Content[0].Content[3].Content[0].Content[3] // problems[0].options
	var c config
	err := DecodeNode(opts, &c)
	if err == nil || !strings.Contains(err.Error(), "line 6: unknown field \"stpes\"") {
		t.Errorf("got %v, want the error at line 6", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("name: x\nsteps: 10\n")
	f.Add("steps: 1.5\n")
	f.Add("inner: {count: [1]}\n")
	f.Fuzz(func(t *testing.T, src string) {
		var c config
		_ = Decode([]byte(src), &c) // must not panic
	})
}

// TestLinesSurviveCommentsAndBlankLines: errors point at the original
// lines, whatever formatting precedes them.
func TestLinesSurviveCommentsAndBlankLines(t *testing.T) {
	src := "# a comment\n\nname: x   # trailing\n\n\n# more\ninner:\n\n  count: 2.5\n"
	var c config
	err := Decode([]byte(src), &c)
	if err == nil || !strings.Contains(err.Error(), "line 9: want an integer") {
		t.Errorf("got %v, want line 9", err)
	}
	err = Decode([]byte("# c\n\nsteps: [1]\n"), &c)
	if err == nil || !strings.Contains(err.Error(), "line 3: want a single value, got a list") {
		t.Errorf("got %v, want line 3", err)
	}
}

// TestShapesInTheUsersWords: a list, mapping or value where another is
// wanted is named as YAML names it, not by Go type.
func TestShapesInTheUsersWords(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"- a\n- b\n", "line 1: want a mapping (key: value), got a list"},
		{"inner: [1, 2]\n", "line 1: want a mapping (key: value), got a list"},
		{"inner: 3\n", `line 1: want a mapping (key: value), got "3"`},
		{"name: {a: 1}\n", "line 1: want a single value, got a mapping"},
		{"name:\n", ""}, // null keeps the default
	} {
		t.Run(tc.src, func(t *testing.T) {
			var c config
			err := Decode([]byte(tc.src), &c)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "strictyaml.") {
				t.Errorf("a Go type name in %v", err)
			}
		})
	}
}
