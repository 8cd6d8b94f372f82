package cli

import (
	"fmt"
	"io"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports"
)

func runReport(stdout, stderr io.Writer, args []string) error {
	fs := newFlags("report", "[-o OUTDIR] DIR | RESULTS.jsonl", stderr)
	out := fs.String("o", "", "write the report into `OUTDIR` (default: the results folder)")
	band := fs.String("band", reports.BandSE, "band around the mean in figures: `se` (±1 standard error) or minmax")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("report: want one results folder or file, got %d", fs.NArg())
	}
	return writeReport(stdout, fs.Arg(0), *out, reports.Options{Band: *band})
}

// writeReport renders the report of src into dir (src's folder if empty).
func writeReport(stdout io.Writer, src, dir string, opt reports.Options) error {
	if dir == "" {
		_, dir = record.Locate(src)
	}
	files, err := reports.Write(src, dir, opt)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(stdout, "report: wrote %d files in %s\n", len(files), dir)
	return nil
}
