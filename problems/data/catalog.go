package data

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	shipped "github.com/sfbench/sfbench/data"
)

// Spec describes one data set shipped in the repository's data/ directory.
type Spec struct {
	Name  string // name accepted by Load
	Train string // file name in the data directory
	Test  string // file name of the test split, "" if none
	// Exactly one of LIBSVM and CSV is set.
	LIBSVM *LIBSVMOptions
	CSV    *CSVOptions
}

// Shipped lists the data sets in data/, in a fixed order.
var Shipped = []Spec{
	{Name: "dna", Train: "dna.libsvm.gz", Test: "dna.t.libsvm.gz", LIBSVM: &LIBSVMOptions{}},
	{Name: "glass", Train: "glass.libsvm.gz", LIBSVM: &LIBSVMOptions{}},
	{Name: "iris", Train: "iris.libsvm.gz", LIBSVM: &LIBSVMOptions{}},
	{Name: "letter", Train: "letter.libsvm.gz", Test: "letter.t.libsvm.gz", LIBSVM: &LIBSVMOptions{}},
	{Name: "vehicle", Train: "vehicle.libsvm.gz", LIBSVM: &LIBSVMOptions{}},
	{Name: "vowel", Train: "vowel.libsvm.gz", Test: "vowel.t.libsvm.gz", LIBSVM: &LIBSVMOptions{}},
	{Name: "wine", Train: "wine.libsvm.gz", LIBSVM: &LIBSVMOptions{}},
	{Name: "digits", Train: "digits.csv.gz", CSV: &CSVOptions{}},
	{Name: "wine-raw", Train: "wine_data.csv.gz", CSV: &CSVOptions{SklearnHeader: true}},
	{Name: "diabetes", Train: "diabetes_data_raw.csv.gz",
		CSV: &CSVOptions{Sep: ' ', Label: LabelNone, TargetFile: "diabetes_target.csv.gz", Regression: true}},
}

// AustenFile is the file name of the Jane Austen text corpus in data/.
const AustenFile = "austen.txt.gz"

// Load reads the shipped data set called name from dir (see FindDir).
// test is nil when the data set has no test split; a train/test pair shares
// one dimension and label mapping (ReadLIBSVMPair).
func Load(dir, name string) (train, test *Dataset, err error) {
	i := slices.IndexFunc(Shipped, func(s Spec) bool { return s.Name == name })
	if i < 0 {
		return nil, nil, fmt.Errorf("data: unknown data set %q", name)
	}
	s := Shipped[i]
	p := filepath.Join(dir, s.Train)
	switch {
	case s.LIBSVM != nil && s.Test != "":
		train, test, err = ReadLIBSVMPair(p, filepath.Join(dir, s.Test), *s.LIBSVM)
	case s.LIBSVM != nil:
		train, err = ReadLIBSVM(p, *s.LIBSVM)
	default:
		opt := *s.CSV
		if opt.TargetFile != "" {
			opt.TargetFile = filepath.Join(dir, opt.TargetFile)
		}
		train, err = ReadCSV(p, opt)
	}
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// FindDir locates the data directory: $SFBENCH_DATA if set, otherwise the
// first directory named "data" containing AustenFile found by walking up
// from the working directory (so tests of any package find <repo>/data),
// and otherwise a copy of the data sets embedded in the binary (package
// github.com/sfbench/sfbench/data), written once into the user's cache
// directory (EmbeddedDir), so an installed binary runs from anywhere.
func FindDir() (string, error) {
	if d := os.Getenv("SFBENCH_DATA"); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return EmbeddedDir()
	}
	for d := wd; ; {
		cand := filepath.Join(d, "data")
		if _, err := os.Stat(filepath.Join(cand, AustenFile)); err == nil {
			return cand, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return EmbeddedDir()
		}
		d = parent
	}
}

// EmbeddedDir returns a folder holding the embedded data sets: the user's
// cache directory (or the temporary directory) gets one folder per version
// of the files, named by their digest, written once; every file is written
// to a temporary name and renamed, so processes that start at once agree
// and a killed one leaves no partial file under its real name.
func EmbeddedDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "sfbench", "data-"+shipped.Digest)
	if err := Export(dir); err != nil {
		return "", fmt.Errorf("data: the embedded data sets: %w (set SFBENCH_DATA to a folder of them)", err)
	}
	return dir, nil
}

// Export writes the embedded data sets (and their README) into dir,
// creating it; a file already there with the same contents is kept.
func Export(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	fsys := shipped.Files()
	names, err := fs.Glob(fsys, "*")
	if err != nil {
		return err
	}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, n)
		if st, err := os.Lstat(path); err == nil && st.Mode().IsRegular() && st.Size() == int64(len(b)) {
			if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
				continue
			}
		}
		tmp, err := os.CreateTemp(dir, n+".tmp*")
		if err != nil {
			return err
		}
		_, err = tmp.Write(b)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}
