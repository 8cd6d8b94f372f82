package compare

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	goldenfile "github.com/sfbench/sfbench/internal/golden"
	"github.com/sfbench/sfbench/record"
)

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), []byte(got))
}

// cfg is a configuration as the tests vary it.
type cfg struct {
	problem, opt string
	lr           float64
	horizon      int
	hyper        map[string]any
}

var sfAdamW = cfg{"letter", "sf-adamw", 0.01, 1000, map[string]any{"beta1": 0.9, "weight_decay": 0.0}}

// rec builds the record of c at seed with the given final metrics.
func rec(c cfg, seed int, status string, final map[string]float64) record.Record {
	h := c.horizon
	if h == 0 {
		h = 1000
	}
	r := record.Record{
		ID:    fmt.Sprintf("%s-%s-%g-%d-%d-%v", c.problem, c.opt, c.lr, h, seed, c.hyper),
		Suite: "nightly", Phase: "sweep",
		Problem: c.problem, ProblemKind: "softmax", ProblemOptions: map[string]any{"dataset": "letter"},
		Optimizer: c.opt, OptimizerKind: c.opt, Hyper: c.hyper,
		LR: c.lr, Seed: seed, Horizon: h, EvalAt: "x", Status: status, Steps: h,
		Final: record.FromMap(final),
	}
	if status == record.StatusError {
		r.Final = nil
	}
	return r
}

// accRecs are n seeds of c with test_acc drawn around mean with deviation sd.
func accRecs(c cfg, rng *rand.Rand, n int, mean, sd float64) []record.Record {
	out := make([]record.Record, n)
	for i := range out {
		acc := mean + sd*rng.NormFloat64()
		out[i] = rec(c, i+1, record.StatusOK, map[string]float64{"test_acc": acc, "test_loss": 2 * (1 - acc)})
	}
	return out
}

func results(path string, groups ...[]record.Record) *Results {
	r := &Results{Path: path}
	for _, g := range groups {
		r.Records = append(r.Records, g...)
	}
	return r
}

