package reports

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/record"
)

// gridRec is a record of entry at a grid point (settings), selected as
// sel, with its final train_loss (the suite's metric) and train_acc.
func gridRec(problem, entry, sel string, settings map[string]any, lr float64, seed int, phase string, loss float64) record.Record {
	label := record.PointLabel(entry, settings)
	hyper := map[string]any{"warmup_steps": 5.0}
	for k, v := range settings {
		hyper[k] = v
	}
	r := record.Record{ID: fmt.Sprintf("%s-%s-%g-%d", problem, label, lr, seed), Suite: "t", Phase: phase, Metric: "train_loss", Goal: "min",
		Problem: problem, Optimizer: label, OptimizerKind: "sf-sgd", Hyper: hyper, LR: lr, Seed: seed, Horizon: 100, Status: record.StatusOK,
		Final: record.Metrics{"train_loss": record.Value(loss)}}
	if settings != nil {
		r.Grid = &record.GridPoint{Entry: entry, Settings: settings, Select: sel}
	}
	return r
}

// gridRecords: entry "sf" over momentum {0.5, 0.9} × weight_decay {0,
// 0.1} × rates {0.1, 1} selected as a whole, entry "pr" over momentum
// {0.5, 0.9} selecting the rate per point, and "sgd" without a grid, on two
// seeds. loss gives each configuration's loss on a seed.
func gridRecords(loss func(entry string, m, wd, lr float64, seed int) float64) []record.Record {
	var recs []record.Record
	for _, seed := range []int{0, 1} {
		for _, lr := range []float64{0.1, 1} {
			for _, m := range []float64{0.5, 0.9} {
				for _, wd := range []float64{0, 0.1} {
					recs = append(recs, gridRec("p", "sf", record.SelectGrid, map[string]any{"momentum": m, "weight_decay": wd}, lr, seed, "sweep", loss("sf", m, wd, lr, seed)))
				}
				recs = append(recs, gridRec("p", "pr", record.SelectRate, map[string]any{"momentum": m}, lr, seed, "sweep", loss("pr", m, 0, lr, seed)))
			}
			recs = append(recs, gridRec("p", "sgd", "", nil, lr, seed, "sweep", loss("sgd", 0, 0, lr, seed)))
		}
	}
	for i := range recs {
		recs[i].OptimizerIndex = map[string]int{"sf": 0, "pr": 1, "sgd": 2}[strings.Fields(recs[i].Optimizer)[0]]
	}
	// Written in any order (workers finish in any), read in the suite's.
	slices.Reverse(recs)
	return recs
}

