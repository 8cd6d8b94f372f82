package cli

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/record"
)

// runCompareCLI runs the compare verb through Main.
func runCompareCLI(args ...string) (stdout, stderr string, code int) {
	return runCLI(append([]string{"compare"}, args...)...)
}

// cmpGroup is one configuration of the constructed results.
type cmpGroup struct {
	problem, opt string
	lr           float64
}

var (
	groupAdamW = cmpGroup{"letter", "sf-adamw", 0.01}
	groupSGD   = cmpGroup{"letter", "sf-sgd", 1}
	groupVowel = cmpGroup{"vowel", "sf-adamw", 0.1}
	groupOther = cmpGroup{"iris", "sgd", 0.5} // in no BASE
)

// cmpRecord is the record of g at seed with test accuracy acc.
func cmpRecord(g cmpGroup, seed int, status string, acc float64) record.Record {
	final := record.FromMap(map[string]float64{"test_acc": acc, "test_loss": 2 * (1 - acc), "train_loss": 1.5 * (1 - acc)})
	switch status {
	case record.StatusDiverged:
		final = record.FromMap(map[string]float64{"test_acc": 0.04, "test_loss": 1e9, "train_loss": 1e12})
	case record.StatusError:
		final = nil
	}
	return record.Record{
		ID:    fmt.Sprintf("%s-%s-%g-%d", g.problem, g.opt, g.lr, seed),
		Suite: "nightly", Phase: "sweep",
		Problem: g.problem, ProblemKind: "softmax", ProblemOptions: map[string]any{"dataset": g.problem, "l2": 0.0001},
		Optimizer: g.opt, OptimizerKind: g.opt, Hyper: map[string]any{"beta1": 0.9, "warmup": 100.0, "weight_decay": 0.0},
		LR: g.lr, Seed: seed, Horizon: 2000, EvalAt: "x", Status: status, Steps: 2000, Final: final,
	}
}

// seeds are n records of g, seeds 1…n, accuracy mean + sd·N(0,1) drawn
// from rng; the seeds listed in diverged diverge.
func seeds(g cmpGroup, rng *rand.Rand, n int, mean, sd float64, diverged ...int) []record.Record {
	out := make([]record.Record, n)
	for i := range out {
		status := record.StatusOK
		for _, d := range diverged {
			if d == i+1 {
				status = record.StatusDiverged
			}
		}
		out[i] = cmpRecord(g, i+1, status, mean+sd*rng.NormFloat64())
	}
	return out
}