func mustCompare(t *testing.T, base, nw *Results, opt Options) *Comparison {
	t.Helper()
	c, err := Compare(base, nw, opt)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// withStatus sets the status of the records of the given seeds.
func withStatus(recs []record.Record, status string, seeds ...int) []record.Record {
	out := append([]record.Record(nil), recs...)
	for i := range out {
		for _, s := range seeds {
			if out[i].Seed == s {
				out[i].Status = status
				if status == record.StatusDiverged {
					out[i].Final = record.FromMap(map[string]float64{"test_acc": 0.04, "test_loss": math.NaN()})
				} else {
					out[i].Final = nil
				}
			}
		}
	}
	return out
}

func TestVerdicts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base10 := accRecs(sfAdamW, rng, 10, 0.90, 0.005)
	noise10 := accRecs(sfAdamW, rng, 10, 0.90, 0.005)
	worse10 := accRecs(sfAdamW, rng, 10, 0.85, 0.005)
	better10 := accRecs(sfAdamW, rng, 10, 0.93, 0.005)
	tiny10 := accRecs(sfAdamW, rng, 10, 0.897, 0.0005) // significant, but 0.3% < 1%
	base10tight := accRecs(sfAdamW, rng, 10, 0.90, 0.0005)
	one := func(acc float64) []record.Record {
		return []record.Record{rec(sfAdamW, 1, record.StatusOK, map[string]float64{"test_acc": acc})}
	}
	utest := DefaultOptions()
	utest.Test = UTest
	lossOnly := DefaultOptions()
	lossOnly.Metric = "test_loss"
	minimize := DefaultOptions()
	minimize.Goal = GoalMin
	missing := DefaultOptions()
	missing.Metric = "test_bpc"
	cases := []struct {
		name      string
		base, nw  []record.Record
		opt       Options
		verdict   Verdict
		note      string
		pBelow    float64 // p < pBelow when > 0
		pExactly1 bool
	}{
		{"identical", base10, base10, DefaultOptions(), Same, "", 0, true},
		{"identical, U test", base10, base10, utest, Same, "", 0, true},
		{"regression", base10, worse10, DefaultOptions(), Regression, "", 0.05, false},
		{"regression, U test", base10, worse10, utest, Regression, "", 0.05, false},
		{"noise", base10, noise10, DefaultOptions(), Same, "", 0, false},
		{"noise, U test", base10, noise10, utest, Same, "", 0, false},
		{"better", base10, better10, DefaultOptions(), Better, "", 0.05, false},
		{"below the minimum effect", base10tight, tiny10, DefaultOptions(), Same, "", 0.05, false},
		{"regression on the loss", base10, worse10, lossOnly, Regression, "", 0.05, false},
		{"goal min turns it around", base10, worse10, minimize, Better, "", 0.05, false},
		// One seed decides nothing: never a regression, its own verdict.
		{"n<2 worse", one(0.9), one(0.88), DefaultOptions(), FewSeeds, "n = 1 and 1", 0, false},
		{"n<2 identical", one(0.9), one(0.9), DefaultOptions(), FewSeeds, "n = 1 and 1", 0, false},
		{"n<2 against ten", one(0.9), base10, DefaultOptions(), FewSeeds, "n = 1 and 10", 0, false},
		{"more diverged in NEW", base10, withStatus(base10, record.StatusDiverged, 3), DefaultOptions(), Regression,
			"diverged or failed: 1/10, BASE 0/10", 0, false},
		{"more failed in NEW, loss", base10, withStatus(base10, record.StatusError, 3, 4), lossOnly, Regression,
			"diverged or failed: 2/10, BASE 0/10", 0, false},
		{"fewer diverged in NEW", withStatus(base10, record.StatusDiverged, 1, 2), base10, DefaultOptions(), Same, "", 0, false},
		{"as many diverged", withStatus(base10, record.StatusDiverged, 1), withStatus(base10, record.StatusDiverged, 1), DefaultOptions(), Same, "", 0, true},
		{"all failed on both sides", withStatus(base10[:3], record.StatusError, 1, 2, 3), withStatus(base10[:3], record.StatusError, 1, 2, 3),
			lossOnly, Same, "all seeds failed", 0, false},
	}
	// A metric no record reports is a mistake (a typo), not a comparison.
	if _, err := Compare(results("base", base10), results("new", base10), missing); err == nil || !strings.Contains(err.Error(), "test_bpc") {
		t.Errorf("metric nobody reports: got %v, want an error naming it", err)
	}
	for _, c := range cases {
		cmp := mustCompare(t, results("base", c.base), results("new", c.nw), c.opt)
		if len(cmp.Rows) != 1 {
			t.Fatalf("%s: %d rows, want 1", c.name, len(cmp.Rows))
		}
		r := cmp.Rows[0]
		if r.Verdict != c.verdict || r.Note != c.note {
			t.Errorf("%s: verdict %q, want %q (%s)", c.name, r.VerdictText(), c.verdict.String()+" ("+c.note+")", r.Line())
		}
		if c.pBelow > 0 && !(r.P < c.pBelow) {
			t.Errorf("%s: p %v, want < %v", c.name, r.P, c.pBelow)
		}
		if c.pExactly1 && r.P != 1 {
			t.Errorf("%s: p %v, want 1", c.name, r.P)
		}
		if got := len(cmp.Regressions()); got != map[bool]int{true: 1, false: 0}[c.verdict == Regression] {
			t.Errorf("%s: %d regressions", c.name, got)
		}
	}
}

// A diverged seed counts as the worst possible value: 0 for an accuracy,
// the worst value of the group for a loss.
func TestFailedSeedsCountAsWorst(t *testing.T) {
	base := []record.Record{
		rec(sfAdamW, 1, record.StatusOK, map[string]float64{"test_acc": 0.9, "test_loss": 0.3}),
		rec(sfAdamW, 2, record.StatusOK, map[string]float64{"test_acc": 0.8, "test_loss": 0.5}),
	}
	nw := []record.Record{
		rec(sfAdamW, 1, record.StatusOK, map[string]float64{"test_acc": 0.9, "test_loss": 0.4}),
		rec(sfAdamW, 2, record.StatusDiverged, map[string]float64{"test_acc": 0.1, "test_loss": math.Inf(1)}),
	}
	c := mustCompare(t, results("b", base), results("n", nw), DefaultOptions())
	if got := c.Rows[0].New.Values; len(got) != 2 || got[0] != 0.9 || got[1] != 0 {
		t.Errorf("test_acc values %v, want [0.9 0]", got)
	}
	opt := DefaultOptions()
	opt.Metric = "test_loss"
	c = mustCompare(t, results("b", base), results("n", nw), opt)
	if got := c.Rows[0].New.Values; len(got) != 2 || got[0] != 0.4 || got[1] != 0.5 {
		t.Errorf("test_loss values %v, want [0.4 0.5] (the worst finite loss of the group)", got)
	}
	if c.Rows[0].Verdict != Regression || c.Rows[0].New.Failed != 1 {
		t.Errorf("verdict %s, failed %d", c.Rows[0].VerdictText(), c.Rows[0].New.Failed)
	}
}

