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
		{"missing folder", []string{missing, good}, "sfbench: compare: stat " + missing + ": no such file or directory"},
		{"missing NEW", []string{good, missing}, "stat " + missing + ": no such file or directory"},
		{"folder without results", []string{good, dir}, filepath.Join(dir, record.FileName) + ": no such file or directory"},
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
	for _, f := range []string{"usage: sfbench compare", "-metric", "-goal", "-test", "-alpha", "-min-effect", "-junit", "-md"} {
		if !strings.Contains(errOut, f) {
			t.Errorf("usage lacks %q:\n%s", f, errOut)
		}
	}
}
