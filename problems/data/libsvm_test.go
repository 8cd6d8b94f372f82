package data

import (
	"math"
	"path/filepath"
	"testing"
)

func TestReadLIBSVM(t *testing.T) {
	cases := []struct {
		name    string
		content string
		opt     LIBSVMOptions
		d       int
		x       []float64
		y       []float64
		labels  []float64
	}{
		{"basic", "1 1:0.5 3:2\n2 2:-1\n", LIBSVMOptions{}, 3,
			[]float64{0.5, 0, 2, 0, -1, 0}, []float64{0, 1}, []float64{1, 2}},
		{"labels sorted, not first-seen", "+1 1:1\n-1 1:2\n0 1:3\n+1 1:4\n", LIBSVMOptions{}, 1,
			[]float64{1, 2, 3, 4}, []float64{2, 0, 1, 2}, []float64{-1, 0, 1}},
		{"CRLF, tabs, comments, blank lines, explicit zeros", "# header\r\n\r\n2\t1:1  2:0\r\n1 2:3 # c\r\n   \r\n", LIBSVMOptions{}, 2,
			[]float64{1, 0, 0, 3}, []float64{1, 0}, []float64{1, 2}},
		{"no final newline", "3 2:1.5e-3", LIBSVMOptions{}, 2,
			[]float64{0, 1.5e-3}, []float64{0}, []float64{3}},
		{"row without features", "1\n2 2:1\n", LIBSVMOptions{}, 2,
			[]float64{0, 0, 0, 1}, []float64{0, 1}, []float64{1, 2}},
		{"given Dim pads", "1 1:1\n", LIBSVMOptions{Dim: 3}, 3,
			[]float64{1, 0, 0}, []float64{0}, []float64{1}},
		{"given Labels", "5 1:1\n", LIBSVMOptions{Labels: []float64{1, 5, 9}}, 1,
			[]float64{1}, []float64{1}, []float64{1, 5, 9}},
		{"regression", "-0.5 1:1\n2.25 1:2\n", LIBSVMOptions{Regression: true}, 1,
			[]float64{1, 2}, []float64{-0.5, 2.25}, nil},
		{"negative zero label", "-0 1:1\n0 1:2\n", LIBSVMOptions{}, 1,
			[]float64{1, 2}, []float64{0, 0}, []float64{0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, "f.libsvm", []byte(c.content))
			ds, err := ReadLIBSVM(p, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if err := ds.Check(); err != nil {
				t.Fatal(err)
			}
			if ds.D != c.d || ds.N != len(c.y) || !equalFloats(ds.X, c.x) || !equalFloats(ds.Y, c.y) || !equalFloats(ds.Labels, c.labels) {
				t.Errorf("got D=%d X=%v Y=%v Labels=%v\nwant D=%d X=%v Y=%v Labels=%v", ds.D, ds.X, ds.Y, ds.Labels, c.d, c.x, c.y, c.labels)
			}
			if c.labels != nil && ds.Classes != len(c.labels) {
				t.Errorf("Classes=%d, want %d", ds.Classes, len(c.labels))
			}
			for _, l := range ds.Labels {
				if l == 0 && math.Signbit(l) {
					t.Errorf("label -0 kept its sign")
				}
			}
			if ds.Name != "f" {
				t.Errorf("Name=%q, want f", ds.Name)
			}
		})
	}
}

// TestReadLIBSVMGzipDetection: a gzip file is recognized by its name or by
// its magic bytes.
func TestReadLIBSVMGzipDetection(t *testing.T) {
	content := []byte("2 1:1\n1 2:1\n")
	for _, name := range []string{"a.libsvm", "a.libsvm.gz", "a.gz"} {
		for _, gz := range []bool{false, true} {
			if !gz && filepath.Ext(name) == ".gz" {
				continue
			}
			b := content
			if gz {
				b = gzipBytes(t, content)
			}
			ds, err := ReadLIBSVM(writeFile(t, name, b), LIBSVMOptions{})
			if err != nil {
				t.Fatalf("%s gz=%v: %v", name, gz, err)
			}
			if ds.N != 2 || ds.D != 2 || !equalFloats(ds.Y, []float64{1, 0}) {
				t.Errorf("%s gz=%v: got %+v", name, gz, ds)
			}
		}
	}
}