func TestGrouping(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	other := sfAdamW
	other.hyper = map[string]any{"beta1": 0.95, "weight_decay": 0.0} // same labels, other hyperparameters
	longer := sfAdamW
	longer.horizon = 2000
	sgd := cfg{"letter", "sgd", 0.1, 1000, nil}
	onlyNew := cfg{"vowel", "sf-sgd", 1, 1000, nil}
	base := results("base",
		accRecs(sfAdamW, rng, 3, 0.9, 0.01), accRecs(other, rng, 3, 0.9, 0.01),
		accRecs(longer, rng, 3, 0.9, 0.01), accRecs(sgd, rng, 3, 0.9, 0.01))
	nw := results("new",
		accRecs(sfAdamW, rng, 3, 0.9, 0.01), accRecs(other, rng, 3, 0.9, 0.01),
		accRecs(longer, rng, 3, 0.9, 0.01), accRecs(onlyNew, rng, 2, 0.9, 0.01))
	// A seed written twice with a different result is warned about; an
	// exact duplicate (a file concatenated twice) is not.
	dup := nw.Records[0]
	dup.Final = record.FromMap(map[string]float64{"test_acc": 0.1})
	nw.Records = append(nw.Records, nw.Records[1], dup)
	nw.Records[2].EvalAt = "y"
	c := mustCompare(t, base, nw, DefaultOptions())
	var rows []string
	for _, r := range c.Rows {
		rows = append(rows, r.Name)
		if r.Base.N() != 3 || r.New.N() != 3 {
			t.Errorf("%s: n %d+%d, want 3+3", r.Name, r.Base.N(), r.New.N())
		}
	}
	want := []string{"letter/sf-adamw/lr=0.01/h=1000/" + record.KeyOf(&nw.Records[0]).Hash(),
		"letter/sf-adamw/lr=0.01/h=1000/" + record.KeyOf(&nw.Records[3]).Hash(), "letter/sf-adamw/lr=0.01/h=2000"}
	if record.KeyOf(&nw.Records[3]).Less(record.KeyOf(&nw.Records[0])) {
		want[0], want[1] = want[1], want[0]
	}
	if strings.Join(rows, " ") != strings.Join(want, " ") {
		t.Errorf("rows %v\nwant %v", rows, want)
	}
	if strings.Join(c.OnlyBase, " ") != "letter/sgd/lr=0.1" || strings.Join(c.OnlyNew, " ") != "vowel/sf-sgd/lr=1" {
		t.Errorf("only in BASE %v, only in NEW %v", c.OnlyBase, c.OnlyNew)
	}
	warnings := strings.Join(c.allWarnings(), "\n")
	for _, w := range []string{"NEW has seed 1 twice with different results", "evaluated at x in BASE, at x+y in NEW"} {
		if !strings.Contains(warnings, w) {
			t.Errorf("warnings lack %q:\n%s", w, warnings)
		}
	}
	if strings.Count(warnings, "twice") != 1 {
		t.Errorf("want one duplicate warning:\n%s", warnings)
	}
}

