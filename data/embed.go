// Package data holds the data sets sfbench ships (see README.md here for
// their provenance), embedded so that a binary built anywhere runs the
// shipped suites from any directory: problems/data reads them from this
// folder in a checkout, from $SFBENCH_DATA, or else from a copy of these
// files it writes once into the user's cache (Files, Digest).
package data

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sort"
)

//go:embed *.gz README.md
var files embed.FS

// Files are the shipped data files (and README.md), at the root of the
// file system.
func Files() fs.FS { return files }

// Digest is a short hex digest of every embedded file's name and contents:
// a copy of the files in a folder named after it is a copy of these.
var Digest = func() string {
	h := sha256.New()
	names, _ := fs.Glob(files, "*")
	sort.Strings(names)
	for _, n := range names {
		b, _ := files.ReadFile(n)
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}()