// TestGridSelection: an entry selected as a whole is one optimizer, its
// setting and rate chosen by the selection rule over grid × rates (ties:
// the smaller rate, then the earlier point); an entry under select: rate
// is one optimizer per point, each at its own rate; the rates table, the
// table and the numbers show the setting selected.
func TestGridSelection(t *testing.T) {
	recs := gridRecords(func(entry string, m, wd, lr float64, seed int) float64 {
		switch {
		case entry == "sf" && m == 0.9 && wd == 0.1 && lr == 0.1:
			return 0.1 + 0.01*float64(seed) // the best, at the smaller rate
		case entry == "sf" && m == 0.5 && wd == 0.1 && lr == 1:
			return 0.1 + 0.01*float64(seed) // as good, at a larger rate
		case entry == "pr":
			return m*lr + 0.01*float64(seed) // m 0.5: lr 0.1 (0.05), m 0.9: lr 0.1 (0.09)
		}
		return 1 + lr + m + wd
	})
	a := Analyze(recs)
	if want := []string{"sf", "pr momentum=0.5", "pr momentum=0.9", "sgd"}; !slices.Equal(a.Optimizers, want) {
		t.Fatalf("optimizers %q, want %q", a.Optimizers, want)
	}
	sf := a.Choice("p", "sf")
	if sf.Group.Label != "sf momentum=0.9 weight_decay=0.1" || sf.Group.LR != 0.1 || sf.Setting() != "momentum=0.9, weight_decay=0.1" {
		t.Errorf("sf: %s at %g (%q)", sf.Group.Label, sf.Group.LR, sf.Setting())
	}
	if !slices.Equal(sf.Rates, []float64{0.1, 1}) || !sf.Edge || sf.AxesText() != "momentum 0.5 … 0.9 (2), weight_decay 0 … 0.1 (2)" {
		t.Errorf("sf: rates %v edge %v axes %q", sf.Rates, sf.Edge, sf.AxesText())
	}
	// The rule itself, over the candidates in the report's order.
	var cands []*Group
	for _, g := range a.groupsAt("p", "sf", 100) {
		cands = append(cands, g)
	}
	sums := make([]Stats, len(cands))
	for i, g := range cands {
		sums[i] = g.Summarize("train_loss")
	}
	if best := cands[selection.Select(sums, "min")]; best != sf.Group || len(cands) != 8 {
		t.Errorf("the rule over %d candidates picks %s at %g", len(cands), best.Label, best.LR)
	}
	for o, lr := range map[string]float64{"pr momentum=0.5": 0.1, "pr momentum=0.9": 0.1} {
		c := a.Choice("p", o)
		if c.Group.LR != lr || c.Setting() != "" || c.Axes != nil || len(c.Group.Runs) != 2 {
			t.Errorf("%s: %g %q %v", o, c.Group.LR, c.Setting(), c.Axes)
		}
	}
	tab := BuildTable(a)
	if got := tab.Cells[0][0].Text; got != "0.105 ± 0.005 (momentum=0.9, weight_decay=0.1)" || tab.Note != GridNote {
		t.Errorf("table cell %q, note %q", got, tab.Note)
	}
	if got := tab.Cells[0][3].Text; strings.Contains(got, "(") {
		t.Errorf("sgd cell %q names a setting", got)
	}
	rates, _ := ratesTable(a)
	if rates.Header[3] != "selected setting" || rates.Rows[0][3].Text != "momentum=0.9, weight_decay=0.1" ||
		rates.Rows[0][5].Text != "0.1 … 1 (2) × momentum 0.5 … 0.9 (2), weight_decay 0 … 0.1 (2)" || rates.Rows[1][3].Text != "" {
		t.Errorf("rates table %v\n%v", rates.Header, rates.Rows)
	}
	num := Numbers(a)
	if num.Header[len(num.Header)-1] != "setting" || num.Rows[0][len(num.Header)-1].Text != "momentum=0.9, weight_decay=0.1" {
		t.Errorf("numbers %v %v", num.Header, num.Rows[0])
	}
	sel := a.Selections()
	if len(sel) != 4 || sel[0] != (Selection{"p", "sf", "sf momentum=0.9 weight_decay=0.1", 0.1, 100}) {
		t.Errorf("selections %+v", sel)
	}
	// Without a grid, no column of settings: the tables of a suite
	// without grids are those it had.
	var plain []record.Record
	for _, r := range recs {
		if r.Grid == nil {
			plain = append(plain, r)
		}
	}
	pa := Analyze(plain)
	if rt, _ := ratesTable(pa); slices.Contains(rt.Header, "selected setting") || slices.Contains(Numbers(pa).Header, "setting") || BuildTable(pa).Note != "" {
		t.Error("a settings column without a grid")
	}
}

// TestGridSeedsPhase: under tune-then-seeds the report shows the grid
// point and rate the seeds phase ran, whatever the rule says of the
// tuning runs alone.
func TestGridSeedsPhase(t *testing.T) {
	recs := gridRecords(func(entry string, m, wd, lr float64, seed int) float64 { return 1 + m + wd + lr })
	for i := range recs {
		recs[i].Phase = "tune"
	}
	for _, seed := range []int{0, 1, 2} {
		recs = append(recs, gridRec("p", "sf", record.SelectGrid, map[string]any{"momentum": 0.9, "weight_decay": 0.0}, 1, seed, "seeds", 5))
	}
	a := Analyze(recs)
	if c := a.Choice("p", "sf"); c.Group.Label != "sf momentum=0.9 weight_decay=0" || c.Group.LR != 1 || c.Setting() != "momentum=0.9, weight_decay=0" {
		t.Errorf("sf: %s at %g", c.Group.Label, c.Group.LR)
	}
	if c := a.Choice("p", "pr momentum=0.5"); c.Group.LR != 0.1 {
		t.Errorf("pr: %g", c.Group.LR)
	}
}

