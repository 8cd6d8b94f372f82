package cli

import (
	"fmt"
	"io"
	"math"
	"path/filepath"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports"
)

func runSummarize(stdout, stderr io.Writer, args []string) error {
	fs := newFlags("summarize", "[-elapsed SECONDS] -o RESULTS.md DIR...", stderr)
	out := fs.String("o", "RESULTS.md", "write the summary to `FILE`")
	elapsed := fs.Float64("elapsed", 0, "the runs took `SECONDS` of wall time (stated in the summary; 0: not stated)")
	if err := fs.parse(args); err != nil {
		return err
	}
	if !(*elapsed >= 0) || math.IsInf(*elapsed, 0) {
		return fmt.Errorf("summarize: -elapsed must be a finite number of seconds >= 0, got %v", *elapsed)
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("summarize: want at least one results folder")
	}
	// The summary's folder is locked like any output folder: two
	// summaries (or a report) writing there at once would race on the
	// temporary file.
	unlock, err := record.LockDir(filepath.Dir(*out))
	if err != nil {
		return fmt.Errorf("summarize: %w", err)
	}
	defer unlock()
	if err := reports.WriteSummary(*out, fs.Args(), *elapsed); err != nil {
		return fmt.Errorf("summarize: %w", err)
	}
	fmt.Fprintf(stdout, "summarize: wrote %s from %d folders\n", *out, fs.NArg())
	return nil
}
