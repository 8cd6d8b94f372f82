package reports

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/record"
)

// diagRecs: two problems, a schedule-free optimizer with every quantity,
// SGD with the rate and gradient norm only, two seeds, two rates each;
// with diagnostics set the records carry them as the harness writes them.
func diagRecs(diagnostics bool) []record.Record {
	v := func(f float64) *record.Value { return new(record.Value(f)) }
	var recs []record.Record
	for _, p := range []string{"p", "q"} {
		for _, o := range []string{"sf", "sgd"} {
			for _, lr := range []float64{0.1, 1} {
				for seed := range 2 {
					r := curveRec(p, o, map[bool]string{true: "sf-sgd", false: "sgd"}[o == "sf"], nil, lr, seed, 300,
						1/lr+float64(seed), 0.5/lr, 0.1/lr+0.01*float64(seed))
					r.Diagnostics = diagnostics
					for i := range r.Curve {
						if !diagnostics {
							break
						}
						step := float64(r.Curve[i].Step)
						d := &record.Diagnostics{LR: v(lr * step / 300), GradNorm: v(1 + float64(seed))}
						if o == "sf" {
							d.C, d.XMinusZ, d.YMinusX = v(1/step), v(lr*step), v(0.1*lr*step)
						}
						r.Curve[i].Diag = d
					}
					recs = append(recs, r)
				}
			}
		}
	}
	return recs
}

func writeRecs(t *testing.T, recs []record.Record) string {
	t.Helper()
	dir := t.TempDir()
	w, err := record.Append(filepath.Join(dir, record.FileName), 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if err := w.Append(&recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	return dir
}

// TestDiagnosticsPanels: a row per problem, a column per quantity, each
// optimizer at its selected rate, mean over seeds; an optimizer without a
// quantity is left out of its panel; no panels without diagnostics. Read
// from a results file (curves reread) as from records in memory.
func TestDiagnosticsPanels(t *testing.T) {
	if panels, _ := diagnosticsPanels(Analyze(diagRecs(false)), Options{}); len(panels) != 0 {
		t.Errorf("records without diagnostics gave %d panels", len(panels))
	}
	read, _, err := Read(writeRecs(t, diagRecs(true)))
	if err != nil {
		t.Fatal(err)
	}
	for name, a := range map[string]*Analysis{"in memory": Analyze(diagRecs(true)), "read": read} {
		panels, cols := diagnosticsPanels(a, Options{})
		if cols != 5 || len(panels) != 10 {
			t.Fatalf("%s: %d panels in %d columns, want 10 in 5", name, len(panels), cols)
		}
		var titles []string
		for _, p := range panels {
			titles = append(titles, p.Title)
		}
		if got := strings.Join(titles[:5], "; "); got != "p: learning rate; p: averaging weight c_k; p: ‖x − z‖; p: ‖y − x‖; p: ‖g‖ (last minibatch)" {
			t.Errorf("%s: titles %s", name, got)
		}
		for i, p := range panels {
			want := []string{"sf", "sgd"}
			if q := i % 5; q >= 1 && q <= 3 {
				want = want[:1]
			}
			if len(p.Series) != len(want) || p.Series[0].Label != "sf" || len(p.Series) == 2 && p.Series[1].Label != "sgd" {
				t.Errorf("%s: %s has %d series", name, p.Title, len(p.Series))
			}
		}
		// The selected rate is 1 (lower train_loss); the rate's curve is
		// lr·step/300 and the gradient norm's mean over seeds 1.5.
		lr, g := panels[0].Series[0], panels[4].Series[1]
		if len(lr.X) != 3 || lr.X[2] != 300 || lr.Y[2] != 1 || math.Abs(g.Y[0]-1.5) > 1e-15 || g.Lo[0] >= g.Y[0] {
			t.Errorf("%s: rate %v at %v, gradient norm %v (%v)", name, lr.Y, lr.X, g.Y, g.Lo)
		}
	}
}

// TestDiagnosticsFigureInReport: records with diagnostics get
// diagnostics.png in the report and RESULTS.md; records without get none.
func TestDiagnosticsFigureInReport(t *testing.T) {
	for _, with := range []bool{false, true} {
		dir := writeRecs(t, diagRecs(with))
		if _, err := Write(dir, dir, Options{}); err != nil {
			t.Fatal(err)
		}
		md, _ := os.ReadFile(filepath.Join(dir, ResultsFile))
		_, err := os.Stat(filepath.Join(dir, DiagnosticsPNG))
		if shown := strings.Contains(string(md), "]("+DiagnosticsPNG+")"); shown != with || (err == nil) != with {
			t.Errorf("diagnostics %v: RESULTS.md shows the figure %v, file: %v", with, shown, err)
		}
		if with {
			checkPNG(t, filepath.Join(dir, DiagnosticsPNG))
		}
	}
}
