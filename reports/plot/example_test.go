package plot_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/sfbench/sfbench/reports/plot"
)

// Example renders a learning-rate sweep of two optimizers on one problem,
// with diverged learning rates marked ×, to a PNG in the temporary
// directory.
func Example() {
	var sf, adam plot.Series
	sf.Label, adam.Label = "SF-AdamW", "AdamW + cosine"
	for k := -6; k <= 6; k++ {
		lr := math.Ldexp(1, k)
		d := float64(k + 1)
		loss := 0.2 + 0.03*d*d
		sf.X, sf.Y = append(sf.X, lr), append(sf.Y, loss)
		sf.Lo, sf.Hi = append(sf.Lo, loss*0.9), append(sf.Hi, loss*1.1)
		if k >= 3 {
			adam.Diverged = append(adam.Diverged, lr)
			continue
		}
		adam.X, adam.Y = append(adam.X, lr), append(adam.Y, loss*1.2)
		adam.Lo, adam.Hi = append(adam.Lo, loss*1.1), append(adam.Hi, loss*1.3)
	}

	// One palette for every figure of a report keeps colours consistent.
	pal := plot.NewPalette("SF-AdamW", "AdamW + cosine")
	path := filepath.Join(os.TempDir(), "sfbench-example-lr.png")
	err := plot.LRSensitivity(path, []plot.Panel{{
		Title:  "logistic regression",
		YLabel: "final train loss",
		LogY:   true,
		Series: []plot.Series{sf, adam},
	}}, plot.Options{Title: "Learning-rate sensitivity", Palette: pal})
	fmt.Println(err)
	// Output: <nil>
}
