package problems_test

import (
	"strings"
	"testing"

	"github.com/sfbench/sfbench/internal/strictyaml"
	"github.com/sfbench/sfbench/problems"
	_ "github.com/sfbench/sfbench/problems/convex"
	_ "github.com/sfbench/sfbench/problems/text"
	_ "github.com/sfbench/sfbench/problems/vision"
)

// yamlDecoder decodes a YAML snippet strictly, as a suite loader does.
func yamlDecoder(src string) func(any) error {
	return func(opts any) error { return strictyaml.Decode([]byte(src), opts) }
}

func TestConfigureFromYAML(t *testing.T) {
	k, opts, err := problems.Configure("softmax", yamlDecoder("dataset: wine\nbatch: 8\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := k.New(opts, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Dim() != 3*(13+1) {
		t.Errorf("softmax on wine has %d parameters, want 42", p.Dim())
	}
	cases := []struct{ name, src, want string }{
		{"nope", "", `unknown problem "nope"`},
		{"softmax", "datset: wine\n", "line 1: unknown field \"datset\" (known: batch, dataset, init_scale, l2, path, test_path, validation)"},
		{"vision", "model: cnn\nbatch: many\n", `line 2: want an integer, got "many"`},
		{"quadratic", "dim: 1.5\n", "line 1: want an integer, got 1.5"},
		{"softmax", "dataset: iris\nsource: x\n", "line 2: unknown field \"source\""},
	}
	for _, c := range cases {
		_, _, err := problems.Configure(c.name, yamlDecoder(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: got %v, want an error containing %q", c.name, c.src, err, c.want)
		}
	}
}

func TestEveryKindHasWorkingDefaults(t *testing.T) {
	for _, k := range problems.Kinds() {
		if k.Doc == "" {
			t.Errorf("%s has no doc line", k.Name)
		}
		if k.Name == "softmax" || k.Name == "logistic" {
			continue // they need a data set named
		}
		p, err := k.New(k.Options(), 1)
		if err != nil {
			t.Errorf("%s with default options: %v", k.Name, err)
			continue
		}
		w := make([]float64, p.Dim())
		p.Init(w)
		if m := p.Evaluate(w); len(m) == 0 {
			t.Errorf("%s reports no metrics", k.Name)
		}
	}
}
