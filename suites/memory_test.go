package suites

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64 // 0: an error
	}{
		{"16GiB", 16 << 30}, {"512MiB", 512 << 20}, {"1073741824", 1 << 30}, {"1.5GB", 1.5e9},
		{" 2 tib ", 2 << 40}, {"100kB", 1e5}, {"64B", 64}, {"3KiB", 3 << 10},
		{"", 0}, {"lots", 0}, {"-1GiB", 0}, {"0", 0}, {"16GiBs", 0}, {"1e9", 0}, {"1.2.3MiB", 0}, {"16 G", 0},
	} {
		got, err := ParseSize(c.in)
		if c.want == 0 {
			if err == nil || !strings.Contains(err.Error(), "want a size in bytes such as 16GiB") {
				t.Errorf("ParseSize(%q) = %v, %v; want an error", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseSize(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{980, "980 B"}, {1536, "1.5 KiB"}, {8 << 30, "8 GiB"}, {1023.9 * (1 << 20), "1 GiB"},
		{320 << 30, "320 GiB"}, {1.28e12, "1.16 TiB"}, {4.8e37, "4.37e+25 TiB"},
	} {
		if got := FormatBytes(c.in); got != c.want {
			t.Errorf("FormatBytes(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPhysicalMemory(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	for _, c := range []struct {
		path string
		want float64 // 0: unreadable
	}{
		{write("good", "MemTotal:       24683584 kB\nMemFree: 1 kB\n"), 24683584 * 1024},
		{write("late", "MemFree: 1 kB\nMemTotal: 1024 kB\n"), 1 << 20},
		{write("unit", "MemTotal: 1024 MB\n"), 0},
		{write("zero", "MemTotal: 0 kB\n"), 0},
		{write("none", "MemFree: 1 kB\n"), 0},
		{filepath.Join(dir, "missing"), 0},
	} {
		got, ok := physicalMemory(c.path)
		if ok != (c.want != 0) || got != c.want {
			t.Errorf("%s: %v, %v; want %v", filepath.Base(c.path), got, ok, c.want)
		}
	}
}

// TestMemoryBudgetRefusesLargeProblems: validation refuses a problem whose
// estimate exceeds the budget (SFBENCH_MEMORY, or half of physical
// memory), names the problem, its estimate and the budget in one line at
// its options, and refuses a malformed SFBENCH_MEMORY.
func TestMemoryBudgetRefusesLargeProblems(t *testing.T) {
	suite := "suite: m\nproblems:\n  - name: q\n    kind: quadratic\n    options: {dim: 1000}\noptimizers: [{kind: sf-sgd}]\nlrs: [1]\nbudget: {steps: 10}\n"
	for _, c := range []struct {
		env  string // "unset": not set
		want string // "": accepted
	}{
		{"1GiB", ""},
		{"unset", ""},
		{"16MiB", "m.yaml:5: problem q: needs about 45.9 MiB of memory per cell, more than the budget of 16 MiB (SFBENCH_MEMORY=16MiB; run -j N runs N cells at once)"},
		{"lots", `m.yaml: SFBENCH_MEMORY="lots": want a size in bytes such as 16GiB, 512MiB or 1073741824, got "lots"`},
		{"0", `m.yaml: SFBENCH_MEMORY="0": want a size`},
	} {
		if c.env == "unset" {
			t.Setenv(MemoryEnv, "")
			os.Unsetenv(MemoryEnv)
		} else {
			t.Setenv(MemoryEnv, c.env)
		}
		s, err := Parse("m.yaml", []byte(suite))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.env, err)
		case c.want == "" && !(s.Problems[0].Memory > 40<<20 && s.Problems[0].Memory < 60<<20):
			t.Errorf("%s: the problem's estimate is %v bytes", c.env, s.Problems[0].Memory)
		case c.want != "" && (err == nil || strings.Count(err.Error(), "\n") != 0 || !strings.HasPrefix(err.Error(), c.want)):
			t.Errorf("%s: got %v, want one line starting %q", c.env, err, c.want)
		}
	}
	os.Unsetenv(MemoryEnv)
	b, source, err := MemoryBudget()
	if err != nil || !(b >= 1<<20) || !strings.Contains(source, "physical memory") || !strings.Contains(source, "set SFBENCH_MEMORY") {
		t.Errorf("default budget: %v bytes (%s), %v", b, source, err)
	}
}

// TestValidationIsCheap: large problems are validated from their plans in
// well under a second, with their metrics and batches per epoch, and
// still with the errors building would give.
func TestValidationIsCheap(t *testing.T) {
	t.Setenv(MemoryEnv, "64GiB")
	for _, c := range []struct {
		name, problem, protocol string
		epoch                   int
	}{
		{"quadratic dim 4000", "{kind: quadratic, options: {dim: 4000}}", "{metric: gap}", 1},
		{"synthetic regression 200000×2000", "{kind: synthetic-regression, options: {n: 200000, d: 2000, batch: 100}}", "{metric: gap}", 2000},
		{"vision mlp hidden 100000", "{kind: vision, options: {model: mlp, hidden: 100000, train_subset: 1000}}", "{metric: test_acc}", 29},
		{"charlm context 512", "{kind: charlm, options: {context: 512, d_model: 256, eval_windows: 100000}}", "{metric: test_bpc}", 0},
	} {
		suite := func(problem string) []byte {
			return []byte("suite: c\nproblems: [" + problem + "]\noptimizers: [{kind: sf-sgd}]\nlrs: [1]\nbudget: {steps: 10}\nprotocol: " + c.protocol + "\n")
		}
		// The family's defaults first: loading its data (cached) is not
		// what is measured.
		kind := strings.TrimSuffix(strings.SplitN(c.problem, " ", 3)[1], ",")
		if _, err := Parse("warm.yaml", suite("{kind: "+kind+"}")); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		start := time.Now()
		s, err := Parse("c.yaml", suite(c.problem))
		d := time.Since(start)
		t.Logf("%s: validated in %v", c.name, d)
		if d > time.Second {
			t.Errorf("%s: validated in %v", c.name, d)
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if c.epoch != 0 && s.Problems[0].StepsPerEpoch != c.epoch {
			t.Errorf("%s: %d steps per epoch, want %d", c.name, s.Problems[0].StepsPerEpoch, c.epoch)
		}
	}
}

// TestProblemErrorsNameTheirSource: a data file of one class is named in
// the error (with the suite's line), and a problem entry without options
// is reported at its own line, not at the top of the file.
func TestProblemErrorsNameTheirSource(t *testing.T) {
	one := filepath.Join(t.TempDir(), "one.libsvm")
	os.WriteFile(one, []byte("2 1:0.5\n2 1:1 2:3\n2 2:1\n"), 0o644)
	for _, c := range []struct{ problems, want string }{
		{"  - name: one\n    kind: softmax\n    options: {path: " + one + "}\n",
			"p.yaml:6: problem one: " + one + ": every row has label 2, but softmax needs at least two classes"},
		{"  - name: one\n    kind: logistic\n    options:\n      positive_class: 0\n      path: " + one + "\n",
			"p.yaml:7: problem one: " + one + ": every row has label 2, but logistic needs at least two classes"},
		{"  - kind: quadratic\n  - name: bare\n    kind: softmax\n", "p.yaml:5: problem bare: no data: give dataset or path"},
		{"  - kind: quadratic\n  - name: nameless\n", `p.yaml:5: unknown problem ""`},
	} {
		_, err := Parse("p.yaml", []byte("suite: p\nlrs: [1]\nproblems:\n"+c.problems+"optimizers: [{kind: sf-sgd}]\nbudget: {steps: 10}\n"))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("got %v, want one line starting %q", err, c.want)
		}
	}
}

// TestCheapProblemsAreBuilt: a problem cheap to build is built once, so
// that what only building finds (singular normal equations) is an error
// of the suite, at the problem's options.
func TestCheapProblemsAreBuilt(t *testing.T) {
	_, err := Parse("b.yaml", []byte("suite: b\nproblems:\n  - name: few-rows\n    kind: synthetic-regression\n    options: {n: 5, d: 10}\noptimizers: [{kind: sf-sgd}]\nlrs: [1]\nbudget: {steps: 10}\n"))
	if want := "b.yaml:5: problem few-rows: least squares: the normal equations are singular (add l2)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}
