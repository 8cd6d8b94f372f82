package compare

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/internal/stats"
	"github.com/sfbench/sfbench/record"
)

// prRuns are the records of optimizer opt at rate lr on problem, seeds 1…
// len(acc) with the given test accuracies; the seeds listed in lost
// diverge. Each record also reports val_acc (what the rate is selected
// by: the suite's protocol names test_acc, selected by val_acc), set to
// acc + valShift, and test_loss = 2(1 − acc).
func prRuns(problem, opt string, lr float64, acc []float64, valShift float64, lost ...int) []record.Record {
	out := make([]record.Record, len(acc))
	for i, a := range acc {
		seed := i + 1
		r := record.Record{
			ID: fmt.Sprintf("%s-%s-%g-%d", problem, opt, lr, seed), Suite: "paired", Phase: "sweep",
			Metric: "test_acc", Goal: "max", SelectMetric: "val_acc", SelectGoal: "max",
			Problem: problem, ProblemKind: "softmax", ProblemOptions: map[string]any{"dataset": problem},
			Optimizer: opt, OptimizerKind: opt, LR: lr, Seed: seed, Horizon: 100, Steps: 100, EvalAt: "x",
			DataSeed: prDataSeed(problem, seed), Status: record.StatusOK,
			Final: record.FromMap(map[string]float64{"test_acc": a, "val_acc": a + valShift, "test_loss": 2 * (1 - a)}),
		}
		if slices.Contains(lost, seed) {
			r.Status, r.Steps, r.DivergedStep = record.StatusDiverged, 40, 40
			r.Final = record.FromMap(map[string]float64{"test_acc": 0.01, "val_acc": 0.01, "test_loss": math.Inf(1)})
		}
		out[i] = r
	}
	return out
}

// prDataSeed stands for the harness's data seed: a function of the
// problem and the seed only.
func prDataSeed(problem string, seed int) uint64 { return uint64(len(problem))<<32 | uint64(seed) }

// prSeedEffect is a strong per-seed effect both optimizers share (the
// seed's initial point and data order), the case for pairing: n values
// of sd 0.03 around mean.
func prSeedEffect(rng *rand.Rand, n int, mean float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = mean + 0.03*rng.NormFloat64()
	}
	return out
}

// prShift is v + delta + noise of sd noise, per seed.
func prShift(rng *rand.Rand, v []float64, delta, noise float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x + delta + noise*rng.NormFloat64()
	}
	return out
}