// TestGridHeatmaps: an entry with a grid of two settings and rates maps
// every pair of its axes, the settings off a pair at the best point's
// values and, for the pair of settings, at each cell the rate the rule
// selects there; an entry selecting the rate per point maps its points
// over the rates as one family.
func TestGridHeatmaps(t *testing.T) {
	loss := func(entry string, m, wd, lr float64, seed int) float64 {
		return m + 10*wd + 100*math.Abs(lr-0.1) + 0.001*float64(seed)
	}
	a := Analyze(gridRecords(loss))
	hm := a.heatmaps()
	var got []string
	for _, h := range hm {
		got = append(got, fmt.Sprintf("%s|%s×%s|%v×%v", h.panel.Title, h.x, h.y, h.panel.Cols, h.panel.Rows))
	}
	want := []string{
		"p: sf (weight_decay=0)|lr×momentum|[0.1 1]×[0.5 0.9]",
		"p: sf (momentum=0.5)|lr×weight_decay|[0.1 1]×[0 0.1]",
		"p: sf (rate selected per cell)|momentum×weight_decay|[0.5 0.9]×[0 0.1]",
		"p: pr|lr×momentum|[0.1 1]×[0.5 0.9]",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("panels\n %s\nwant\n %s", strings.Join(got, "\n "), strings.Join(want, "\n "))
	}
	mean := func(m, wd, lr float64) float64 { return (loss("", m, wd, lr, 0) + loss("", m, wd, lr, 1)) / 2 }
	for i, h := range hm {
		for r, y := range h.panel.Rows {
			for c, x := range h.panel.Cols {
				var w float64
				switch i {
				case 0, 3:
					w = mean(y, 0, x)
				case 1:
					w = mean(0.5, y, x)
				case 2:
					w = mean(x, y, 0.1) // the rule picks lr 0.1 at every point
				}
				if got := h.panel.Values[r][c]; math.Abs(got-w) > 1e-12 {
					t.Errorf("%s at (%v, %v): %v, want %v", h.panel.Title, x, y, got, w)
				}
			}
		}
	}
	if h := hm[2].panel; h.XLabel != "momentum β" || h.YLabel != "weight_decay" || h.Best != 1 {
		t.Errorf("labels %q %q best %d", h.XLabel, h.YLabel, h.Best)
	}
	if b := BetaGammaPanels(a); len(b) != 2 {
		t.Errorf("%d β × γ panels, want the two over lr × momentum", len(b))
	}
	// The figure and RESULTS.md of such a suite.
	dir := t.TempDir()
	w, err := record.Append(filepath.Join(dir, record.FileName), 0)
	if err != nil {
		t.Fatal(err)
	}
	recs := gridRecords(loss)
	for i := range recs {
		recs[i].Curve, recs[i].Steps = []record.Point{{Step: 100, Metrics: recs[i].Final}}, 100
		w.Append(&recs[i])
	}
	w.Close()
	if _, err := Write(dir, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, filepath.Join(dir, HeatmapPNG))
	md, _ := os.ReadFile(filepath.Join(dir, ResultsFile))
	for _, want := range []string{"](heatmap.png)", GridRule, "| selected setting |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("RESULTS.md lacks %q", want)
		}
	}
}

// TestGridHeatmapOfABoolean: a boolean setting is an axis of false (0)
// and true (1).
func TestGridHeatmapOfABoolean(t *testing.T) {
	var recs []record.Record
	for _, nesterov := range []bool{false, true} {
		for _, lr := range []float64{0.1, 1} {
			r := gridRec("p", "n", record.SelectGrid, map[string]any{"nesterov": nesterov}, lr, 0, "sweep", lr)
			r.OptimizerKind = "sgd"
			recs = append(recs, r)
		}
	}
	hm := Analyze(recs).heatmaps()
	if len(hm) != 1 || hm[0].y != "nesterov" || !slices.Equal(hm[0].panel.Rows, []float64{0, 1}) || hm[0].panel.YLabel != "nesterov" {
		t.Fatalf("heatmaps %+v", hm)
	}
}