// Hyperparameters and options compare as canonical JSON, whatever the order
// their keys were written in.
func TestKeyIsCanonical(t *testing.T) {
	a := `{"id":"a","problem":"p","optimizer":"o","lr":0.1,"horizon":10,"hyper":{"b":1,"a":{"y":2,"x":1}},"problem_options":{"n":3,"dataset":"letter"},"status":"ok","final":{"test_acc":0.5}}`
	b := `{"id":"b","problem":"p","optimizer":"o","lr":0.1,"horizon":10,"hyper":{"a":{"x":1,"y":2},"b":1.0},"problem_options":{"dataset":"letter","n":3},"status":"ok","final":{"test_acc":0.5}}`
	ra, _, err := record.Parse("a", []byte(a+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	rb, _, err := record.Parse("b", []byte(b+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ka, kb := record.KeyOf(&ra[0]), record.KeyOf(&rb[0]); ka != kb {
		t.Errorf("keys differ:\n%+v\n%+v", ka, kb)
	}
}

func TestOptionsValidate(t *testing.T) {
	bad := []struct {
		set  func(*Options)
		want string
	}{
		{func(o *Options) { o.Test = "ztest" }, `-test wants ttest or utest, got "ztest"`},
		{func(o *Options) { o.Goal = "up" }, `-goal wants auto, min or max`},
		{func(o *Options) { o.Alpha = 0 }, "-alpha must be in (0, 1)"},
		{func(o *Options) { o.Alpha = math.NaN() }, "-alpha must be in (0, 1)"},
		{func(o *Options) { o.MinEffect = -0.1 }, "-min-effect must be"},
		{func(o *Options) { o.MinEffect = math.Inf(1) }, "-min-effect must be"},
	}
	for _, b := range bad {
		o := DefaultOptions()
		b.set(&o)
		if err := o.Validate(); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("got %v, want %q", err, b.want)
		}
		if _, err := Compare(&Results{}, &Results{}, o); err == nil {
			t.Errorf("Compare accepted %+v", o)
		}
	}
	if err := DefaultOptions().Validate(); err != nil {
		t.Error(err)
	}
}

func writeResults(t *testing.T, path string, recs []record.Record) {
	t.Helper()
	w, err := record.Append(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if err := w.Append(&recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(5, 6))
	recs := accRecs(sfAdamW, rng, 3, 0.9, 0.01)
	writeResults(t, filepath.Join(dir, record.FileName), recs)
	for _, p := range []string{dir, filepath.Join(dir, record.FileName)} {
		r, err := Load(p)
		if err != nil || r.Len() != 3 || r.Torn || r.Path != filepath.Join(dir, record.FileName) {
			t.Errorf("Load(%s): %+v, %v", p, r, err)
		}
	}
	torn := filepath.Join(dir, "torn.jsonl")
	data, _ := os.ReadFile(filepath.Join(dir, record.FileName))
	os.WriteFile(torn, append(data, `{"id":"x","sui`...), 0o644)
	if r, err := Load(torn); err != nil || !r.Torn || r.Len() != 3 {
		t.Errorf("torn file: %+v, %v", r, err)
	}
	malformed := filepath.Join(dir, "malformed.jsonl")
	os.WriteFile(malformed, append([]byte("{not json\n"), data...), 0o644)
	empty := filepath.Join(dir, "empty.jsonl")
	os.WriteFile(empty, nil, 0o644)
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "nope"), "nope: no such file or directory"},
		{t.TempDir(), record.FileName + ": no such file or directory"},
		{malformed, "malformed.jsonl:1: not a result record"},
		{empty, "empty.jsonl: no result records"},
	} {
		if _, err := Load(c.path); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Load(%s): %v, want %q", c.path, err, c.want)
		}
	}
}