func prPair(t *testing.T, recs []record.Record, a, b string, opt Options) *Pairing {
	t.Helper()
	p, err := Pair(FolderOf("DIR/results.jsonl", recs), a, b, opt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPairedVerdicts(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	base := prSeedEffect(rng, 10, 0.85)
	utest := DefaultOptions()
	utest.Test = UTest
	loss := DefaultOptions()
	loss.Metric = "test_loss"
	large := DefaultOptions()
	large.MinEffect = 0.05
	cases := []struct {
		name    string
		a, b    []record.Record
		opt     Options
		verdict Verdict
		note    string
		n       int
		pBelow  float64 // p < pBelow wanted (0: not checked; NaN: p is NaN)
		pAbove  float64 // p > pAbove wanted
		warn    string  // a row warning containing this
	}{
		{name: "B better on every seed", a: prRuns("letter", "sgd", 0.1, base, 0), b: prRuns("letter", "sf-sgd", 1, prShift(rng, base, 0.02, 0.002), 0),
			verdict: Better, n: 10, pBelow: 0.001},
		{name: "B worse on every seed", a: prRuns("letter", "sgd", 0.1, base, 0), b: prRuns("letter", "sf-sgd", 1, prShift(rng, base, -0.02, 0.002), 0),
			verdict: Regression, n: 10, pBelow: 0.001},
		{name: "noise only", a: prRuns("letter", "sgd", 0.1, base, 0), b: prRuns("letter", "sf-sgd", 1, prShift(rng, base, 0, 0.002), 0),
			verdict: Same, n: 10, pAbove: 0.05},
		{name: "identical", a: prRuns("letter", "sgd", 0.1, base, 0), b: prRuns("letter", "sf-sgd", 1, base, 0),
			verdict: Same, n: 10, pAbove: 0.99},
		{name: "Wilcoxon, B better on all 10", opt: utest, a: prRuns("letter", "sgd", 0.1, base, 0), b: prRuns("letter", "sf-sgd", 1, prShift(rng, base, 0.02, 0.002), 0),
			verdict: Better, n: 10, pBelow: 2.0/1024 + 1e-12},
		// The loss falls where the accuracy rises: lower is better.
		{name: "on the loss", opt: loss, a: prRuns("letter", "sgd", 0.1, base, 0), b: prRuns("letter", "sf-sgd", 1, prShift(rng, base, 0.02, 0.002), 0),
			verdict: Better, n: 10, pBelow: 0.001},
		{name: "below the minimum effect", opt: large, a: prRuns("letter", "sgd", 0.1, base, 0), b: prRuns("letter", "sf-sgd", 1, prShift(rng, base, -0.02, 0.002), 0),
			verdict: Same, n: 10, pBelow: 0.001},
		// A seed B lost and A did not decides, whatever the test.
		{name: "B lost a seed", a: prRuns("letter", "sgd", 0.1, base, 0), b: prRuns("letter", "sf-sgd", 1, base, 0, 4),
			verdict: Regression, note: "diverged or failed where the other finished: B 1, A 0", n: 10},
		{name: "A lost a seed", a: prRuns("letter", "sgd", 0.1, base, 0, 4), b: prRuns("letter", "sf-sgd", 1, base, 0),
			verdict: Better, note: "diverged or failed where the other finished: A 1, B 0", n: 10},
		{name: "each lost one", a: prRuns("letter", "sgd", 0.1, base, 0, 2), b: prRuns("letter", "sf-sgd", 1, base, 0, 7),
			verdict: Same, n: 10, pAbove: 0.05},
		// A seed both lost is left out.
		{name: "both lost a seed", a: prRuns("letter", "sgd", 0.1, base, 0, 3), b: prRuns("letter", "sf-sgd", 1, prShift(rng, base, 0.02, 0.002), 0, 3),
			verdict: Better, n: 9, pBelow: 0.001, warn: "seed 3 lost by both (diverged or failed), left out"},
		{name: "both lost every seed", a: prRuns("letter", "sgd", 0.1, base[:3], 0, 1, 2, 3), b: prRuns("letter", "sf-sgd", 1, base[:3], 0, 1, 2, 3),
			verdict: Same, note: "both lost every common seed", n: 0},
		{name: "one seed", a: prRuns("letter", "sgd", 0.1, base[:1], 0), b: prRuns("letter", "sf-sgd", 1, base[:1], 0),
			verdict: FewSeeds, note: "n = 1", n: 1, pBelow: math.NaN()},
		// Seeds one side ran only are left out.
		{name: "seeds only A ran", a: prRuns("letter", "sgd", 0.1, base, 0), b: prRuns("letter", "sf-sgd", 1, prShift(rng, base[:6], 0.02, 0.002), 0),
			verdict: Better, n: 6, pBelow: 0.001, warn: "seeds 7, 8, 9, 10 run by A only, left out"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := prPair(t, append(c.a, c.b...), "sgd", "sf-sgd", cmpOr(c.opt))
			if len(p.Rows) != 1 {
				t.Fatalf("%d rows", len(p.Rows))
			}
			r := p.Rows[0]
			if r.Verdict != c.verdict || r.Note != c.note || r.N() != c.n {
				t.Errorf("verdict %v (%q), n %d; want %v (%q), n %d", r.Verdict, r.Note, r.N(), c.verdict, c.note, c.n)
			}
			switch {
			case math.IsNaN(c.pBelow):
				if !math.IsNaN(r.P) {
					t.Errorf("p %v, want NaN", r.P)
				}
			case c.pBelow > 0 && !(r.P < c.pBelow):
				t.Errorf("p %v, want below %v", r.P, c.pBelow)
			}
			if c.pAbove > 0 && !(r.P > c.pAbove) {
				t.Errorf("p %v, want above %v", r.P, c.pAbove)
			}
			if c.warn != "" && !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, c.warn) }) {
				t.Errorf("warnings %q lack %q", r.Warnings, c.warn)
			}
			// Swapping A and B swaps the verdict and keeps p and n.
			q := prPair(t, append(c.a, c.b...), "sf-sgd", "sgd", cmpOr(c.opt)).Rows[0]
			want := map[Verdict]Verdict{Better: Regression, Regression: Better}[c.verdict]
			if _, flips := map[Verdict]bool{Better: true, Regression: true}[c.verdict]; !flips {
				want = c.verdict
			}
			if q.Verdict != want || q.N() != r.N() || !(q.P == r.P || math.IsNaN(q.P) && math.IsNaN(r.P)) || q.Diff != -r.Diff && r.N() > 0 {
				t.Errorf("swapped: verdict %v p %v n %d diff %v; want %v, %v, %d, %v", q.Verdict, q.P, q.N(), q.Diff, want, r.P, r.N(), -r.Diff)
			}
		})
	}
}

