package data

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// dataDir is the repository's data directory, relative to this package.
var dataDir = filepath.Join("..", "..", "data")

// shippedWant holds the counts verified by loading the files (they agree
// with the provenance notes in data/README.md).
var shippedWant = []struct {
	name             string
	nTrain, nTest    int
	d, classes       int
	trainClassCounts []int // optional
}{
	{"dna", 2000, 1186, 180, 3, []int{464, 485, 1051}},
	{"glass", 214, 0, 9, 6, []int{70, 76, 17, 13, 9, 29}},
	{"iris", 150, 0, 4, 3, []int{50, 50, 50}},
	{"letter", 15000, 5000, 16, 26, []int{583, 593, 565, 589, 577, 581, 565, 556, 550, 564, 562, 556, 605, 585, 572, 596, 566, 550, 550, 612, 598, 596, 585, 601, 603, 540}},
	{"vehicle", 846, 0, 18, 4, []int{218, 212, 217, 199}},
	{"vowel", 528, 462, 9, 11, []int{48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48}},
	{"wine", 178, 0, 13, 3, []int{59, 71, 48}},
	{"digits", 1797, 0, 64, 10, []int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}},
	{"wine-raw", 178, 0, 13, 3, []int{59, 71, 48}},
	{"diabetes", 442, 0, 10, 0, nil},
}

func TestShippedDatasets(t *testing.T) {
	if len(shippedWant) != len(Shipped) {
		t.Fatalf("test table has %d entries, Shipped has %d", len(shippedWant), len(Shipped))
	}
	for _, w := range shippedWant {
		t.Run(w.name, func(t *testing.T) {
			train, test, err := Load(dataDir, w.name)
			if err != nil {
				t.Fatal(err)
			}
			check := func(ds *Dataset, n int) {
				t.Helper()
				if err := ds.Check(); err != nil {
					t.Error(err)
				}
				if ds.N != n || ds.D != w.d || ds.Classes != w.classes {
					t.Errorf("%s: got N=%d D=%d classes=%d, want %d %d %d", ds.Name, ds.N, ds.D, ds.Classes, n, w.d, w.classes)
				}
			}
			check(train, w.nTrain)
			if w.nTest == 0 {
				if test != nil {
					t.Errorf("unexpected test split with %d rows", test.N)
				}
			} else {
				if test == nil {
					t.Fatal("missing test split")
				}
				check(test, w.nTest)
				if &test.Labels[0] != &train.Labels[0] && !equalFloats(test.Labels, train.Labels) {
					t.Errorf("train and test label mappings differ: %v vs %v", train.Labels, test.Labels)
				}
			}
			if w.trainClassCounts != nil {
				got := train.ClassCounts()
				if !equalInts(got, w.trainClassCounts) {
					t.Errorf("class counts %v, want %v", got, w.trainClassCounts)
				}
			}
			// Every class must occur in the training split.
			for k, c := range train.ClassCounts() {
				if c == 0 {
					t.Errorf("class %d (label %v) absent from training split", k, train.Labels[k])
				}
			}
		})
	}
}

// TestShippedLIBSVMScaling checks the documented svm-scale convention: the
// training splits of the LIBSVM files lie in [-1, 1] (dna in {0, 1}), and
// every feature reaches both ends.
func TestShippedLIBSVMScaling(t *testing.T) {
	for _, s := range Shipped {
		if s.LIBSVM == nil {
			continue
		}
		train, _, err := Load(dataDir, s.Name)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := -1.0, 1.0
		if s.Name == "dna" {
			lo = 0
		}
		for j := range train.D {
			mn, mx := math.Inf(1), math.Inf(-1)
			for i := range train.N {
				v := train.X[i*train.D+j]
				mn, mx = min(mn, v), max(mx, v)
			}
			if mn != lo || mx != hi {
				t.Errorf("%s feature %d: range [%v, %v], want [%v, %v]", s.Name, j+1, mn, mx, lo, hi)
			}
		}
	}
}

