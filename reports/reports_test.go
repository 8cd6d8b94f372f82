package reports

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	goldenfile "github.com/sfbench/sfbench/internal/golden"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports/format"
)

// The report's table files.
var (
	tableMD  = TableFile(format.Markdown)
	tableTeX = TableFile(format.LaTeX)
	tableCSV = TableFile(format.CSV)
)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

// TestGoldenReport renders the committed small run (environment and timing
// normalized) and compares every file with its golden copy.
func TestGoldenReport(t *testing.T) {
	dir := t.TempDir()
	w, err := Write("testdata/small", dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Files) != 9 {
		t.Fatalf("wrote %v", w.Files)
	}
	for _, png := range []string{ConvergencePNG, SensitivityPNG, ProfilePNG} {
		checkPNG(t, filepath.Join(dir, png))
	}
	for _, name := range []string{tableMD, tableTeX, tableCSV, TableFile(format.HTML), ResultsFile} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "small."+name+".golden", got)
	}
}

// rec builds a record with one final metric.
func rec(problem, opt, kind string, lr float64, seed int, status string, acc float64) record.Record {
	return record.Record{ID: fmt.Sprintf("%s-%s-%g-%d", problem, opt, lr, seed), Suite: "t", Problem: problem, Optimizer: opt,
		OptimizerKind: kind, LR: lr, Seed: seed, Horizon: 100, Status: status,
		Final: record.Metrics{"test_acc": record.Value(acc)}}
}

func TestSelectionAndBold(t *testing.T) {
	recs := []record.Record{
		// sf: best at lr 1 (mean 0.9), lr 10 diverges on one seed.
		rec("p", "sf", "sf-sgd", 0.1, 0, "ok", 0.80), rec("p", "sf", "sf-sgd", 0.1, 1, "ok", 0.82),
		rec("p", "sf", "sf-sgd", 1, 0, "ok", 0.89), rec("p", "sf", "sf-sgd", 1, 1, "ok", 0.91),
		rec("p", "sf", "sf-sgd", 10, 0, "ok", 0.95), rec("p", "sf", "sf-sgd", 10, 1, "diverged", 0.1),
		// sgd: best at its largest rate (edge), mean 0.895 within one SE of 0.9.
		rec("p", "sgd", "sgd", 0.1, 0, "ok", 0.70), rec("p", "sgd", "sgd", 0.1, 1, "ok", 0.72),
		rec("p", "sgd", "sgd", 1, 0, "ok", 0.89), rec("p", "sgd", "sgd", 1, 1, "ok", 0.90),
		// adam: clearly worse.
		rec("p", "adam", "adamw", 1, 0, "ok", 0.5), rec("p", "adam", "adamw", 1, 1, "ok", 0.52),
	}
	a := Analyze(recs)
	sf, sgd, adam := a.Choice("p", "sf"), a.Choice("p", "sgd"), a.Choice("p", "adam")
	if sf.Group.LR != 1 || sf.Edge || !sf.Best {
		t.Errorf("sf: lr %v edge %v best %v; want 1, false, true (a rate with a diverged seed loses)", sf.Group.LR, sf.Edge, sf.Best)
	}
	if sgd.Group.LR != 1 || !sgd.Edge || !sgd.Best {
		t.Errorf("sgd: lr %v edge %v best %v; want 1, true, true (within one SE)", sgd.Group.LR, sgd.Edge, sgd.Best)
	}
	if adam.Best || adam.Edge {
		t.Errorf("adam: best %v edge %v", adam.Best, adam.Edge)
	}
	if w, n := a.ScheduleFreeWins(); w != 1 || n != 1 {
		t.Errorf("schedule-free wins %d of %d", w, n)
	}
	var md bytes.Buffer
	BuildTable(a).WriteMarkdown(&md)
	for _, want := range []string{"**90.0 ± 1.0**", "**89.5 ± 0.5**‡", "51.0 ± 1.0", "best or tied on 1 of 1"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
}

func TestAllDivergedAndMissing(t *testing.T) {
	recs := []record.Record{
		rec("p", "a", "sf-sgd", 1, 0, "diverged", 0), rec("p", "a", "sf-sgd", 1, 1, "error", 0),
		rec("q", "b", "sgd", 1, 0, "ok", 0.5),
	}
	var md, tex bytes.Buffer
	tab := BuildTable(Analyze(recs))
	tab.WriteMarkdown(&md)
	format.LaTeX.Write(&tex, tab.Grid())
	if !strings.Contains(md.String(), "diverged") || !strings.Contains(md.String(), "—") {
		t.Errorf("diverged and missing cells not shown:\n%s", md.String())
	}
	if !strings.Contains(tex.String(), "---") || !strings.Contains(tex.String(), `\toprule`) {
		t.Errorf("latex:\n%s", tex.String())
	}
}

func TestWriteRejectsEmptyAndMissing(t *testing.T) {
	if _, err := Write(filepath.Join(t.TempDir(), "nope"), t.TempDir(), Options{}); err == nil {
		t.Error("missing results accepted")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, record.FileName), nil, 0o644)
	if _, err := Write(dir, dir, Options{}); err == nil || !strings.Contains(err.Error(), "no results") {
		t.Errorf("empty results: %v", err)
	}
}