func cmpOr(o Options) Options {
	if o.Alpha == 0 {
		return DefaultOptions()
	}
	return o
}

// Pairing is what makes a shared seed effect vanish: the same data, tested
// unpaired as compare tests two folders, is not significant.
func TestPairingRemovesTheSeedEffect(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	base := prSeedEffect(rng, 8, 0.85)
	better := prShift(rng, base, 0.005, 0.001)
	opt := DefaultOptions()
	opt.MinEffect = 0
	r := prPair(t, append(prRuns("letter", "sgd", 0.1, base, 0), prRuns("letter", "sf-sgd", 1, better, 0)...), "sgd", "sf-sgd", opt).Rows[0]
	if r.Verdict != Better || !(r.P < 0.001) {
		t.Errorf("paired: %v p %v, want better with p < 0.001", r.Verdict, r.P)
	}
	if _, _, p := stats.WelchT(base, better); !(p > 0.5) {
		t.Errorf("unpaired Welch p %v, want above 0.5 (the seed effect hides the gain)", p)
	}
}

// Each optimizer is compared at the rate the report selects: by the
// selection metric (val_acc), not by the reported one.
func TestPairedUsesTheReportsSelection(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	base := prSeedEffect(rng, 5, 0.80)
	var recs []record.Record
	// sgd at 0.1 has the better test accuracy but the worse validation
	// accuracy: the report selects 0.3.
	recs = append(recs, prRuns("letter", "sgd", 0.1, prShift(rng, base, 0.05, 0.001), -0.2)...)
	recs = append(recs, prRuns("letter", "sgd", 0.3, base, 0)...)
	recs = append(recs, prRuns("letter", "sgd", 1, prShift(rng, base, -0.05, 0.001), 0)...)
	recs = append(recs, prRuns("letter", "sf-sgd", 1, prShift(rng, base, 0.01, 0.001), 0)...)
	f := FolderOf("DIR", recs)
	p, err := Pair(f, "sgd", "sf-sgd", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	r := p.Rows[0]
	if want := f.Analysis.Choice("letter", "sgd").Group.LR; r.A.LR != want || want != 0.3 {
		t.Errorf("A's rate %v, the report's %v, want 0.3", r.A.LR, want)
	}
	if r.B.LR != 1 || r.A.Edge || r.B.Edge || len(r.A.Rates) != 3 {
		t.Errorf("B's rate %v, edges %v %v, A's rates %v", r.B.LR, r.A.Edge, r.B.Edge, r.A.Rates)
	}
	if r.Verdict != Better || r.A.Mean != stats.Mean(base) {
		t.Errorf("verdict %v, A's mean %v, want better and %v", r.Verdict, r.A.Mean, stats.Mean(base))
	}
}

// Records that name different data seeds for a pair (not what the harness
// writes) are compared unpaired, and say so.
func TestPairedFallsBackWhenDataDiffers(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	base := prSeedEffect(rng, 6, 0.85)
	b := prRuns("letter", "sf-sgd", 1, prShift(rng, base, 0.02, 0.002), 0)
	b[2].DataSeed++
	r := prPair(t, append(prRuns("letter", "sgd", 0.1, base, 0), b...), "sgd", "sf-sgd", DefaultOptions()).Rows[0]
	_, _, welch := stats.WelchT(r.A.Values, r.B.Values)
	if !r.Unpaired || r.P != welch || r.Note != "unpaired" || r.Verdict != Same {
		t.Errorf("unpaired %v, p %v (Welch %v), note %q, verdict %v", r.Unpaired, r.P, welch, r.Note, r.Verdict)
	}
	if !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "compared unpaired, by Welch's t-test") }) {
		t.Errorf("warnings %q", r.Warnings)
	}
}

