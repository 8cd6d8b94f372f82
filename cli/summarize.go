package cli

import (
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports/paper"
)

var summarizeCmd = command{
	name: "summarize", summary: "the paper's claims checklist and tables over several result folders, as one RESULTS.md",
	args: "DIR...", want: "at least one results folder", min: 1, max: -1,
	flags: func(fs *flag.FlagSet) action {
		out := fs.String("o", "RESULTS.md", "write the summary to `FILE`")
		elapsed := fs.Float64("elapsed", 0, "the runs took `SECONDS` of wall time (stated in the summary; 0: not stated)")
		return func(stdout, _ io.Writer, args []string) error { return runSummarize(stdout, *out, *elapsed, args) }
	},
}

func runSummarize(stdout io.Writer, out string, elapsed float64, dirs []string) error {
	if !(elapsed >= 0) || math.IsInf(elapsed, 0) {
		return fmt.Errorf("summarize: -elapsed must be a finite number of seconds >= 0, got %v", elapsed)
	}
	// The summary's folder is locked like any output folder: two
	// summaries (or a report) writing there at once would race on the
	// temporary file.
	unlock, err := record.LockDir(filepath.Dir(out))
	if err != nil {
		return fmt.Errorf("summarize: %w", err)
	}
	defer unlock()
	if err := paper.WriteSummary(out, dirs, elapsed); err != nil {
		return fmt.Errorf("summarize: %w", err)
	}
	fmt.Fprintf(stdout, "summarize: wrote %s and %s from %d folders\n", out, paper.HTMLPath(out), len(dirs))
	return nil
}
