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
	w, err := report(stdout, src, dir, opt)
	if err == nil {
		printWarnings(stdout, w)
	}
	return err
}

// report is writeReport without the warnings, returning what was written.
func report(stdout io.Writer, src, dir string, opt reports.Options) (*reports.Written, error) {
	if dir == "" {
		_, dir = record.Locate(src)
	}
	w, err := reports.Write(src, dir, opt)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(stdout, "report: wrote %d files in %s; see %s\n", len(w.Files), dir, filepath.Join(dir, reports.ResultsFile))
	return w, nil
}

// printWarnings prints the warnings that travel with the results.
func printWarnings(stdout io.Writer, w *reports.Written) {
	for _, warning := range w.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", warning)
	}
}
