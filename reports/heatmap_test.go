package reports

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/record"

	"github.com/sfbench/sfbench/reports/plot"
)

// panelText writes heatmap panels out in full, every value at full
// precision, to compare them with a golden file.
func panelText(panels []plot.HeatmapPanel) []byte {
	var b strings.Builder
	for _, p := range panels {
		fmt.Fprintf(&b, "panel %q x %q y %q value %q log %v best %d annotate %v reverse %v lim %v\n",
			p.Title, p.XLabel, p.YLabel, p.ValueLabel, p.LogColor, p.Best, p.Annotate, p.Reverse, p.ColorLim)
		fmt.Fprintf(&b, "  cols %v\n", p.Cols)
		for i, r := range p.Rows {
			fmt.Fprintf(&b, "  row %v:", r)
			for _, v := range p.Values[i] {
				fmt.Fprintf(&b, " %.17g", v)
			}
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

// TestCommittedHeatmaps: the heatmaps of the committed β × γ studies
// (paper-quadratic: the paper's Fig. 2b, one entry per β; paper-momentum,
// a grid over β) are what the β × γ figure showed before heatmaps were
// general: the golden files were written by that code, from paper-momentum
// with one entry per β (its y axis then had no label; a grid's names its
// setting).
func TestCommittedHeatmaps(t *testing.T) {
	for _, suite := range []string{"paper-quadratic", "paper-momentum"} {
		t.Run(suite, func(t *testing.T) {
			a, _, err := Read(filepath.Join("..", "results", suite, "results.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			text := string(panelText(BetaGammaPanels(a)))
			if suite == "paper-momentum" {
				text = strings.ReplaceAll(text, `y "momentum β"`, `y ""`)
			}
			golden(t, "heatmap-"+suite+".golden", []byte(text))
		})
	}
}

// TestMomentumAsAGrid: paper-momentum's committed records (one entry with
// a grid over β, select: rate) and the same records written as its suite
// wrote them before (one entry per β, named beta-0.75 …; the cells, their
// ids and results are the same) give the same table, column by column,
// and the same heatmaps.
func TestMomentumAsAGrid(t *testing.T) {
	recs, _, err := record.Read(filepath.Join("..", "results", "paper-momentum", "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	grid := Analyze(recs)
	betas := []string{"0.75", "0.9", "0.95", "0.98"}
	for i := range recs {
		r := &recs[i]
		if r.Grid == nil {
			t.Fatalf("record %s has no grid point: paper-momentum is a grid over β", r.ID)
		}
		beta := fmt.Sprint(r.Hyper["momentum"])
		r.Grid, r.Optimizer, r.OptimizerIndex = nil, "beta-"+beta, slices.Index(betas, beta)
	}
	old := Analyze(recs)
	want := []string{"sf-sgd momentum=0.75", "sf-sgd momentum=0.9", "sf-sgd momentum=0.95", "sf-sgd momentum=0.98"}
	if !slices.Equal(grid.Optimizers, want) {
		t.Fatalf("optimizers %q, want %q", grid.Optimizers, want)
	}
	ot, gt := BuildTable(old), BuildTable(grid)
	if !reflect.DeepEqual(ot.Cells, gt.Cells) || gt.Note != "" {
		t.Errorf("table\n%v\nas a grid\n%v", ot.Cells, gt.Cells)
	}
	got := strings.ReplaceAll(string(panelText(BetaGammaPanels(grid))), `y "momentum β"`, `y ""`)
	if was := string(panelText(BetaGammaPanels(old))); got != was {
		t.Errorf("heatmaps as a grid\n%s\nwere\n%s", got, was)
	}
}
