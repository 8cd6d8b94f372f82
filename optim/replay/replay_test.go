package replay

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	officialFile = "testdata/schedulefree_trajectories.json"
	formsFile    = "testdata/schedulefree_reference_forms.json"
)

// TestReferenceFilesPass replays both recorded files: the official
// optimizers and baselines (12 cases) and the official reference classes
// that store x, y and z (4 cases).
func TestReferenceFilesPass(t *testing.T) {
	for _, tc := range []struct {
		path  string
		cases int
	}{{officialFile, 12}, {formsFile, 4}} {
		f, err := Read(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Cases) != tc.cases {
			t.Fatalf("%s: got %d cases, want %d", tc.path, len(f.Cases), tc.cases)
		}
		for _, c := range f.Cases {
			r, err := f.Run(c)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Pass(Tolerance) {
				t.Errorf("%s: error %.3g exceeds %g (step %d, %s)", c.Name, r.Max(), Tolerance, r.WorstStep, r.WorstWhich)
			}
		}
	}
}

func TestEmbeddedEqualsTestdata(t *testing.T) {
	for path, embedded := range map[string][]byte{officialFile: official, formsFile: forms} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != string(embedded) {
			t.Fatalf("embedded copy of %s differs from testdata", path)
		}
	}
}

// TestPerturbedReferenceFails makes sure a wrong trajectory is caught: a
// change of one part in 1e-9 in a single recorded value must fail the case.
func TestPerturbedReferenceFails(t *testing.T) {
	f, err := Official()
	if err != nil {
		t.Fatal(err)
	}
	for _, which := range []string{"p", "z", "x"} {
		c := f.Cases[0]
		steps := append([]Step(nil), c.Steps...)
		s := steps[17]
		v := map[string][]float64{"p": s.P, "z": s.Z, "x": s.X}[which]
		v = append([]float64(nil), v...)
		v[3] *= 1 + 1e-9
		switch which {
		case "p":
			s.P = v
		case "z":
			s.Z = v
		case "x":
			s.X = v
		}
		steps[17] = s
		c.Steps = steps
		r, err := f.Run(c)
		if err != nil {
			t.Fatal(err)
		}
		if r.Pass(Tolerance) || r.WorstStep != 17 || r.WorstWhich != which {
			t.Errorf("perturbed %s at step 17: pass=%v worst step %d %s", which, r.Pass(Tolerance), r.WorstStep, r.WorstWhich)
		}
	}
}

// TestWrongHyperparameterFails: replaying with another learning rate must
// not pass.
func TestWrongHyperparameterFails(t *testing.T) {
	f, _ := Official()
	c := f.Cases[0]
	c.Hyper = map[string]any{"lr": 0.5000001, "momentum": 0.9}
	r, err := f.Run(c)
	if err != nil {
		t.Fatal(err)
	}
	if r.Pass(Tolerance) {
		t.Errorf("a learning rate off by 2e-7 passed with error %.3g", r.Max())
	}
}