// report is a comparison with one group of every kind.
func report(t *testing.T, opt Options) *Comparison {
	rng := rand.New(rand.NewPCG(7, 8))
	reg := cfg{"letter", "sf-adamw", 0.01, 1000, map[string]any{"beta1": 0.9}}
	noise := cfg{"letter", "sf-sgd", 1, 1000, nil}
	better := cfg{"letter", "adamw-cosine", 0.001, 1000, nil}
	div := cfg{"vowel", "sf-adamw", 0.1, 500, nil}
	single := cfg{"vowel", "sgd|polyak", 0.5, 500, nil}
	gone := cfg{"vowel", "sgd", 0.5, 500, nil}
	added := cfg{"wine", "sf-sgd", 0.5, 500, nil}
	loss := cfg{"diabetes", "sf-sgd", 0.05, 500, nil}
	bpc := cfg{"austen", "sf-adamw", 0.001, 500, nil}
	bpcRecs := []record.Record{rec(bpc, 1, record.StatusOK, map[string]float64{"test_bpc": 2.5})}
	lossRecs := func(mean float64) []record.Record {
		out := make([]record.Record, 5)
		for i := range out {
			out[i] = rec(loss, i+1, record.StatusOK, map[string]float64{"train_loss": mean + 0.01*rng.NormFloat64()})
		}
		return out
	}
	baseDiv, newDiv := accRecs(div, rng, 10, 0.8, 0.01), accRecs(div, rng, 10, 0.8, 0.01)
	base := results("BASE/results.jsonl",
		accRecs(reg, rng, 10, 0.90, 0.005), accRecs(noise, rng, 10, 0.85, 0.01), accRecs(better, rng, 10, 0.88, 0.005),
		withStatus(baseDiv, record.StatusDiverged, 4), accRecs(single, rng, 1, 0.7, 0), accRecs(gone, rng, 3, 0.6, 0.01),
		lossRecs(0.50), bpcRecs)
	nw := results("NEW/results.jsonl",
		accRecs(reg, rng, 10, 0.85, 0.005), accRecs(noise, rng, 10, 0.85, 0.01), accRecs(better, rng, 10, 0.91, 0.005),
		withStatus(newDiv, record.StatusDiverged, 4, 7, 9), accRecs(single, rng, 1, 0.69, 0), accRecs(added, rng, 3, 0.6, 0.01),
		lossRecs(0.52), bpcRecs)
	return mustCompare(t, base, nw, opt)
}

func TestReportGolden(t *testing.T) {
	for _, test := range []string{TTest, UTest} {
		opt := DefaultOptions()
		opt.Test = test
		c := report(t, opt)
		var text, md, junit bytes.Buffer
		if err := c.WriteText(&text); err != nil {
			t.Fatal(err)
		}
		if err := c.WriteMarkdown(&md); err != nil {
			t.Fatal(err)
		}
		if err := c.WriteJUnit(&junit); err != nil {
			t.Fatal(err)
		}
		golden(t, "report-"+test+".txt", text.String())
		golden(t, "report-"+test+".md", md.String())
		golden(t, "report-"+test+".xml", junit.String())

		if n := len(c.Regressions()); n != 3 {
			t.Errorf("%s: %d regressions, want 3 (two shifts, diverged seeds; a single seed is its own verdict)", test, n)
		}
		var parsed junitSuites
		if err := xml.Unmarshal(junit.Bytes(), &parsed); err != nil {
			t.Fatalf("JUnit output does not parse: %v", err)
		}
		// Failures: the 3 regressions and the group NEW lacks; skipped: the
		// group without values and the one only in NEW.
		if parsed.Tests != 9 || parsed.Failures != 4 || parsed.Skipped != 2 || len(parsed.Suites[0].Cases) != 9 {
			t.Errorf("JUnit: %d tests, %d failures, %d skipped", parsed.Tests, parsed.Failures, parsed.Skipped)
		}
		if !strings.Contains(md.String(), `vowel/sgd\|polyak/lr=0.5`) {
			t.Errorf("Markdown does not escape | in cells:\n%s", md.String())
		}
		lines := strings.Split(strings.TrimSpace(text.String()), "\n")
		if last := lines[len(lines)-1]; !strings.HasPrefix(last, "FAIL: 3 regressions in 7 groups compared") {
			t.Errorf("summary %q", last)
		}
	}
}

// A standard error within rounding of the mean (seeds that agree to the
// last bits) is written 0, not 3.7e-17.
func TestFormatMeanSE(t *testing.T) {
	for _, tc := range []struct {
		n        int
		mean, se float64
		want     string
	}{
		{0, 0, 0, "-"},
		{1, 0.5, 0, "0.5"},
		{10, 0.9866666666666667, 3.7e-17, "0.9867 ± 0"},
		{10, 0.7304, 0.0025, "0.7304 ± 0.0025"},
		{10, 0, 1e-20, "0 ± 1e-20"},
	} {
		if got := formatMeanSE(tc.n, tc.mean, tc.se); got != tc.want {
			t.Errorf("formatMeanSE(%d, %g, %g) = %q, want %q", tc.n, tc.mean, tc.se, got, tc.want)
		}
	}
}