// writeSide writes recs into dir/results.jsonl through record.Writer.
func writeSide(t *testing.T, dir string, recs ...[]record.Record) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := record.Append(filepath.Join(dir, record.FileName), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, rs := range recs {
		for i := range rs {
			if err := w.Append(&rs[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// verdicts maps each table row's group to its verdict column (and p).
func verdicts(t *testing.T, out string) (verdict map[string]string, p map[string]string) {
	t.Helper()
	verdict, p = map[string]string{}, map[string]string{}
	lines := strings.Split(out, "\n")
	sep := regexp.MustCompile(`\s{2,}`)
	for i, l := range lines {
		if !strings.HasPrefix(l, "group ") {
			continue
		}
		for _, row := range lines[i+1:] {
			if row == "" {
				return verdict, p
			}
			cols := sep.Split(row, -1)
			if len(cols) != 8 {
				t.Fatalf("row %q has %d columns", row, len(cols))
			}
			verdict[cols[0]], p[cols[0]] = cols[7], cols[5]
		}
	}
	return verdict, p
}

func pBelow(p string, alpha float64) bool {
	if p == "<0.001" {
		return true
	}
	f, err := strconv.ParseFloat(p, 64)
	return err == nil && f < alpha
}

func TestCompareScenarios(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 11))
	base := []record.Record{}
	base = append(base, seeds(groupAdamW, rng, 10, 0.90, 0.005)...)
	base = append(base, seeds(groupSGD, rng, 10, 0.85, 0.01)...)
	base = append(base, seeds(groupVowel, rng, 10, 0.80, 0.01)...)
	noAdamW := base[10:]

	cases := []struct {
		name     string
		nw       [][]record.Record
		args     []string
		code     int
		want     map[string]string // verdict per group
		pBelow   map[string]bool   // p < 0.05 wanted (true) or not (false)
		contains []string          // in stdout
		stderr   string
	}{
		{name: "identical", nw: [][]record.Record{base}, code: 0,
			want:   map[string]string{"letter/sf-adamw/lr=0.01": "~", "letter/sf-sgd/lr=1": "~", "vowel/sf-adamw/lr=0.1": "~"},
			pBelow: map[string]bool{"letter/sf-adamw/lr=0.01": false}, contains: []string{"1.000", "ok: no significant regression in 3 groups"}},
		{name: "identical, U test", nw: [][]record.Record{base}, args: []string{"-test", "utest"}, code: 0,
			want:     map[string]string{"letter/sf-adamw/lr=0.01": "~", "letter/sf-sgd/lr=1": "~", "vowel/sf-adamw/lr=0.1": "~"},
			contains: []string{"Mann-Whitney U test"}},
		{name: "regression", code: 1,
			nw:     [][]record.Record{seeds(groupAdamW, rng, 10, 0.85, 0.005), noAdamW},
			want:   map[string]string{"letter/sf-adamw/lr=0.01": "REGRESSION", "letter/sf-sgd/lr=1": "~", "vowel/sf-adamw/lr=0.1": "~"},
			pBelow: map[string]bool{"letter/sf-adamw/lr=0.01": true},
			stderr: "sfbench: compare: 1 regression: letter/sf-adamw/lr=0.01\n"},
		{name: "regression, U test", code: 1, args: []string{"-test", "utest"},
			nw:     [][]record.Record{seeds(groupAdamW, rng, 10, 0.85, 0.005), noAdamW},
			want:   map[string]string{"letter/sf-adamw/lr=0.01": "REGRESSION", "letter/sf-sgd/lr=1": "~", "vowel/sf-adamw/lr=0.1": "~"},
			pBelow: map[string]bool{"letter/sf-adamw/lr=0.01": true}},
		{name: "regression on the loss", code: 1, args: []string{"-metric", "test_loss"},
			nw:   [][]record.Record{seeds(groupAdamW, rng, 10, 0.85, 0.005), noAdamW},
			want: map[string]string{"letter/sf-adamw/lr=0.01": "REGRESSION", "letter/sf-sgd/lr=1": "~", "vowel/sf-adamw/lr=0.1": "~"}},
		{name: "a larger minimum effect hides it", code: 0, args: []string{"-min-effect", "0.10"},
			nw:   [][]record.Record{seeds(groupAdamW, rng, 10, 0.85, 0.005), noAdamW},
			want: map[string]string{"letter/sf-adamw/lr=0.01": "~", "letter/sf-sgd/lr=1": "~", "vowel/sf-adamw/lr=0.1": "~"}},
		{name: "noise", code: 0,
			nw: [][]record.Record{seeds(groupAdamW, rng, 10, 0.90, 0.005), seeds(groupSGD, rng, 10, 0.85, 0.01),
				seeds(groupVowel, rng, 10, 0.80, 0.01)},
			want: map[string]string{"letter/sf-adamw/lr=0.01": "~", "letter/sf-sgd/lr=1": "~", "vowel/sf-adamw/lr=0.1": "~"}},
		{name: "noise, U test", code: 0, args: []string{"-test", "utest"},
			nw: [][]record.Record{seeds(groupAdamW, rng, 10, 0.90, 0.005), seeds(groupSGD, rng, 10, 0.85, 0.01),
				seeds(groupVowel, rng, 10, 0.80, 0.01)},
			want: map[string]string{"letter/sf-adamw/lr=0.01": "~", "letter/sf-sgd/lr=1": "~", "vowel/sf-adamw/lr=0.1": "~"}},
		// NEW that lost part of the suite fails, unless that is accepted.
		{name: "missing cell", code: 1, nw: [][]record.Record{noAdamW},
			want:     map[string]string{"letter/sf-sgd/lr=1": "~", "vowel/sf-adamw/lr=0.1": "~"},
			contains: []string{"only in BASE (1):\n  letter/sf-adamw/lr=0.01\n", "FAIL: NEW lacks 1 group of BASE", "1 only in BASE, 0 only in NEW"},
			stderr:   "sfbench: compare: NEW lacks 1 group of BASE (first letter/sf-adamw/lr=0.01); -allow-missing accepts that\n"},
		{name: "missing cell allowed", code: 0, nw: [][]record.Record{noAdamW}, args: []string{"-allow-missing"},
			want:     map[string]string{"letter/sf-sgd/lr=1": "~", "vowel/sf-adamw/lr=0.1": "~"},
			contains: []string{"ok: no significant regression", "1 only in BASE, 0 only in NEW"}},
		{name: "more diverged seeds in NEW", code: 1,
			nw: [][]record.Record{base[:20], seeds(groupVowel, rng, 10, 0.80, 0.01, 2, 5)},
			want: map[string]string{"letter/sf-adamw/lr=0.01": "~", "letter/sf-sgd/lr=1": "~",
				"vowel/sf-adamw/lr=0.1": "REGRESSION (diverged or failed: 2/10, BASE 0/10)"},
			contains: []string{"10+10 (failed 0+2)"},
			stderr:   "sfbench: compare: 1 regression: vowel/sf-adamw/lr=0.1\n"},
		{name: "more diverged seeds in NEW, loss", code: 1, args: []string{"-metric", "train_loss"},
			nw: [][]record.Record{base[:20], seeds(groupVowel, rng, 10, 0.80, 0.01, 7)},
			want: map[string]string{"letter/sf-adamw/lr=0.01": "~", "letter/sf-sgd/lr=1": "~",
				"vowel/sf-adamw/lr=0.1": "REGRESSION (diverged or failed: 1/10, BASE 0/10)"}},
		// A gate that compared nothing must not pass: a metric no record
		// reports (a typo) and two sides without a common group are input
		// errors.
		{name: "unknown metric", code: 2, args: []string{"-metric", "test_accc"}, nw: [][]record.Record{base},
			stderr: "sfbench: compare: -metric test_accc: no record of either side reports it (they report test_acc, test_loss, train_loss)\n"},
		{name: "nothing in common", code: 2, nw: [][]record.Record{{cmpRecord(groupOther, 0, record.StatusOK, 0.5), cmpRecord(groupOther, 1, record.StatusOK, 0.6)}}},
		// One seed per side decides nothing: its own verdict, not a regression.
		{name: "one seed each", code: 0,
			nw:       [][]record.Record{{cmpRecord(groupAdamW, 1, record.StatusOK, 0.85)}, {cmpRecord(groupSGD, 1, record.StatusOK, float64(base[10].Final["test_acc"]))}},
			want:     map[string]string{"letter/sf-adamw/lr=0.01": "too few seeds (n = 1 and 1)", "letter/sf-sgd/lr=1": "too few seeds (n = 1 and 1)"},
			contains: []string{"2 with too few seeds"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			b := writeSide(t, filepath.Join(dir, "base"), base)
			if c.name == "one seed each" {
				b = writeSide(t, filepath.Join(dir, "base1"), base[:1], base[10:11])
			}
			n := writeSide(t, filepath.Join(dir, "new"), c.nw...)
			out, errOut, code := runCompareCLI(append(c.args, b, n)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, out, errOut)
			}
			if c.stderr != "" && errOut != c.stderr {
				t.Errorf("stderr %q, want %q", errOut, c.stderr)
			}
			if c.code == 0 && errOut != "" {
				t.Errorf("stderr %q", errOut)
			}
			verdict, p := verdicts(t, out)
			for g, v := range c.want {
				if verdict[g] != v {
					t.Errorf("%s: verdict %q, want %q\n%s", g, verdict[g], v, out)
				}
			}
			if len(verdict) != len(c.want) {
				t.Errorf("%d rows, want %d\n%s", len(verdict), len(c.want), out)
			}
			for g, below := range c.pBelow {
				if pBelow(p[g], 0.05) != below {
					t.Errorf("%s: p %s, want below 0.05: %v", g, p[g], below)
				}
			}
			for _, s := range c.contains {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
		})
	}
}

// The report of a regression, in all three formats.
func TestCompareGolden(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	dir := t.TempDir()
	base := writeSide(t, filepath.Join(dir, "base"),
		seeds(groupAdamW, rng, 10, 0.90, 0.005), seeds(groupSGD, rng, 10, 0.85, 0.01), seeds(groupVowel, rng, 8, 0.80, 0.01, 3),
		seeds(cmpGroup{"wine", "sgd", 0.5}, rng, 3, 0.95, 0.01))
	nw := writeSide(t, filepath.Join(dir, "new"),
		seeds(groupAdamW, rng, 10, 0.85, 0.005), seeds(groupSGD, rng, 10, 0.86, 0.01), seeds(groupVowel, rng, 8, 0.80, 0.01, 3, 4),
		seeds(cmpGroup{"dna", "sgd", 0.5}, rng, 3, 0.95, 0.01))
	md, junit := filepath.Join(dir, "report.md"), filepath.Join(dir, "junit.xml")
	out, errOut, code := runCompareCLI("-md", md, "-junit", junit, base, filepath.Join(nw, record.FileName))
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	if want := "sfbench: compare: 2 regressions: letter/sf-adamw/lr=0.01, vowel/sf-adamw/lr=0.1\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	clean := func(s string) string { return strings.ReplaceAll(s, dir, "TMP") }
	golden(t, "compare/regression.txt", clean(out))
	for _, f := range []struct{ path, golden string }{{md, "compare/regression.md"}, {junit, "compare/regression.xml"}} {
		b, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, f.golden, clean(string(b)))
	}
}

func TestCompareBadInput(t *testing.T) {
	dir := t.TempDir()
	good := writeSide(t, filepath.Join(dir, "good"), seeds(groupAdamW, rand.New(rand.NewPCG(1, 1)), 3, 0.9, 0.01))
	malformed := filepath.Join(dir, "malformed.jsonl")
	os.WriteFile(malformed, []byte(`{"id":"a","problem":"p","status":"ok"}`+"\n{\"id\": oops}\n"+`{"id":"b"}`+"\n"), 0o644)
	empty := filepath.Join(dir, "empty.jsonl")
	os.WriteFile(empty, nil, 0o644)
	missing := filepath.Join(dir, "missing")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"missing folder", []string{missing, good}, "sfbench: compare: " + missing + ": no such file or folder"},
		{"missing NEW", []string{good, missing}, missing + ": no such file or folder"},
		{"folder without results", []string{good, dir}, filepath.Join(dir, record.FileName) + ": no such file or folder"},
		{"malformed file", []string{good, malformed}, "sfbench: compare: " + malformed + ":2: not a result record"},
		{"empty file", []string{empty, good}, empty + ": no result records"},
		{"unknown test", []string{"-test", "ztest", good, good}, `sfbench: compare: -test wants ttest or utest, got "ztest"`},
		{"unknown goal", []string{"-goal", "up", good, good}, `-goal wants auto, min or max, got "up"`},
		{"bad alpha", []string{"-alpha", "1.5", good, good}, "-alpha must be in (0, 1), got 1.5"},
		{"negative min effect", []string{"-min-effect", "-0.01", good, good}, "-min-effect must be a finite number >= 0"},
		{"bad flag value", []string{"-alpha", "x", good, good}, `-alpha wants a number, got "x"`},
		{"unknown flag", []string{"-threshold", "1", good, good}, "sfbench: compare: unknown flag -threshold (see sfbench help compare)"},
		{"one argument", []string{good}, "compare: want two results, BASE and NEW, got 1: "},
		{"three arguments", []string{good, good, good}, "compare: want two results, BASE and NEW, got 3: "},
		{"unwritable report", []string{"-md", filepath.Join(missing, "r.md"), good, good}, filepath.Join(missing, "r.md")},
	}
	for _, c := range cases {
		out, errOut, code := runCompareCLI(c.args...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", c.name, code)
		}
		if out != "" && c.name != "unwritable report" { // the table comes before the report files
			t.Errorf("%s: wrote to stdout: %q", c.name, out)
		}
		if !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: stderr %q, want one line containing %q", c.name, errOut, c.want)
		}
	}
}

