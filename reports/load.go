package reports

import (
	"os"
	"path/filepath"

	"github.com/sfbench/sfbench/harness/record"
)

// Load reads the records of a results folder (its results.jsonl) or of a
// results file, and returns them with the folder they belong to.
func Load(path string) (recs []record.Record, dir string, err error) {
	dir, file := path, filepath.Join(path, record.FileName)
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		dir, file = filepath.Dir(path), path
	}
	recs, _, err = record.Read(file)
	return recs, dir, err
}
