package harness

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sfbench/sfbench/record"
)

// Merge combines the results files of shard folders (or results files)
// into dir and returns how many records dir then holds. The records are
// checked together as every reader checks them (record.Set): one suite
// and one sfbench version, a cell in several places only with the same
// result (timing and environment aside), then kept once. Any error names
// the file and line and leaves dir as it was. Records already in dir are
// kept and checked the same way. A shard without records is fine (a shard
// can be empty), shards holding none at all are an error. Every record's
// fields are validated (record.Validate) with its file and line.
//
// The shard folders are locked shared while they are read (a shard that a
// run is still filling is refused), and dir is locked for the merge like a
// run's folder: a merge into a folder in use by a run, another merge or a
// report fails at once. The new results file is written beside the old
// one and renamed over it. The records are checked, then copied line by
// line, never all held in memory.
func Merge(dir string, shards []string) (int, error) {
	// The shards first: bad input must not create dir. Inputs inside dir
	// (its results file, or another file there) are read under dir's lock,
	// after its own records.
	out := filepath.Join(dir, record.FileName)
	set := record.Set{Discard: true}
	read, inPlace := 0, false
	var inside []string
	for _, d := range shards {
		file, folder := record.Locate(d)
		if _, err := os.Stat(file); err != nil {
			return 0, err
		}
		if record.SamePath(folder, dir) {
			inPlace = true
			if !record.SamePath(file, out) {
				inside = append(inside, d)
			}
			continue
		}
		release, err := record.ShareDir(folder)
		if err != nil {
			return 0, err
		}
		defer release() // held until the lines are copied
		info, err := set.Load(d)
		if err != nil {
			return 0, err
		}
		read += info.Records
	}
	if read == 0 && !inPlace {
		return 0, fmt.Errorf("no result records in %d shard %s: nothing to merge", len(shards), plural(len(shards), "folder"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return 0, err
	}
	defer unlock()
	if _, err := record.CheckEntry(out, false); err != nil {
		return 0, err
	}
	info, err := set.Load(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	for _, d := range inside {
		more, err := set.Load(d)
		if err != nil {
			return 0, err
		}
		read += more.Records
	}
	if read+info.Records == 0 {
		return 0, fmt.Errorf("no result records in %d shard %s: nothing to merge", len(shards), plural(len(shards), "folder"))
	}
	if err := record.WriteAtomic(out, set.Copy); err != nil {
		return 0, err
	}
	return set.Cells(), nil
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}
