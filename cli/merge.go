package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"

	"github.com/sfbench/sfbench/harness"
	"github.com/sfbench/sfbench/reports"
)

var mergeCmd = command{
	name: "merge", summary: "merge the results of shard runs into DIR and write its report, as run does",
	args: "SHARD_DIR...", want: "at least one shard folder (or results file)", min: 1, max: -1,
	required: []string{"o"},
	flags: func(fs *flag.FlagSet) action {
		out := fs.String("o", "", "output `DIR` for the merged results.jsonl and its report")
		return func(stdout, _ io.Writer, args []string) error { return runMerge(stdout, *out, args) }
	},
}

func runMerge(stdout io.Writer, out string, shards []string) error {
	if out == "" {
		return fmt.Errorf("merge: -o wants a folder, got an empty name")
	}
	n, err := harness.Merge(out, shards)
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	// The merged results are in place; its report follows under the
	// folder's lock again, which another writer may take in between: then
	// the merge is not repeated but its report is asked for, on one line.
	var b bytes.Buffer
	fmt.Fprintf(&b, "merged %d records from %d folders into %s\n", n, len(shards), out)
	if err := writeReport(&b, out, "", reports.Options{}); err != nil {
		return fmt.Errorf("merge: merged %d records into %s, but not its %w (sfbench report %s writes it)", n, out, err, out)
	}
	_, err = stdout.Write(b.Bytes())
	return err
}