// checkPNG decodes a figure and checks it is a real, non-blank image.
func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b := img.Bounds()
	if b.Dx() < 300 || b.Dy() < 200 {
		t.Errorf("%s: %dx%d is too small", path, b.Dx(), b.Dy())
	}
	colors := map[[4]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bb, a := img.At(x, y).RGBA()
			colors[[4]uint32{r, g, bb, a}] = true
		}
	}
	if len(colors) < 20 {
		t.Errorf("%s: only %d colours, the figure looks blank", path, len(colors))
	}
}

// curveRec builds a record with a curve of metric values at steps.
func curveRec(problem, opt, kind string, hyper map[string]any, lr float64, seed, horizon int, vals ...float64) record.Record {
	r := record.Record{ID: fmt.Sprintf("%s-%s-%g-%d-%d", problem, opt, lr, seed, horizon), Suite: "s",
		Problem: problem, Optimizer: opt, OptimizerKind: kind, Hyper: hyper, LR: lr, Seed: seed,
		Horizon: horizon, Steps: horizon, Status: "ok", WallSeconds: 1, TrainSeconds: 1}
	for i, v := range vals {
		r.Curve = append(r.Curve, record.Point{Step: horizon * (i + 1) / len(vals), Metrics: record.Metrics{"train_loss": record.Value(v)}})
	}
	r.Final = r.Curve[len(r.Curve)-1].Metrics
	return r
}