// TestWineLIBSVMMatchesRaw checks that wine.libsvm is wine_data.csv scaled
// to [-1, 1] per feature (the README's provenance claim), to 1e-7.
func TestWineLIBSVMMatchesRaw(t *testing.T) {
	scaled, _, err := Load(dataDir, "wine")
	if err != nil {
		t.Fatal(err)
	}
	raw, _, err := Load(dataDir, "wine-raw")
	if err != nil {
		t.Fatal(err)
	}
	if scaled.N != raw.N || scaled.D != raw.D {
		t.Fatalf("shapes differ: %dx%d vs %dx%d", scaled.N, scaled.D, raw.N, raw.D)
	}
	for j := range raw.D {
		mn, mx := math.Inf(1), math.Inf(-1)
		for i := range raw.N {
			mn, mx = min(mn, raw.X[i*raw.D+j]), max(mx, raw.X[i*raw.D+j])
		}
		for i := range raw.N {
			want := -1 + 2*(raw.X[i*raw.D+j]-mn)/(mx-mn)
			if got := scaled.X[i*raw.D+j]; math.Abs(got-want) > 1e-7 {
				t.Fatalf("row %d feature %d: libsvm %v, scaled raw %v", i, j+1, got, want)
			}
		}
	}
	for i := range raw.N {
		if raw.Y[i] != scaled.Y[i] {
			t.Fatalf("row %d: class %v vs %v", i, raw.Y[i], scaled.Y[i])
		}
	}
}

func TestShippedAusten(t *testing.T) {
	text, err := ReadText(filepath.Join(dataDir, AustenFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(text) != 4025033 {
		t.Errorf("austen: %d bytes, want 4025033", len(text))
	}
	bv := NewByteVocab(text)
	rv, err := NewRuneVocab(text)
	if err != nil {
		t.Fatal(err)
	}
	// The corpus is ASCII except for one "£" (UTF-8 c2 a3).
	if bv.Size() != 82 || rv.Size() != 81 {
		t.Errorf("austen vocab sizes: bytes %d, runes %d; want 82, 81", bv.Size(), rv.Size())
	}
	ids, err := rv.Encode(text)
	if err != nil {
		t.Fatal(err)
	}
	back, err := rv.Decode(ids)
	if err != nil {
		t.Fatal(err)
	}
	if string(back) != string(text) {
		t.Error("rune vocab round trip changed the text")
	}
}

// TestREADMETable checks the table in data/README.md against the files:
// every row "| name | train | test | features | classes |" must agree with
// what the loaders return, and every shipped data set must have a row.
func TestREADMETable(t *testing.T) {
	f, err := os.Open(filepath.Join(dataDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(strings.Trim(strings.TrimSpace(sc.Text()), "|"), "|")
		if len(cells) < 5 {
			continue
		}
		for i := range cells {
			cells[i] = strings.Trim(strings.TrimSpace(cells[i]), "`")
		}
		name := cells[0]
		found := false
		for _, s := range Shipped {
			found = found || s.Name == name
		}
		if !found {
			continue
		}
		seen[name] = true
		num := func(s string) int {
			if s == "-" || s == "regression" {
				return 0
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				t.Errorf("README row %s: cell %q is not a number", name, s)
			}
			return n
		}
		train, test, err := Load(dataDir, name)
		if err != nil {
			t.Fatal(err)
		}
		nTest := 0
		if test != nil {
			nTest = test.N
		}
		got := [4]int{train.N, nTest, train.D, train.Classes}
		want := [4]int{num(cells[1]), num(cells[2]), num(cells[3]), num(cells[4])}
		if got != want {
			t.Errorf("README row %s says train/test/features/classes %v, files give %v", name, want, got)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, s := range Shipped {
		if !seen[s.Name] {
			t.Errorf("README table has no row for %s", s.Name)
		}
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFindDirAndLoad(t *testing.T) {
	t.Setenv("SFBENCH_DATA", "")
	dir, err := FindDir()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.Abs(dataDir)
	if dir != want {
		t.Errorf("FindDir = %s, want %s", dir, want)
	}
	t.Setenv("SFBENCH_DATA", "/elsewhere")
	if dir, _ := FindDir(); dir != "/elsewhere" {
		t.Errorf("FindDir ignores SFBENCH_DATA: %s", dir)
	}
	if _, _, err := Load(dataDir, "no-such-set"); err == nil {
		t.Error("Load accepted an unknown name")
	}
	if _, _, err := Load(t.TempDir(), "iris"); err == nil || !strings.Contains(err.Error(), "iris.libsvm.gz") {
		t.Errorf("Load from an empty directory: %v", err)
	}
}