func TestCompareHelp(t *testing.T) {
	out, errOut, code := runCompareCLI("-h")
	if code != 0 || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	for _, f := range []string{"usage: sfbench compare", "-a OPT1", "-b OPT2", "DIR", "-metric", "-goal", "-test", "-alpha", "-min-effect", "-junit", "-md"} {
		if !strings.Contains(errOut, f) {
			t.Errorf("usage lacks %q:\n%s", f, errOut)
		}
	}
}

// pairedRecords are the records of optimizer opt at rate lr on problem,
// seeds 1…len(acc), test accuracy acc[i] on seed i+1 (selected by val_acc
// = acc + valShift, as a protocol reporting test_acc selects); the seeds
// listed in lost diverge. The data seed depends on the problem and the
// seed only, as the harness makes it.
func pairedRecords(problem, opt string, lr float64, acc []float64, valShift float64, lost ...int) []record.Record {
	out := make([]record.Record, len(acc))
	for i, a := range acc {
		seed := i + 1
		r := record.Record{
			ID: fmt.Sprintf("%s-%s-%g-%d", problem, opt, lr, seed), Suite: "paper-convex", Phase: "sweep",
			Metric: "test_acc", Goal: "max", SelectMetric: "val_acc", SelectGoal: "max",
			Problem: problem, ProblemKind: "softmax", ProblemOptions: map[string]any{"dataset": problem},
			Optimizer: opt, OptimizerKind: opt, Hyper: map[string]any{"momentum": 0.9},
			LR: lr, Seed: seed, DataSeed: uint64(len(problem))*1000 + uint64(seed), Horizon: 2000, Steps: 2000, EvalAt: "x",
			Status: record.StatusOK,
			Final:  record.FromMap(map[string]float64{"test_acc": a, "val_acc": a + valShift, "test_loss": 2 * (1 - a)}),
		}
		for _, l := range lost {
			if l == seed {
				r.Status, r.Steps, r.DivergedStep = record.StatusDiverged, 300, 300
				r.Final = record.FromMap(map[string]float64{"test_acc": 0.04, "val_acc": 0.04, "test_loss": 1e9})
			}
		}
		out[i] = r
	}
	return out
}

