package reports

import (
	"github.com/sfbench/sfbench/record"
)

// Load reads the records of a results folder (its results.jsonl) or of a
// results file, and returns them with the folder they belong to. The
// records are checked as every reader checks them (record.Set): one suite
// and one sfbench version, valid fields, each cell once (an exact repeat
// is dropped, the same cell with another result refused); errors name the
// file and line.
func Load(path string) (recs []record.Record, dir string, err error) {
	var set record.Set
	info, err := set.Load(path)
	return set.Records, info.Dir, err
}
