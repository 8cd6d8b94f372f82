package cli

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports"
)

var reportCmd = command{
	name: "report", summary: "render tables, figures and RESULTS.md from a results folder (or file) alone",
	args: "DIR|RESULTS.jsonl", want: "one results folder or results file", min: 1, max: 1,
	flags: func(fs *flag.FlagSet) action {
		out := fs.String("o", "", "write the report into `OUTDIR` (default: the results folder)")
		band := fs.String("band", reports.BandSE, "band around the mean in figures: `se|minmax`, ±1 standard error or the range over seeds")
		formats := fs.String("formats", "png", "figure file formats, comma-separated: `png,svg,pdf`")
		return func(stdout, _ io.Writer, args []string) error {
			opt := reports.Options{Band: *band, Figures: strings.Split(strings.ReplaceAll(*formats, " ", ""), ",")}
			if err := opt.Validate(); err != nil {
				return fmt.Errorf("report: %w", err)
			}
			return writeReport(stdout, args[0], *out, opt)
		}
	},
}

// writeReport renders the report of src into dir (src's folder if empty),
// then names its RESULTS.md and prints the warnings that travel with the
// results: a selected rate at the edge of the grid, and what the records
// carry (the harness's tuning warnings among them).
func writeReport(stdout io.Writer, src, dir string, opt reports.Options) error {
	if dir == "" {
		_, dir = record.Locate(src)
	}
	files, err := reports.Write(src, dir, opt)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(stdout, "report: wrote %d files in %s; see %s\n", len(files), dir, filepath.Join(dir, reports.ResultsFile))
	warnings, err := resultWarnings(src)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for _, w := range warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	return nil
}

// resultWarnings are the warnings of the results at src, per problem ×
// optimizer in the report's order, as RESULTS.md lists them: the selected
// rate at the edge of the grid, and the records' own warnings.
func resultWarnings(src string) ([]string, error) {
	a, _, err := reports.Read(src)
	if err != nil || a == nil {
		return nil, err
	}
	var out []string
	for _, p := range a.Problems {
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				continue
			}
			edgeSaid := false
			for _, w := range c.Warnings {
				edgeSaid = edgeSaid || strings.Contains(w, "edge of the grid")
				out = append(out, fmt.Sprintf("%s / %s: %s", p, o, w))
			}
			if c.Edge && !edgeSaid {
				out = append(out, fmt.Sprintf("%s / %s: the selected rate %g is at the edge of the grid [%g, %g]: widen the grid",
					p, o, c.Group.LR, c.Rates[0], c.Rates[len(c.Rates)-1]))
			}
		}
	}
	return out, nil
}