func TestPairedOverall(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 2))
	var recs []record.Record
	shifts := map[string]float64{"a1": 0.01, "a2": 0.01, "a3": 0.01, "a4": 0.01, "a5": 0.01, "a6": 0.01, "a7": -0.0005, "a8": 0}
	for _, prob := range []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"} {
		base := prSeedEffect(rng, 5, 0.8)
		b := prShift(rng, base, shifts[prob], 0.001)
		if prob == "a8" {
			b = base
		}
		recs = append(recs, prRuns(prob, "sgd", 0.1, base, 0)...)
		recs = append(recs, prRuns(prob, "sf-sgd", 1, b, 0)...)
	}
	recs = append(recs, prRuns("only-a", "sgd", 0.1, []float64{0.5, 0.6}, 0)...)
	recs = append(recs, prRuns("only-b", "sf-sgd", 0.1, []float64{0.5, 0.6}, 0)...)
	p := prPair(t, recs, "sgd", "sf-sgd", DefaultOptions())
	w, l, ties, ps := p.Overall()
	if w != 6 || l != 1 || ties != 1 || ps != stats.SignTest(6, 1) {
		t.Errorf("overall %d wins, %d losses, %d ties, p %v", w, l, ties, ps)
	}
	if !slices.Equal(p.OnlyA, []string{"only-a"}) || !slices.Equal(p.OnlyB, []string{"only-b"}) {
		t.Errorf("only A %v, only B %v", p.OnlyA, p.OnlyB)
	}
	if want := "overall: B's mean over the paired seeds is better on 6, worse on 1, equal on 1 of 8 problems; sign test p = 0.125"; p.OverallLine() != want {
		t.Errorf("overall line %q\nwant %q", p.OverallLine(), want)
	}
	if !strings.HasPrefix(p.Summary(), "FAIL: B (sf-sgd) has no runs on 1 problem A (sgd) ran: 8 compared (6 B better, 0 B worse, 2 ~") {
		t.Errorf("summary %q", p.Summary())
	}
	opt := DefaultOptions()
	opt.AllowMissing = true
	if s := prPair(t, recs, "sgd", "sf-sgd", opt).Summary(); !strings.HasPrefix(s, "ok: B (sf-sgd) is not significantly worse than A (sgd) on any problem") {
		t.Errorf("summary with missing allowed: %q", s)
	}
	// JUnit: one case per problem, a failure for the missing one.
	var b bytes.Buffer
	if err := p.WriteJUnit(&b); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Tests != 10 || doc.Failures != 1 || doc.Skipped != 1 {
		t.Errorf("junit: %d tests, %d failures, %d skipped", doc.Tests, doc.Failures, doc.Skipped)
	}
}