// TestStudyFigures: horizons give a Pareto figure, a family of optimizers
// differing only in momentum gives a β × γ heatmap, and RESULTS.md shows them.
func TestStudyFigures(t *testing.T) {
	var recs []record.Record
	for seed := range 2 {
		f := float64(seed) * 0.01
		for _, h := range []int{100, 200, 400} {
			recs = append(recs, curveRec("p", "cosine", "sgd", map[string]any{"momentum": 0.9}, 0.1, seed, h, 1+f, 0.5/float64(h)*100+f))
		}
		recs = append(recs, curveRec("p", "sf", "sf-sgd", map[string]any{"momentum": 0.9}, 0.1, seed, 400, 0.9+f, 0.6+f, 0.4+f, 0.3+f))
		for _, b := range []float64{0.5, 0.9, 0.98} {
			for _, lr := range []float64{0.25, 1, 4} {
				recs = append(recs, curveRec("q", fmt.Sprintf("sf-b%g", b), "sf-sgd", map[string]any{"momentum": b, "r": 0.0},
					lr, seed, 100, 1, b*lr+f))
			}
		}
	}
	dir := t.TempDir()
	if keep := os.Getenv("SFBENCH_REPORT_OUT"); keep != "" {
		dir = keep // keep the figures to look at them
	}
	w, err := record.Append(filepath.Join(dir, record.FileName), 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		w.Append(&recs[i])
	}
	w.Close()
	if _, err := Write(dir, dir, Options{Band: BandMinMax}); err != nil {
		t.Fatal(err)
	}
	for _, png := range []string{ParetoPNG, HeatmapPNG} {
		checkPNG(t, filepath.Join(dir, png))
	}
	md, _ := os.ReadFile(filepath.Join(dir, ResultsFile))
	for _, want := range []string{"](pareto.png)", "](heatmap.png)", "## Steps to reach a target"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("RESULTS.md lacks %q", want)
		}
	}
	a := Analyze(recs)
	heat := BetaGammaPanels(a)
	if len(heat) != 1 || len(heat[0].Rows) != 3 || len(heat[0].Cols) != 3 || math.Abs(heat[0].Values[2][2]-(0.98*4+0.005)) > 1e-12 {
		t.Errorf("heatmap %+v", heat)
	}
	if pareto := paretoPanels(a, Options{}); len(pareto) != 1 || len(pareto[0].Scheduled) != 1 || len(pareto[0].Scheduled[0].Runs) != 3 {
		t.Errorf("pareto %+v", pareto)
	}
}

// TestEveryOptimizerLostASeed: a problem where every optimizer lost a seed
// still has a best (bold) entry and counts in the summary.
func TestEveryOptimizerLostASeed(t *testing.T) {
	all := []record.Record{
		rec("q", "a", "sf-sgd", 1, 0, "ok", 0.9), rec("q", "a", "sf-sgd", 1, 1, "diverged", 0),
		rec("q", "b", "sgd", 1, 0, "ok", 0.7), rec("q", "b", "sgd", 1, 1, "diverged", 0),
	}
	a := Analyze(all)
	if !a.Choice("q", "a").Best || a.Choice("q", "b").Best {
		t.Error("with one diverged seed each, the better mean should be bold")
	}
	if w, n := a.ScheduleFreeWins(); w != 1 || n != 1 {
		t.Errorf("wins %d of %d", w, n)
	}
}

// TestAveragingBaselines: the schedule-free family's end points in the
// x, y, z form are averaging baselines, not schedule-free methods; records
// that say which averaging they are (any kind, a user's own included) are
// taken at their word.
func TestAveragingBaselines(t *testing.T) {
	primal, none := "primal", ""
	for _, tc := range []struct {
		kind      string
		hyper     map[string]any
		averaging *string // as records written since the field say
		avg       string
		sf        bool
	}{
		{"sf-adamw", map[string]any{"beta1": 0.9}, nil, "", true},
		{"sf-adamw-reference", map[string]any{"beta1": 1.0}, nil, "primal", false},
		{"sf-sgd-reference", map[string]any{"momentum": 0.0}, nil, "polyak", false},
		{"sf-sgd-reference", map[string]any{"momentum": 0.9}, nil, "", true},
		{"adamw", map[string]any{"averaging": map[string]any{"kind": "polyak"}}, nil, "polyak", false},
		{"sgd", map[string]any{"schedule": map[string]any{"kind": "cosine"}}, nil, "", false},
		{"my-averaged-sgd", map[string]any{"weight": 1.0}, &primal, "primal", false},
		{"sf-sgd-reference", map[string]any{"momentum": 0.0}, &none, "", true},
	} {
		c := &Choice{OptimizerKind: tc.kind, Group: &Group{OptimizerKind: tc.kind, Hyper: tc.hyper, Averaging: tc.averaging}}
		if c.Averaging() != tc.avg || c.ScheduleFree() != tc.sf {
			t.Errorf("%s %v: averaging %q, schedule-free %v; want %q, %v", tc.kind, tc.hyper, c.Averaging(), c.ScheduleFree(), tc.avg, tc.sf)
		}
	}
}
