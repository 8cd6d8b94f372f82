package paper

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports"
)

// rec builds a record with one final metric.
func rec(problem, opt, kind string, lr float64, seed int, status string, acc float64) record.Record {
	return record.Record{ID: fmt.Sprintf("%s-%s-%g-%d", problem, opt, lr, seed), Suite: "t", Problem: problem, Optimizer: opt,
		OptimizerKind: kind, LR: lr, Seed: seed, Horizon: 100, Status: status,
		Final: record.Metrics{"test_acc": record.Value(acc)}}
}

func TestVerdict(t *testing.T) {
	for _, c := range []struct {
		k, n int
		want string
	}{{3, 3, Reproduced}, {2, 3, Partly}, {1, 2, Partly}, {1, 3, NotReproduced}, {0, 0, NotMeasured}} {
		if got := verdict(c.k, c.n); got != c.want {
			t.Errorf("verdict(%d, %d) = %s, want %s", c.k, c.n, got, c.want)
		}
	}
}

// TestClaimsFromConstructedResults decides two claims on records built so
// that one holds and one does not.
func TestClaimsFromConstructedResults(t *testing.T) {
	sched := map[string]any{"schedule": map[string]any{"kind": "cosine"}}
	polyak := map[string]any{"averaging": map[string]any{"kind": "polyak"}}
	var recs []record.Record
	for seed := range 3 {
		f := 0.001 * float64(seed)
		// Schedule-free beats cosine; Polyak beats schedule-free.
		for _, r := range []record.Record{
			rec("p", "sf", "sf-sgd", 1, seed, "ok", 0.90+f),
			rec("p", "cos", "sgd", 1, seed, "ok", 0.85+f),
			rec("p", "avg", "sgd", 1, seed, "ok", 0.95+f),
		} {
			r.Suite = "paper-vision"
			switch r.Optimizer {
			case "cos":
				r.Hyper = sched
			case "avg":
				r.Hyper = polyak
			}
			recs = append(recs, r)
		}
	}
	by := map[string]*reports.Analysis{"paper-vision": reports.Analyze(recs)}
	claims := Claims(by)
	if claims[0].Verdict != Reproduced {
		t.Errorf("schedules claim: %s %v", claims[0].Verdict, claims[0].Evidence)
	}
	if claims[5].Verdict != NotReproduced {
		t.Errorf("averaging claim: %s %v", claims[5].Verdict, claims[5].Evidence)
	}
	if claims[1].Verdict != NotMeasured {
		t.Errorf("large-lr claim without its suite: %s", claims[1].Verdict)
	}
}

// TestLargeLRClaimFailsWhenSFDivergesEverywhere: a schedule-free method
// diverging at every rate fails the large-rate claim.
func TestLargeLRClaimFailsWhenSFDivergesEverywhere(t *testing.T) {
	var recs []record.Record
	for seed := range 2 {
		for _, lr := range []float64{1, 16} {
			recs = append(recs, rec("p", "sf", "sf-sgd", lr, seed, "diverged", 0), rec("p", "sgd", "sgd", lr, seed, "ok", 0.8))
		}
	}
	for i := range recs {
		recs[i].Suite = "paper-largelr"
	}
	if c := claimLargeLR(reports.Analyze(recs)); c.Verdict != NotReproduced {
		t.Errorf("schedule-free diverging everywhere: %s %v", c.Verdict, c.Evidence)
	}
}

// TestSummaryStatesCompute: the summary of any suites says how much time
// the runs took, summed from the records, and shows each suite's table; the
// paper's claims appear only when a paper suite is among them.
func TestSummaryStatesCompute(t *testing.T) {
	var set record.Set
	if _, err := set.Load("../testdata/small"); err != nil {
		t.Fatal(err)
	}
	var wall float64
	for _, r := range set.Records {
		wall += r.WallSeconds
	}
	out := filepath.Join(t.TempDir(), "RESULTS.md")
	if err := WriteSummary(out, []string{"../testdata/small"}, 75); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# sfbench results\n", fmt.Sprintf("Compute: %d runs took %s of one core's time", len(set.Records), FormatDuration(wall)),
		"the runs took 1 min 15 s from start to end", "summarized by `sfbench summarize`"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	for _, bad := range []string{"Claims checklist", "not measured", "make results", "results/"} {
		if strings.Contains(string(b), bad) {
			t.Errorf("the summary of a suite that is not the paper's says %q", bad)
		}
	}
	// The same as a page: each suite's table and a link to its own page,
	// nothing fetched.
	page, err := os.ReadFile(HTMLPath(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<section id="small">`, "<strong>97.3 ± 0.0</strong>", `/report.html">`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("summary page lacks %q", want)
		}
	}
	for _, bad := range []string{"<link", `src="http`, "<script src", "Claims checklist"} {
		if strings.Contains(string(page), bad) {
			t.Errorf("summary page has %q", bad)
		}
	}

	// The same records as the paper's vision suite: the claims appear,
	// those of the missing suites not measured.
	src, err := os.ReadFile("../testdata/small/results.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	vision := filepath.Join(t.TempDir(), "paper-vision")
	os.MkdirAll(vision, 0o755)
	os.WriteFile(filepath.Join(vision, "results.jsonl"), []byte(strings.ReplaceAll(string(src), `"suite":"small"`, `"suite":"paper-vision"`)), 0o644)
	if err := WriteSummary(out, []string{vision}, 0); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(out)
	page, _ = os.ReadFile(HTMLPath(out))
	for _, want := range []string{"# The Road Less Scheduled, reproduced at proxy scale", "## Claims checklist", "not measured"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("paper summary lacks %q", want)
		}
	}
	if !strings.Contains(string(page), "<td>Schedule-free stays stable at very large learning rates (far above the classical optimum)</td><td><strong>not measured</strong></td>") {
		t.Errorf("paper summary page lacks the claims")
	}
}