func TestPairErrors(t *testing.T) {
	recs := append(prRuns("letter", "sgd", 0.1, []float64{0.8, 0.9}, 0), prRuns("letter", "sf-sgd", 1, []float64{0.8, 0.9}, 0)...)
	recs = append(recs, prRuns("vowel", "adamw", 0.1, []float64{0.8, 0.9}, 0)...)
	f := FolderOf("DIR/results.jsonl", recs)
	bad := DefaultOptions()
	bad.Test = "ztest"
	metric := DefaultOptions()
	metric.Metric = "test_accc"
	cases := []struct {
		a, b string
		opt  Options
		want string
	}{
		{"sgdd", "sf-sgd", DefaultOptions(), "-a sgdd: no optimizer of that name in DIR/results.jsonl (it has sgd, sf-sgd, adamw)"},
		{"sgd", "sf_sgd", DefaultOptions(), "-b sf_sgd: no optimizer of that name in DIR/results.jsonl (it has sgd, sf-sgd, adamw)"},
		{"sgd", "sgd", DefaultOptions(), "-a and -b both name sgd: compare two different optimizers"},
		{"sgd", "adamw", DefaultOptions(), "no problem of DIR/results.jsonl has runs of both sgd and adamw: nothing to compare"},
		{"sgd", "sf-sgd", bad, `-test wants ttest or utest, got "ztest"`},
		{"sgd", "sf-sgd", metric, "-metric test_accc: no record of sgd or sf-sgd reports it (they report test_acc, test_loss, val_acc)"},
	}
	for _, c := range cases {
		if _, err := Pair(f, c.a, c.b, c.opt); err == nil || err.Error() != c.want {
			t.Errorf("Pair(%s, %s): %v, want %q", c.a, c.b, err, c.want)
		}
	}
}

// Each optimizer is compared at its longest horizon, as the report's
// table shows it; horizons that differ are said.
func TestPairedHorizons(t *testing.T) {
	at := func(recs []record.Record, h int) []record.Record {
		for i := range recs {
			recs[i].Horizon, recs[i].Steps, recs[i].ID = h, h, fmt.Sprintf("%s-h%d", recs[i].ID, h)
		}
		return recs
	}
	acc := []float64{0.8, 0.82, 0.79}
	var recs []record.Record
	recs = append(recs, at(prRuns("letter", "sgd", 0.1, acc, 0), 50)...)
	recs = append(recs, at(prRuns("letter", "sgd", 0.1, acc, 0), 100)...)
	recs = append(recs, at(prRuns("letter", "sf-sgd", 1, acc, 0), 100)...)
	recs = append(recs, at(prRuns("letter", "adamw", 1, acc, 0), 50)...)
	r := prPair(t, recs, "sgd", "sf-sgd", DefaultOptions()).Rows[0]
	if r.A.Horizon != 100 || r.B.Horizon != 100 || len(r.Warnings) != 0 {
		t.Errorf("horizons %d and %d, warnings %q", r.A.Horizon, r.B.Horizon, r.Warnings)
	}
	r = prPair(t, recs, "sgd", "adamw", DefaultOptions()).Rows[0]
	if r.A.Horizon != 100 || r.B.Horizon != 50 || !slices.Contains(r.Warnings, "A's selected runs are 100 steps long, B's 50") {
		t.Errorf("horizons %d and %d, warnings %q", r.A.Horizon, r.B.Horizon, r.Warnings)
	}
}

// The data seeds of an entry selected over its whole grid are found under
// the entry's name, the name compare -a/-b is given (reports.ColumnOf).
func TestDataSeedsOfAGridEntry(t *testing.T) {
	point := func(name string, dataSeed uint64) record.Record {
		return record.Record{Problem: "p", Optimizer: name, Seed: 1, DataSeed: dataSeed,
			Grid: &record.GridPoint{Entry: "sf", Settings: map[string]any{"beta1": name}, Select: record.SelectGrid}}
	}
	f := FolderOf("x", []record.Record{point("sf beta1=0.9", 7), point("sf beta1=0.95", 7),
		{Problem: "p", Optimizer: "adamw", Seed: 1, DataSeed: 7}, {Problem: "p", Optimizer: "sgd", Seed: 1, DataSeed: 8}})
	if !f.sameData("p", "sf", "adamw", 1) {
		t.Error("the grid entry and adamw ran seed 1 on the same data")
	}
	if f.sameData("p", "sf", "sgd", 1) {
		t.Error("sgd ran seed 1 on other data")
	}
}