func TestMalformedFiles(t *testing.T) {
	const problem = `"problem": {"kind": "noisy_quadratic", "a": [1, 2], "b": [0, 0], "w0": [1, 1], "noise": [[0, 0], [0, 0]]}`
	step := `{"p": [0.5, 0.5]}`
	cases := []struct {
		name, body, want string
	}{
		{"syntax", "{\n\"problem\": {\n\"a\": [1, x]}}", "bad.json:3: invalid character 'x'"},
		{"truncated", "{\n\"problem\": {\"a\": [1,", "bad.json:2: unexpected end of file"},
		{"type", "{\n\"cases\": 3}", "bad.json:2: field cases"},
		{"kind", `{"problem": {"kind": "rosenbrock"}}`, `problem kind "rosenbrock" is not supported`},
		{"dims", `{"problem": {"kind": "noisy_quadratic", "a": [1], "b": [1, 2], "w0": [1]}}`, "same non-zero length"},
		{"no cases", "{" + problem + "}", "no cases"},
		{"too many steps", "{" + problem + `, "cases": [{"name": "c", "optimizer": "SGDScheduleFree", "hyper": {}, "steps": [` +
			step + "," + step + "," + step + `]}]}`, `case "c": 3 steps but noise for only 2`},
		{"short vector", "{" + problem + `, "cases": [{"name": "c", "optimizer": "SGDScheduleFree", "hyper": {}, "steps": [{"p": [1]}]}]}`,
			`case "c": step 0 has a vector of length 1, want 2`},
		{"duplicate", "{" + problem + `, "cases": [{"name": "c", "optimizer": "SGDScheduleFree", "steps": []},` +
			`{"name": "c", "optimizer": "SGDScheduleFree", "steps": []}]}`, `case "c" appears twice`},
	}
	dir := t.TempDir()
	for _, c := range cases {
		path := filepath.Join(dir, "bad.json")
		if err := os.WriteFile(path, []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Read(path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	cases := []struct {
		c    Case
		want string
	}{
		{Case{Optimizer: "LionScheduleFree"}, `unknown optimizer "LionScheduleFree"`},
		{Case{Optimizer: "SGDScheduleFree", Hyper: map[string]any{"lr": 1.0, "foo": 1.0}}, "unknown hyperparameter(s) foo"},
		{Case{Optimizer: "SGDScheduleFree", Hyper: map[string]any{"momentum": 1.0}}, "momentum) must be in (0, 1)"},
		{Case{Optimizer: "SGDScheduleFree", Hyper: map[string]any{"lr": "big"}}, "hyperparameter lr: want a number"},
		{Case{Optimizer: "SGDScheduleFree", Hyper: map[string]any{"warmup_steps": 2.5}}, "want an integer"},
		{Case{Optimizer: "AdamWScheduleFree", Hyper: map[string]any{"betas": []any{0.9}}}, "want a pair"},
		{Case{Optimizer: "SGDScheduleFree", LRSequence: []float64{1}}, "lr_sequence is supported for torch.optim baselines only"},
		{Case{Optimizer: "ScheduleFreeWrapper(Lion)", Hyper: map[string]any{"base": "Lion"}}, `unknown base optimizer "Lion"`},
		{Case{Optimizer: "torch.optim.AdamW", Hyper: map[string]any{"amsgrad": true}}, "amsgrad is not supported"},
	}
	for _, c := range cases {
		_, err := Build(c.c)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %v: got %v, want an error containing %q", c.c.Optimizer, c.c.Hyper, err, c.want)
		}
	}
}

func TestNonFiniteTokens(t *testing.T) {
	body := `{"problem": {"kind": "noisy_quadratic", "a": [1], "b": [0], "w0": [1], "noise": [[0]]},
"cases": [{"name": "NaN Infinity in a name", "optimizer": "torch.optim.SGD", "hyper": {"lr": 1e308},
"steps": [{"p": [NaN], "x": [-Infinity], "z": [Infinity]}]}]}`
	f, err := Parse("inline.json", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if f.Cases[0].Name != "NaN Infinity in a name" {
		t.Errorf("tokens inside strings were rewritten: %q", f.Cases[0].Name)
	}
	s := f.Cases[0].Steps[0]
	if s.P[0] == s.P[0] || s.X[0] > -1e308 || s.Z[0] < 1e308 {
		t.Errorf("got p %v x %v z %v, want NaN, -Inf, +Inf", s.P, s.X, s.Z)
	}
}

func TestElementError(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct{ got, ref, want float64 }{
		{1, 1, 0},
		{1.5, 1, 0.5},
		{0.001, 0, 0.001}, // absolute near zero
		{1e20 + 1e10, 1e20, 1e-10},
		{inf, inf, 0},
		{-inf, inf, inf},
		{nan, nan, 0},
		{1, nan, inf},
	}
	for _, c := range cases {
		if got := elementError(c.got, c.ref); got != c.want && math.Abs(got-c.want) > 1e-6*c.want {
			t.Errorf("elementError(%v, %v) = %v, want %v", c.got, c.ref, got, c.want)
		}
	}
}