// pairedShift is v + delta + sd·N(0,1) per seed.
func pairedShift(rng *rand.Rand, v []float64, delta, sd float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x + delta + sd*rng.NormFloat64()
	}
	return out
}

// pairedSeedEffect: a strong per-seed effect both optimizers share.
func pairedSeedEffect(rng *rand.Rand, n int, mean float64) []float64 {
	return pairedShift(rng, make([]float64, n), mean, 0.03)
}

// pairedFolder writes a suite's results: sgd (rates 0.05, 0.1, 0.4; the
// report selects 0.1 by val_acc, though 0.4 has the higher test_acc)
// against sf-sgd (0.5, 1, 2: 1 selected) on letter (B better), vowel (B
// worse), dna (B loses seed 3 at every rate), wine (noise; sf-sgd ran 1
// and 2 only: its rate is at the edge of its grid), madelon (one seed
// each), and mushrooms run by sgd only.
func pairedFolder(t *testing.T, dir string) string {
	rng := rand.New(rand.NewPCG(13, 13))
	var recs [][]record.Record
	add := func(problem string, n int, delta float64, lost ...int) {
		base := pairedSeedEffect(rng, n, 0.85)
		recs = append(recs, pairedRecords(problem, "sgd", 0.05, pairedShift(rng, base, -0.02, 0.002), 0),
			pairedRecords(problem, "sgd", 0.1, base, 0),
			pairedRecords(problem, "sgd", 0.4, pairedShift(rng, base, 0.01, 0.002), -0.05),
			pairedRecords(problem, "sf-sgd", 1, pairedShift(rng, base, delta, 0.002), 0, lost...),
			pairedRecords(problem, "sf-sgd", 2, pairedShift(rng, base, delta-0.1, 0.002), 0, lost...))
		if problem != "wine" {
			recs = append(recs, pairedRecords(problem, "sf-sgd", 0.5, pairedShift(rng, base, delta-0.05, 0.002), 0, lost...))
		}
	}
	add("letter", 10, 0.02)
	add("vowel", 10, -0.03)
	add("dna", 5, 0, 3)
	add("wine", 8, 0)
	add("madelon", 1, 0.02)
	recs = append(recs, pairedRecords("mushrooms", "sgd", 0.1, []float64{0.99, 0.98, 0.99}, 0))
	return writeSide(t, dir, recs...)
}

