package data

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	cases := []struct {
		name    string
		content string
		opt     CSVOptions
		d       int
		x, y    []float64
		classes int
		names   []string
	}{
		{"label last", "1,2,0\n3,4,1\n", CSVOptions{}, 2, []float64{1, 2, 3, 4}, []float64{0, 1}, 2, nil},
		{"label first", "9,1,2\n7,3,4\n", CSVOptions{Label: LabelFirst}, 2, []float64{1, 2, 3, 4}, []float64{1, 0}, 2, nil},
		{"no label", "1,2\n3,4\n", CSVOptions{Label: LabelNone}, 2, []float64{1, 2, 3, 4}, nil, 0, nil},
		{"regression", "1,2.5\n3,-4\n", CSVOptions{Regression: true}, 1, []float64{1, 3}, []float64{2.5, -4}, 0, nil},
		{"blanks around fields, CRLF, blank line", " 1 , 2 ,0\r\n\r\n3,4, 1 \r\n", CSVOptions{}, 2, []float64{1, 2, 3, 4}, []float64{0, 1}, 2, nil},
		{"semicolon", "1;2;0\n", CSVOptions{Sep: ';'}, 2, []float64{1, 2}, []float64{0}, 1, nil},
		{"whitespace runs", "  1 2\t 0\n3\t4 1  \n", CSVOptions{Sep: ' '}, 2, []float64{1, 2, 3, 4}, []float64{0, 1}, 2, nil},
		{"skip header", "a,b,label\n1,2,0\n", CSVOptions{SkipLines: 1}, 2, []float64{1, 2}, []float64{0}, 1, nil},
		{"sklearn header", "2,2,neg,pos\n1,2,0\n3,4,1\n", CSVOptions{SklearnHeader: true}, 2, []float64{1, 2, 3, 4}, []float64{0, 1}, 2, []string{"neg", "pos"}},
		{"sklearn header without names", "2,1\n1,0\n3,1\n", CSVOptions{SklearnHeader: true}, 1, []float64{1, 3}, []float64{0, 1}, 2, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := ReadCSV(writeFile(t, "t.csv", []byte(c.content)), c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if err := ds.Check(); err != nil {
				t.Fatal(err)
			}
			if ds.D != c.d || !equalFloats(ds.X, c.x) || !equalFloats(ds.Y, c.y) || ds.Classes != c.classes ||
				strings.Join(ds.ClassNames, ",") != strings.Join(c.names, ",") {
				t.Errorf("got D=%d X=%v Y=%v classes=%d names=%v", ds.D, ds.X, ds.Y, ds.Classes, ds.ClassNames)
			}
		})
	}
}

func TestReadCSVTargetFile(t *testing.T) {
	dir := t.TempDir()
	data, target := filepath.Join(dir, "d.txt"), filepath.Join(dir, "y.txt")
	writeTo(t, data, "1 2\n3 4\n5 6\n")
	writeTo(t, target, "1.5e+02\n7.5e+01\n2\n")
	ds, err := ReadCSV(data, CSVOptions{Sep: ' ', Label: LabelNone, TargetFile: target, Regression: true})
	if err != nil {
		t.Fatal(err)
	}
	if !equalFloats(ds.Y, []float64{150, 75, 2}) || ds.D != 2 || ds.N != 3 || ds.Classes != 0 {
		t.Errorf("got %+v", ds)
	}
	writeTo(t, target, "1\n2\n")
	_, err = ReadCSV(data, CSVOptions{Sep: ' ', Label: LabelNone, TargetFile: target, Regression: true})
	if err == nil || !strings.HasPrefix(err.Error(), target+":2: dimension mismatch: 2 targets") {
		t.Errorf("got %v, want a dimension mismatch at %s:2", err, target)
	}
	writeTo(t, target, "1 2\n2 3\n3 4\n")
	_, err = ReadCSV(data, CSVOptions{Sep: ' ', Label: LabelNone, TargetFile: target, Regression: true})
	if err == nil || !strings.HasPrefix(err.Error(), target+":1: target file has 2 fields") {
		t.Errorf("got %v", err)
	}
}

// TestShippedCSVContent checks the first rows of the scikit-learn files
// against `zcat | head`.
func TestShippedCSVContent(t *testing.T) {
	digits, _, err := Load(dataDir, "digits")
	if err != nil {
		t.Fatal(err)
	}
	first := []float64{0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0}
	if !equalFloats(digits.Row(0)[:16], first) || digits.Y[0] != 0 || digits.Y[1] != 1 || digits.Y[3] != 3 {
		t.Errorf("digits row 0 = %v, Y[:4] = %v", digits.Row(0)[:16], digits.Y[:4])
	}
	for _, v := range digits.X {
		if v < 0 || v > 16 || v != float64(int(v)) {
			t.Fatalf("digits pixel %v outside integers 0..16", v)
		}
	}
	wine, _, err := Load(dataDir, "wine-raw")
	if err != nil {
		t.Fatal(err)
	}
	if wine.Row(0)[0] != 14.23 || wine.Row(0)[12] != 1065 || strings.Join(wine.ClassNames, ",") != "class_0,class_1,class_2" {
		t.Errorf("wine row 0 = %v, names %v", wine.Row(0), wine.ClassNames)
	}
	diab, _, err := Load(dataDir, "diabetes")
	if err != nil {
		t.Fatal(err)
	}
	if !equalFloats(diab.Row(0), []float64{59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87}) || diab.Y[0] != 151 || diab.Y[1] != 75 {
		t.Errorf("diabetes row 0 = %v, Y[:2] = %v", diab.Row(0), diab.Y[:2])
	}
}
