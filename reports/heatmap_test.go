package reports

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

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