// The paired verdict in all three formats, and its exit code.
func TestComparePairedGolden(t *testing.T) {
	dir := t.TempDir()
	res := pairedFolder(t, filepath.Join(dir, "results"))
	md, junit := filepath.Join(dir, "paired.md"), filepath.Join(dir, "paired.xml")
	// Flags after the folder, as anywhere.
	out, errOut, code := runCompareCLI(res, "-a", "sgd", "-b", "sf-sgd", "-md", md, "-junit", junit)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	if want := "sfbench: compare: B (sf-sgd) is worse than A (sgd) on 2 problems: vowel, dna\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	clean := func(s string) string { return strings.ReplaceAll(s, dir, "TMP") }
	golden(t, "compare/paired.txt", clean(out))
	for _, f := range []struct{ path, golden string }{{md, "compare/paired.md"}, {junit, "compare/paired.xml"}} {
		b, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, f.golden, clean(string(b)))
	}
}

func TestComparePairedScenarios(t *testing.T) {
	dir := t.TempDir()
	res := pairedFolder(t, filepath.Join(dir, "results"))
	rng := rand.New(rand.NewPCG(4, 4))
	base := pairedSeedEffect(rng, 6, 0.8)
	better := writeSide(t, filepath.Join(dir, "better"), pairedRecords("letter", "sgd", 0.1, base, 0),
		pairedRecords("letter", "sf-sgd", 1, pairedShift(rng, base, 0.02, 0.002), 0),
		pairedRecords("letter", "adamw", 0.01, base, 0))
	cases := []struct {
		name     string
		args     []string
		code     int
		verdicts map[string]string // problem → verdict column
		contains []string
		stderr   string
	}{
		{name: "B better", args: []string{"-a", "sgd", "-b", "sf-sgd", better}, code: 0,
			verdicts: map[string]string{"letter": "B better"},
			contains: []string{"paired t-test on B - A per seed", "ok: B (sf-sgd) is not significantly worse than A (sgd) on any problem: 1 compared (1 B better"}},
		{name: "swapped: A better", args: []string{"-b", "sgd", "-a", "sf-sgd", better}, code: 1,
			verdicts: map[string]string{"letter": "B WORSE"},
			stderr:   "sfbench: compare: B (sgd) is worse than A (sf-sgd) on 1 problem: letter\n"},
		{name: "identical", args: []string{"-a", "sgd", "-b", "adamw", better}, code: 0,
			verdicts: map[string]string{"letter": "~"}, contains: []string{"1.000"}},
		{name: "Wilcoxon", args: []string{"-test", "utest", "-a", "sgd", "-b", "sf-sgd", better}, code: 0,
			verdicts: map[string]string{"letter": "B better"}, contains: []string{"Wilcoxon signed-rank test on B - A", "0.031"}},
		{name: "a results file", args: []string{"-a", "sgd", "-b", "sf-sgd", filepath.Join(better, record.FileName)}, code: 0,
			verdicts: map[string]string{"letter": "B better"}},
		{name: "on the loss", args: []string{"-a", "sgd", "-b", "sf-sgd", "-metric", "test_loss", better}, code: 0,
			verdicts: map[string]string{"letter": "B better"}, contains: []string{"metric: test_loss (lower is better)"}},
		{name: "a large minimum effect", args: []string{"-a", "sgd", "-b", "sf-sgd", "-min-effect", "0.5", better}, code: 0,
			verdicts: map[string]string{"letter": "~"}},
		// B lacks a problem A ran: a failure unless accepted.
		// A larger minimum effect hides vowel's loss, not dna's lost seed.
		{name: "missing problem allowed", args: []string{"-a", "sgd", "-b", "sf-sgd", "-allow-missing", "-min-effect", "0.5", res}, code: 1,
			contains: []string{"only A ran (1):\n  mushrooms\n", "FAIL: B (sf-sgd) is worse than A (sgd) on 1 problem: 5 compared"},
			verdicts: map[string]string{"letter": "~", "vowel": "~", "dna": "B WORSE (diverged or failed where the other finished: B 1, A 0)",
				"wine": "~", "madelon": "too few paired seeds (n = 1)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := runCompareCLI(c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, out, errOut)
			}
			if c.stderr != "" && errOut != c.stderr {
				t.Errorf("stderr %q, want %q", errOut, c.stderr)
			}
			got := pairedVerdicts(t, out)
			for p, v := range c.verdicts {
				if got[p] != v {
					t.Errorf("%s: verdict %q, want %q\n%s", p, got[p], v, out)
				}
			}
			if len(got) != len(c.verdicts) {
				t.Errorf("%d rows, want %d\n%s", len(got), len(c.verdicts), out)
			}
			for _, s := range c.contains {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
		})
	}
	// B lacking a problem A ran fails, unless accepted.
	noDNA := filepath.Join(dir, "nodna")
	recs := []record.Record{}
	recs = append(recs, pairedRecords("letter", "sgd", 0.1, base, 0)...)
	recs = append(recs, pairedRecords("letter", "sf-sgd", 1, base, 0)...)
	recs = append(recs, pairedRecords("mushrooms", "sgd", 0.1, base, 0)...)
	writeSide(t, noDNA, recs)
	out, errOut, code := runCompareCLI("-a", "sgd", "-b", "sf-sgd", noDNA)
	if want := "sfbench: compare: B (sf-sgd) has no runs on 1 problem A (sgd) ran (first mushrooms); -allow-missing accepts that\n"; code != 1 || errOut != want {
		t.Errorf("missing problem: exit %d, stderr %q, want 1 and %q\n%s", code, errOut, want, out)
	}
	if _, _, code := runCompareCLI("-a", "sgd", "-b", "sf-sgd", "-allow-missing", noDNA); code != 0 {
		t.Errorf("missing problem allowed: exit %d, want 0", code)
	}
}

