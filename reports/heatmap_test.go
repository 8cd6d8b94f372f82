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
// (paper-quadratic: the paper's Fig. 2b; paper-momentum as committed, one
// entry per β) are what the β × γ figure showed before heatmaps were
// general: the golden files were written by that code.
func TestCommittedHeatmaps(t *testing.T) {
	for _, suite := range []string{"paper-quadratic", "paper-momentum"} {
		t.Run(suite, func(t *testing.T) {
			a, _, err := Read(filepath.Join("..", "results", suite, "results.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "heatmap-"+suite+".golden", panelText(BetaGammaPanels(a)))
		})
	}
}

// TestMomentumAsAGrid: paper-momentum's committed records (one entry per
// β), relabelled as its suite now writes them (one entry with a grid over
// β, select: rate; the cells, their ids and results are the same), give
// the same table, column by column, and the same heatmaps.
func TestMomentumAsAGrid(t *testing.T) {
	recs, _, err := record.Read(filepath.Join("..", "results", "paper-momentum", "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	old := Analyze(recs)
	for i := range recs {
		r := &recs[i]
		point := map[string]any{"momentum": r.Hyper["momentum"]}
		r.Grid = &record.GridPoint{Entry: "sf-sgd", Settings: point, Select: record.SelectRate}
		r.Optimizer, r.OptimizerIndex = record.PointLabel("sf-sgd", point), 0
	}
	grid := Analyze(recs)
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
