// Command slurmtest compares two results files record by record, timing
// and environment aside (record.Canonical): make test-slurm checks with it
// that the records merged from Slurm shards are those of a local run.
//
//	go run ./internal/tools/slurmtest WANT.jsonl GOT.jsonl
//
// It exits 0 when both hold the same cells with the same results, 1 when
// they differ (each difference named on stderr), 2 on bad input.
package main

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/sfbench/sfbench/record"
)

func main() { os.Exit(run(os.Stdout, os.Stderr, os.Args[1:])) }

func run(stdout, stderr io.Writer, args []string) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, "usage: slurmtest WANT.jsonl GOT.jsonl")
		return 2
	}
	want, err := canonical(args[0])
	if err != nil {
		fmt.Fprintln(stderr, "slurmtest:", err)
		return 2
	}
	got, err := canonical(args[1])
	if err != nil {
		fmt.Fprintln(stderr, "slurmtest:", err)
		return 2
	}
	diffs := compare(want, got)
	for _, d := range diffs {
		fmt.Fprintln(stderr, "slurmtest:", d)
	}
	if len(diffs) > 0 {
		return 1
	}
	fmt.Fprintf(stdout, "slurmtest: %d records equal (timing and environment aside)\n", len(want))
	return 0
}

// canonical maps each cell's id to its canonical record.
func canonical(path string) (map[string]string, error) {
	recs, _, err := record.Read(path)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: no records", path)
	}
	m := make(map[string]string, len(recs))
	for _, r := range recs {
		if _, dup := m[r.ID]; dup {
			return nil, fmt.Errorf("%s: cell %s recorded twice", path, r.ID)
		}
		m[r.ID] = record.Canonical(r)
	}
	return m, nil
}

// compare names every cell missing from either side or recorded with
// another result, in id order.
func compare(want, got map[string]string) []string {
	var diffs []string
	for _, id := range sortedKeys(want) {
		g, ok := got[id]
		switch {
		case !ok:
			diffs = append(diffs, "cell "+id+" missing")
		case g != want[id]:
			diffs = append(diffs, fmt.Sprintf("cell %s differs:\n  want %s\n  got  %s", id, want[id], g))
		}
	}
	for _, id := range sortedKeys(got) {
		if _, ok := want[id]; !ok {
			diffs = append(diffs, "cell "+id+" not in the local run")
		}
	}
	return diffs
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