// pairedVerdicts maps each row of the paired table to its verdict.
func pairedVerdicts(t *testing.T, out string) map[string]string {
	t.Helper()
	verdict := map[string]string{}
	lines := strings.Split(out, "\n")
	sep := regexp.MustCompile(`\s{2,}`)
	for i, l := range lines {
		if !strings.HasPrefix(l, "problem ") {
			continue
		}
		for _, row := range lines[i+1:] {
			if row == "" {
				return verdict
			}
			cols := sep.Split(row, -1)
			if len(cols) != 11 {
				t.Fatalf("row %q has %d columns", row, len(cols))
			}
			verdict[cols[0]] = cols[10]
		}
	}
	return verdict
}

// Bad input is one line, exit 2, nothing on stdout and no report file.
func TestComparePairedBadInput(t *testing.T) {
	dir := t.TempDir()
	res := pairedFolder(t, filepath.Join(dir, "results"))
	md := filepath.Join(dir, "out.md")
	missing := filepath.Join(dir, "missing")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown A", []string{"-a", "sgdd", "-b", "sf-sgd", res},
			"sfbench: compare: -a sgdd: no optimizer of that name in " + filepath.Join(res, record.FileName) + " (it has sgd, sf-sgd)"},
		{"unknown B", []string{"-a", "sgd", "-b", "adam", res}, "-b adam: no optimizer of that name in"},
		{"the same twice", []string{"-a", "sgd", "-b", "sgd", res}, "sfbench: compare: -a and -b both name sgd: compare two different optimizers"},
		{"-a alone", []string{"-a", "sgd", res}, "sfbench: compare: -a sgd needs -b OPT2, the optimizer to compare with it (see sfbench help compare)"},
		{"-b alone", []string{"-b", "sgd", res, res}, "sfbench: compare: -b sgd needs -a OPT1"},
		{"two folders", []string{"-a", "sgd", "-b", "sf-sgd", res, res},
			"sfbench: compare: want one results folder (or results file) with -a and -b, got 2: " + res + " " + res + " (see sfbench help compare)"},
		{"no folder", []string{"-a", "sgd", "-b", "sf-sgd"}, "compare: want one results folder (or results file) with -a and -b, got none"},
		{"no arguments", nil, "sfbench: compare: want two results, BASE and NEW, got none (see sfbench help compare)"},
		{"missing folder", []string{"-a", "sgd", "-b", "sf-sgd", missing}, "sfbench: compare: " + missing + ": no such file or folder"},
		{"folder without results", []string{"-a", "sgd", "-b", "sf-sgd", dir}, filepath.Join(dir, record.FileName)},
		{"unknown metric", []string{"-a", "sgd", "-b", "sf-sgd", "-metric", "test_accc", res},
			"sfbench: compare: -metric test_accc: no record of sgd or sf-sgd reports it (they report test_acc, test_loss, val_acc)"},
		{"unknown test", []string{"-a", "sgd", "-b", "sf-sgd", "-test", "ztest", res}, `sfbench: compare: -test wants ttest or utest, got "ztest"`},
		{"unwritable report", []string{"-a", "sgd", "-b", "sf-sgd", "-junit", filepath.Join(missing, "r.xml"), res}, filepath.Join(missing, "r.xml")},
	}
	for _, c := range cases {
		out, errOut, code := runCompareCLI(append(c.args, "-md", md)...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", c.name, code)
		}
		if out != "" {
			t.Errorf("%s: wrote to stdout: %q", c.name, out)
		}
		if !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: stderr %q, want one line containing %q", c.name, errOut, c.want)
		}
		if _, err := os.Stat(md); err == nil {
			t.Errorf("%s: wrote %s", c.name, md)
		}
		os.Remove(md)
	}
	// A malformed results file is refused with its line, as every reader
	// refuses it; a torn last line is a warning.
	malformed := filepath.Join(dir, "malformed.jsonl")
	os.WriteFile(malformed, []byte(`{"id":"a","problem":"p","status":"ok"}`+"\n{\"id\": oops}\n"), 0o644)
	if out, errOut, code := runCompareCLI("-a", "sgd", "-b", "sf-sgd", malformed); code != 2 || out != "" ||
		!strings.HasPrefix(errOut, "sfbench: compare: "+malformed+":") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("malformed: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	torn := filepath.Join(dir, "torn.jsonl")
	b, err := os.ReadFile(filepath.Join(res, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(torn, append(b, `{"id":"cut`...), 0o644)
	if out, _, code := runCompareCLI("-a", "sgd", "-b", "sf-sgd", torn); code != 1 || !strings.Contains(out, torn+": incomplete last line ignored") {
		t.Errorf("torn: exit %d\n%s", code, out)
	}
	// No problem both ran.
	other := writeSide(t, filepath.Join(dir, "other"), pairedRecords("letter", "sgd", 0.1, []float64{0.8, 0.9}, 0),
		pairedRecords("vowel", "sf-sgd", 1, []float64{0.8, 0.9}, 0))
	if _, errOut, code := runCompareCLI("-a", "sgd", "-b", "sf-sgd", other); code != 2 ||
		errOut != "sfbench: compare: no problem of "+filepath.Join(other, record.FileName)+" has runs of both sgd and sf-sgd: nothing to compare\n" {
		t.Errorf("nothing in common: exit %d, stderr %q", code, errOut)
	}
}