// TestReadLIBSVMPair: the test file lacks a class and the last feature, and
// has a class the training file lacks; the pair must still agree.
func TestReadLIBSVMPair(t *testing.T) {
	dir := t.TempDir()
	train := filepath.Join(dir, "p.libsvm")
	test := filepath.Join(dir, "p.t.libsvm")
	writeTo(t, train, "1 1:1 4:1\n3 2:1\n")
	writeTo(t, test, "3 1:2\n5 2:2\n")

	tr, te, err := ReadLIBSVMPair(train, test, LIBSVMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tr.D != 4 || te.D != 4 {
		t.Errorf("dimensions %d, %d, want 4, 4", tr.D, te.D)
	}
	want := []float64{1, 3, 5}
	if !equalFloats(tr.Labels, want) || !equalFloats(te.Labels, want) || tr.Classes != 3 || te.Classes != 3 {
		t.Errorf("labels %v / %v, want %v in both", tr.Labels, te.Labels, want)
	}
	if !equalFloats(tr.Y, []float64{0, 1}) || !equalFloats(te.Y, []float64{1, 2}) {
		t.Errorf("Y %v / %v", tr.Y, te.Y)
	}
	if te.Name != "p.t" {
		t.Errorf("test name %q", te.Name)
	}
	// Loading separately gives inconsistent shapes, which is why Pair exists.
	alone, err := ReadLIBSVM(test, LIBSVMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if alone.D != 2 || alone.Classes != 2 {
		t.Errorf("alone: D=%d classes=%d, want 2, 2", alone.D, alone.Classes)
	}
	// Reusing the training mapping reproduces the pair's test set.
	again, err := ReadLIBSVM(test, LIBSVMOptions{Dim: tr.D, Labels: tr.Labels})
	if err != nil {
		t.Fatal(err)
	}
	if !equalFloats(again.X, te.X) || !equalFloats(again.Y, te.Y) {
		t.Errorf("reloaded test differs: %v %v vs %v %v", again.X, again.Y, te.X, te.Y)
	}
	// An error in the second file names the second file.
	writeTo(t, test, "3 1:2\n5 0:2\n")
	if _, _, err := ReadLIBSVMPair(train, test, LIBSVMOptions{}); err == nil || err.Error()[:len(test)+3] != test+":2:" {
		t.Errorf("pair error %v does not name %s:2", err, test)
	}
}

func TestDatasetHelpers(t *testing.T) {
	ds := &Dataset{Name: "h", N: 3, D: 2, X: []float64{1, 2, 3, 4, 5, 6}, Y: []float64{0, 1, 1}, Classes: 2, Labels: []float64{-1, 1}}
	if r := ds.Row(1); !equalFloats(r, []float64{3, 4}) || cap(r) != 2 {
		t.Errorf("Row(1) = %v cap %d", r, cap(r))
	}
	sub := ds.Subset([]int{2, 0})
	if !equalFloats(sub.X, []float64{5, 6, 1, 2}) || !equalFloats(sub.Y, []float64{1, 0}) || sub.N != 2 {
		t.Errorf("Subset = %+v", sub)
	}
	if c := ds.ClassCounts(); !equalInts(c, []int{1, 2}) {
		t.Errorf("ClassCounts = %v", c)
	}
	bad := *ds
	bad.Y = []float64{0, 2, 1}
	if bad.Check() == nil {
		t.Error("Check accepted class 2 of 2")
	}
	bad = *ds
	bad.X = []float64{1, 2, 3, math.NaN(), 5, 6}
	if bad.Check() == nil {
		t.Error("Check accepted NaN")
	}
	bad = *ds
	bad.N = 4
	if bad.Check() == nil {
		t.Error("Check accepted wrong N")
	}
}
