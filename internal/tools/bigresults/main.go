// Command bigresults writes a large results file for memory checks of the
// readers (make mem-check): it repeats the records of a results file,
// giving each copy a new cell id and seed, until it has written -n
// records. The copies are valid records of the source's suite, so report,
// compare and merge read them as they would a real sweep's.
//
//	bigresults -n 200000 -o /tmp/big/results.jsonl results/paper-convex
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/sfbench/sfbench/record"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bigresults:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("bigresults", flag.ContinueOnError)
	n := fs.Int("n", 200000, "records to write")
	out := fs.String("o", "", "output results `FILE`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *out == "" {
		return fmt.Errorf("usage: bigresults [-n N] -o FILE RESULTS")
	}
	var set record.Set
	if _, err := set.Load(fs.Arg(0)); err != nil {
		return err
	}
	src := set.Records
	if len(src) == 0 {
		return fmt.Errorf("%s: no records", fs.Arg(0))
	}
	maxSeed := 0
	for _, r := range src {
		maxSeed = max(maxSeed, r.Seed)
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for i := 0; i < *n; i++ {
		r := src[i%len(src)]
		copyNo := i / len(src)
		r.ID = fmt.Sprintf("%s-%d", r.ID, copyNo)
		r.Seed += copyNo * (maxSeed + 1)
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
