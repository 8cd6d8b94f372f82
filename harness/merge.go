package harness

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/sfbench/sfbench/harness/record"
)

// Merge combines the results files of shard folders into dir. A cell that
// appears in several shards must have the same result in each (timing and
// environment aside); otherwise Merge fails and writes nothing. Records
// already in dir are kept and checked the same way.
func Merge(dir string, shards []string) (int, error) {
	var all []record.Record
	seen := map[string]string{} // id -> where first seen
	byID := map[string]record.Record{}
	add := func(where string, recs []record.Record) error {
		for _, r := range recs {
			if prev, ok := byID[r.ID]; ok {
				if !sameResult(prev, r) {
					return fmt.Errorf("cell %s (%s/%s lr=%g seed=%d) differs between %s and %s",
						r.ID, r.Problem, r.Optimizer, r.LR, r.Seed, seen[r.ID], where)
				}
				continue
			}
			if len(all) > 0 && r.Suite != all[0].Suite {
				return fmt.Errorf("%s holds suite %q, %s holds %q: results of different suites do not merge",
					where, r.Suite, seen[all[0].ID], all[0].Suite)
			}
			if len(all) > 0 && r.Environment.Sfbench != all[0].Environment.Sfbench {
				return fmt.Errorf("%s holds results of sfbench %s, %s of sfbench %s: results of different versions do not merge",
					where, r.Environment.Sfbench, seen[all[0].ID], all[0].Environment.Sfbench)
			}
			byID[r.ID], seen[r.ID] = r, where
			all = append(all, r)
		}
		return nil
	}
	out := filepath.Join(dir, record.FileName)
	existing, _, err := record.Read(out)
	if err != nil && !os.IsNotExist(err) {
		return 0, err
	}
	if err := add(out, existing); err != nil {
		return 0, err
	}
	for _, d := range shards {
		path := filepath.Join(d, record.FileName)
		recs, _, err := record.Read(path)
		if err != nil {
			return 0, err
		}
		if err := add(path, recs); err != nil {
			return 0, err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	// Write a complete new file, then rename it over the old one.
	tmp := out + ".tmp"
	w, err := record.Append(tmp, 0)
	if err != nil {
		return 0, err
	}
	for i := range all {
		if err := w.Append(&all[i]); err != nil {
			w.Close()
			os.Remove(tmp)
			return 0, err
		}
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	return len(all), os.Rename(tmp, out)
}

// sameResult compares two records of one cell, ignoring timing and
// environment.
func sameResult(a, b record.Record) bool { return record.Canonical(a) == record.Canonical(b) }
