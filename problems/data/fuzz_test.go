package data

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// fuzzMaxElements keeps fuzzed dense matrices small.
const fuzzMaxElements = 1 << 16

// textErrorOK checks that a parse error of a text format is a *ParseError
// naming the file and a line.
func textErrorOK(t *testing.T, name string, err error) {
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %T %v is not a *ParseError", err, err)
	}
	if pe.Line < 1 || !strings.HasPrefix(err.Error(), name+":"+strconv.Itoa(pe.Line)+": ") {
		t.Fatalf("error %q does not name %s and a line", err, name)
	}
}

func FuzzLIBSVM(f *testing.F) {
	f.Add([]byte("1 1:0.5 3:-1\n-1 2:2\n"), uint8(0), false)
	f.Add([]byte("+1 1:1e-3\t2:-.5 # comment\r\n\r\n-1\n"), uint8(3), false)
	f.Add([]byte("2.5 10:1\n-7 1:2 10:3\n"), uint8(0), true)
	f.Add([]byte("1 1:1 1:1\n"), uint8(0), false)
	f.Add([]byte("1 0:1\n"), uint8(0), false)
	f.Add([]byte("nan 1:inf\n"), uint8(0), false)
	f.Add([]byte("1 2147483647:1\n"), uint8(0), false)
	f.Add([]byte("1 99999999999:1\n"), uint8(0), false)
	f.Add(gzipBytes(f, []byte("3 1:1\n1 2:1\n")), uint8(0), false)
	f.Add(gzipBytes(f, []byte("3 1:1\n1 2:1\n"))[:15], uint8(0), false)
	f.Fuzz(func(t *testing.T, raw []byte, dim uint8, regression bool) {
		const name = "fuzz.libsvm"
		opt := LIBSVMOptions{Dim: int(dim), Regression: regression, MaxElements: fuzzMaxElements}
		text, err := decodeBytes(name, raw)
		if err != nil {
			textErrorOK(t, name, err)
			return
		}
		ds, err := libsvmFromBytes(name, text, opt)
		if err != nil {
			textErrorOK(t, name, err)
			return
		}
		if err := ds.Check(); err != nil {
			t.Fatal(err)
		}
		if ds.N < 1 || (dim > 0 && ds.D != int(dim)) || (regression != (ds.Classes == 0)) {
			t.Fatalf("N=%d D=%d classes=%d for dim=%d regression=%v", ds.N, ds.D, ds.Classes, dim, regression)
		}
		// Round trip: writing the dataset back and re-reading it must give
		// the same numbers.
		var sb strings.Builder
		for i := range ds.N {
			y := ds.Y[i]
			if !regression {
				y = ds.Labels[int(y)]
			}
			sb.WriteString(strconv.FormatFloat(y, 'g', -1, 64))
			for j, v := range ds.Row(i) {
				if v != 0 {
					fmt.Fprintf(&sb, " %d:%s", j+1, strconv.FormatFloat(v, 'g', -1, 64))
				}
			}
			sb.WriteByte('\n')
		}
		again, err := libsvmFromBytes(name, []byte(sb.String()), LIBSVMOptions{Dim: ds.D, Regression: regression, Labels: ds.Labels, MaxElements: fuzzMaxElements})
		if err != nil {
			t.Fatalf("re-reading %q: %v", sb.String(), err)
		}
		if !equalFloats(again.X, ds.X) || !equalFloats(again.Y, ds.Y) || again.D != ds.D {
			t.Fatalf("round trip changed the data:\n%q", sb.String())
		}
	})
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("1,2,0\n3,4,1\n"), byte(','), uint8(0), false, false)
	f.Add([]byte("178,2,a,b\n1,2,0\n3,4,1\n"), byte(','), uint8(0), false, true)
	f.Add([]byte("59 2 32.1 101.0\n48 1 21.6 87.0\n"), byte(' '), uint8(1), false, false)
	f.Add([]byte("1\t2\t3\n4\t5\n"), byte('\t'), uint8(2), true, false)
	f.Add([]byte("1;nan;0\n"), byte(';'), uint8(0), false, false)
	f.Add([]byte("1,,0\r\n\r\n"), byte(','), uint8(0), false, false)
	f.Add(gzipBytes(f, []byte("0,0,5,13,9,1,0,0,0\n0,0,0,12,13,5,0,0,1\n")), byte(','), uint8(0), false, false)
	f.Fuzz(func(t *testing.T, raw []byte, sep byte, label uint8, regression, sklearn bool) {
		const name = "fuzz.csv"
		if sep == '\n' || sep == '\r' || sep == '#' {
			sep = ','
		}
		opt := CSVOptions{Sep: sep, Label: LabelColumn(label % 3), Regression: regression, SklearnHeader: sklearn, MaxElements: fuzzMaxElements}
		text, err := decodeBytes(name, raw)
		if err != nil {
			textErrorOK(t, name, err)
			return
		}
		ds, err := csvFromBytes(name, text, nil, opt)
		if err != nil {
			textErrorOK(t, name, err)
			return
		}
		if err := ds.Check(); err != nil {
			t.Fatal(err)
		}
		if ds.N < 1 || (opt.Label == LabelNone) != (ds.Y == nil) {
			t.Fatalf("N=%d, Y=%v with label mode %d", ds.N, ds.Y, opt.Label)
		}
	})
}

func FuzzIDX(f *testing.F) {
	f.Add(idxBytes([]int{2, 2, 2}, []byte{0, 1, 2, 3, 4, 5, 6, 255}))
	f.Add(idxBytes([]int{3}, []byte{7, 0, 9}))
	f.Add(idxBytes([]int{0}, nil))
	f.Add(idxBytes([]int{1 << 30, 4}, nil))
	f.Add(idxBytes([]int{5}, []byte{1, 2}))
	f.Add([]byte{0, 0, 0x0d, 1, 0, 0, 0, 1, 1, 2, 3, 4})
	f.Add(gzipBytes(f, idxBytes([]int{2, 1, 1}, []byte{1, 2})))
	f.Fuzz(func(t *testing.T, raw []byte) {
		const name = "fuzz.idx"
		m, err := idxFromBytes(name, raw)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Offset < 0 || pe.Line != 0 || !strings.HasPrefix(err.Error(), name+": byte offset ") {
				t.Fatalf("error %T %q does not name the file and a byte offset", err, err)
			}
			return
		}
		total := 1
		for _, d := range m.Dims {
			total *= d
		}
		if len(m.Dims) < 1 || len(m.Data) != total {
			t.Fatalf("dims %v, %d bytes", m.Dims, len(m.Data))
		}
		// If it has the MNIST image shape, pair it with zero labels (made
		// here, so only for few images: a real label file holds its bytes).
		if len(m.Dims) == 3 && m.Dims[0] <= fuzzMaxElements {
			lab := &IDX{Dims: []int{m.Dims[0]}, Data: make([]byte, m.Dims[0])}
			ds, err := mnistDataset(name, "labels", m, lab)
			if err != nil {
				t.Fatal(err)
			}
			if err := ds.Check(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
