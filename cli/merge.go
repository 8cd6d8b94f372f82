package cli

import (
	"fmt"
	"io"

	"github.com/sfbench/sfbench/harness"
)

func runMerge(stdout, stderr io.Writer, args []string) error {
	fs := newFlags("merge", "-o DIR SHARD_DIR...", stderr)
	out := fs.String("o", "", "output `DIR` for the merged results.jsonl")
	if err := fs.parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() == 0 {
		return fmt.Errorf("merge: want -o DIR and at least one shard folder")
	}
	n, err := harness.Merge(*out, fs.Args())
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	fmt.Fprintf(stdout, "merged %d records from %d folders into %s\n", n, fs.NArg(), *out)
	return nil
}
