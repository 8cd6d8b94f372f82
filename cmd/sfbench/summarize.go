package main

import (
	"fmt"
	"io"

	"github.com/sfbench/sfbench/reports"
)

func runSummarize(stdout, stderr io.Writer, args []string) error {
	fs := newFlags("summarize", "-o RESULTS.md DIR...", stderr)
	out := fs.String("o", "RESULTS.md", "write the summary to `FILE`")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("summarize: want at least one results folder")
	}
	if err := reports.WriteSummary(*out, fs.Args()); err != nil {
		return fmt.Errorf("summarize: %w", err)
	}
	fmt.Fprintf(stdout, "summarize: wrote %s from %d folders\n", *out, fs.NArg())
	return nil
}
