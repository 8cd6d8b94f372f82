package data

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestMalformedInputs writes each malformed input to a temporary file and
// checks that the error names the file and the line (or byte offset) and
// says what is wrong.
func TestMalformedInputs(t *testing.T) {
	libsvm := func(opt LIBSVMOptions) func(string) error {
		return func(p string) error { _, err := ReadLIBSVM(p, opt); return err }
	}
	csv := func(opt CSVOptions) func(string) error {
		return func(p string) error { _, err := ReadCSV(p, opt); return err }
	}
	idx := func(p string) error { _, err := ReadIDX(p); return err }
	text := func(p string) error { _, err := ReadText(p); return err }

	long := bytes.Repeat([]byte("1 1:0.25 2:-0.5 3:1\n"), 5000)
	longGz := gzipBytes(t, long)
	badCRC := bytes.Clone(longGz)
	badCRC[len(badCRC)-8] ^= 0xff // CRC-32 in the gzip trailer

	cases := []struct {
		name    string
		file    string
		content []byte
		read    func(string) error
		pos     string // expected position after the path: ":3: " or ": byte offset 0: "; a regexp
		reason  string // expected substring
	}{
		{"bad label", "x.libsvm", []byte("1 1:0.5\nabc 1:1\n"), libsvm(LIBSVMOptions{}), ":2: ", `bad label "abc"`},
		{"label missing", "x.libsvm", []byte("1:0.5 2:1\n"), libsvm(LIBSVMOptions{}), ":1: ", "a line must start with its label"},
		{"NaN label", "x.libsvm", []byte("nan 1:1\n"), libsvm(LIBSVMOptions{}), ":1: ", `label "nan" is NaN or Inf`},
		{"index 0", "x.libsvm", []byte("1 1:1\n2 1:1\n1 0:3\n"), libsvm(LIBSVMOptions{}), ":3: ", "feature index 0 (indices start at 1)"},
		{"repeated index", "x.libsvm", []byte("1 2:1 2:3\n"), libsvm(LIBSVMOptions{}), ":1: ", "feature index 2 after index 2 (indices must be strictly increasing)"},
		{"decreasing index", "x.libsvm", []byte("1 1:1\n\n1 3:1 2:1\n"), libsvm(LIBSVMOptions{}), ":3: ", "feature index 2 after index 3"},
		{"negative index", "x.libsvm", []byte("1 -1:1\n"), libsvm(LIBSVMOptions{}), ":1: ", `bad feature index "-1"`},
		{"NaN value", "x.libsvm", []byte("1 1:1\n1 1:NaN\n"), libsvm(LIBSVMOptions{}), ":2: ", `feature 1: value "NaN" is NaN or Inf`},
		{"Inf value", "x.libsvm", []byte("1 4:-inf\n"), libsvm(LIBSVMOptions{}), ":1: ", `value "-inf" is NaN or Inf`},
		{"overflow value", "x.libsvm", []byte("1 4:1e999\n"), libsvm(LIBSVMOptions{}), ":1: ", "out of range"},
		{"bad value", "x.libsvm", []byte("1 1:0.5x\n"), libsvm(LIBSVMOptions{}), ":1: ", `bad value "0.5x"`},
		{"empty value", "x.libsvm", []byte("1 1:\n"), libsvm(LIBSVMOptions{}), ":1: ", `bad value ""`},
		{"missing colon", "x.libsvm", []byte("1 1:1 2 3:1\n"), libsvm(LIBSVMOptions{}), ":1: ", `missing colon in "2"`},
		{"index above Dim", "x.libsvm", []byte("1 1:1\n1 3:1\n"), libsvm(LIBSVMOptions{Dim: 2}), ":2: ", "feature index 3 exceeds dimension 2"},
		{"label not given", "x.libsvm", []byte("1 1:1\n3 1:1\n"), libsvm(LIBSVMOptions{Labels: []float64{1, 2}}), ":2: ", "label 3 is not one of the 2 given labels"},
		{"too large dense", "x.libsvm", []byte("1 1000:1\n1 1:1\n"), libsvm(LIBSVMOptions{MaxElements: 1000}), ":2: ", "exceeds the limit"},
		{"empty file", "x.libsvm", nil, libsvm(LIBSVMOptions{}), ":1: ", "empty file"},
		{"blank lines only", "x.libsvm", []byte("\n  \n# comment\n"), libsvm(LIBSVMOptions{}), ":3: ", "empty file"},
		{"empty gz file", "x.libsvm.gz", nil, libsvm(LIBSVMOptions{}), ":1: ", "empty file"},
		{"empty gzip stream", "x.libsvm.gz", gzipBytes(t, nil), libsvm(LIBSVMOptions{}), ":1: ", "empty file"},
		{"gz name, plain content", "x.libsvm.gz", []byte("1 1:1\n"), libsvm(LIBSVMOptions{}), ":1: ", "not a gzip file"},
		{"truncated gzip", "x.libsvm.gz", half(longGz), libsvm(LIBSVMOptions{}), `:[1-9][0-9]*: `, "truncated gzip stream"},
		{"truncated gzip header", "x.libsvm.gz", longGz[:6], libsvm(LIBSVMOptions{}), ":1: ", "bad gzip header: truncated"},
		{"gzip checksum", "x.libsvm.gz", badCRC, libsvm(LIBSVMOptions{}), ":5001: ", "checksum"},
		{"gzip with trailing garbage", "x.libsvm.gz", append(gzipBytes(t, []byte("1 1:1\n2 1:2\n")), "this is not gzip data"...), libsvm(LIBSVMOptions{}), ":3: ", "invalid gzip header: bytes after the end of the gzip stream"},
		{"truncated gzip, magic only", "x.libsvm", longGz[:len(longGz)-9], libsvm(LIBSVMOptions{}), `:[1-9][0-9]*: `, "truncated gzip stream"},

		{"ragged CSV row", "x.csv", []byte("1,2,3\n4,5,6\n7,8\n"), csv(CSVOptions{}), ":3: ", "row has 2 fields, expected 3 as on line 1"},
		{"ragged CSV row, blanks", "x.txt", []byte("1 2 3\n4  5\t6 7\n"), csv(CSVOptions{Sep: ' '}), ":2: ", "row has 4 fields, expected 3"},
		{"CSV bad value", "x.csv", []byte("1,2,0\n1,two,1\n"), csv(CSVOptions{}), ":2: ", `column 2: bad value "two"`},
		{"CSV empty field", "x.csv", []byte("1,,0\n"), csv(CSVOptions{}), ":1: ", `column 2: bad value ""`},
		{"CSV NaN", "x.csv", []byte("1,2,0\n1,nan,1\n"), csv(CSVOptions{}), ":2: ", `column 2: value "nan" is NaN or Inf`},
		{"CSV NaN label", "x.csv", []byte("1,2,Inf\n"), csv(CSVOptions{}), ":1: ", `column 3: value "Inf" is NaN or Inf`},
		{"CSV empty", "x.csv", []byte("\n\n"), csv(CSVOptions{}), ":2: ", "empty file"},
		{"CSV header only", "x.csv", []byte("0,2,a,b\n"), csv(CSVOptions{SklearnHeader: true}), ":1: ", "empty file"},
		{"CSV header rows", "x.csv", []byte("3,2,a,b\n1,2,0\n3,4,1\n"), csv(CSVOptions{SklearnHeader: true}), ":1: ", "dimension mismatch: header says 3 rows × 2 features, file has 2 × 2"},
		{"CSV header names", "x.csv", []byte("2,2,a,b,c\n1,2,0\n3,4,1\n"), csv(CSVOptions{SklearnHeader: true}), ":1: ", "header names 3 classes, data has 2"},
		{"CSV bad header", "x.csv", []byte("n,2\n1,2,0\n"), csv(CSVOptions{SklearnHeader: true}), ":1: ", "bad header"},
		{"CSV truncated gzip", "x.csv.gz", half(gzipBytes(t, []byte(strings.Repeat("1,2,3\n", 20000)))), csv(CSVOptions{}), `:[1-9][0-9]*: `, "truncated gzip stream"},

		{"IDX wrong magic", "x.idx", idxBytes([]int{2}, []byte{1, 2})[:0:0], idx, ": byte offset 0: ", "empty file"},
		{"IDX wrong type", "x.idx", []byte{0, 0, 0x09, 1, 0, 0, 0, 1, 5}, idx, ": byte offset 0: ", "bad IDX magic 0x00000901"},
		{"IDX wrong magic text", "x.idx", []byte("hello world\n"), idx, ": byte offset 0: ", "bad IDX magic 0x68656c6c"},
		{"IDX zero dims", "x.idx", []byte{0, 0, 8, 0}, idx, ": byte offset 0: ", "bad IDX magic 0x00000800"},
		{"IDX short magic", "x.idx", []byte{0, 0}, idx, ": byte offset 2: ", "truncated IDX magic"},
		{"IDX short dims", "x.idx", []byte{0, 0, 8, 3, 0, 0, 0, 2, 0}, idx, ": byte offset 9: ", "truncated IDX dimensions"},
		{"IDX short data", "x.idx", idxBytes([]int{2, 3}, []byte{1, 2, 3, 4}), idx, ": byte offset 16: ", "truncated IDX data: dimensions [2 3] need 6 bytes, file has 4"},
		{"IDX trailing data", "x.idx", idxBytes([]int{2}, []byte{1, 2, 3}), idx, ": byte offset 10: ", "trailing bytes"},
		{"IDX huge dims", "x.idx", idxBytes([]int{1 << 20, 1 << 20}, nil), idx, ": byte offset 8: ", "declare more than"},
		{"IDX truncated gzip", "x.idx.gz", half(gzipBytes(t, idxBytes([]int{4000}, bytes.Repeat([]byte{7, 1, 200}, 4000)[:4000]))), idx, `: byte offset [0-9]+: `, "truncated gzip stream"},
		{"IDX gz name, bad header", "x.idx.gz", []byte{0x1f, 0x8b, 0, 0}, idx, ": byte offset 0: ", "bad gzip header"},

		{"text empty", "x.txt", nil, text, ":1: ", "empty file"},
		{"text empty gzip", "x.txt.gz", gzipBytes(t, nil), text, ":1: ", "empty file"},
		{"text truncated gzip", "x.txt.gz", half(gzipBytes(t, []byte(strings.Repeat("It is a truth universally acknowledged\n", 3000)))), text, `:[1-9][0-9]*: `, "truncated gzip stream"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, c.file, c.content)
			err := c.read(p)
			if err == nil {
				t.Fatalf("no error for %q", c.content)
			}
			msg := err.Error()
			if !regexp.MustCompile("^" + regexp.QuoteMeta(p) + c.pos).MatchString(msg) {
				t.Errorf("error %q does not start with %q + %q", msg, p, c.pos)
			}
			if !strings.Contains(msg, c.reason) {
				t.Errorf("error %q does not contain %q", msg, c.reason)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *ParseError", err)
			}
		})
	}
}

// half returns the first half of b, with capacity clipped so that nothing
// beyond it can be read.
func half(b []byte) []byte { return b[: len(b)/2 : len(b)/2] }

// TestTruncatedGzipLine checks that the line reported for a truncated gzip
// stream is the line the decompressor had reached.
func TestTruncatedGzipLine(t *testing.T) {
	var text bytes.Buffer
	for i := range 20000 {
		fmt.Fprintf(&text, "%d 1:%d\n", i%3, i)
	}
	gz := gzipBytes(t, text.Bytes())
	p := writeFile(t, "cut.libsvm.gz", half(gz))
	_, err := ReadLIBSVM(p, LIBSVMOptions{})
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want a *ParseError", err)
	}
	// Half the compressed bytes decompress to roughly half the lines.
	if pe.Line < 2000 || pe.Line > 18000 {
		t.Errorf("truncated at line %d, want a line well inside the file: %v", pe.Line, err)
	}
}

// TestOptionErrors covers invalid options (not tied to a file position).
func TestOptionErrors(t *testing.T) {
	p := writeFile(t, "ok.libsvm", []byte("1 1:1\n"))
	for _, opt := range []LIBSVMOptions{{Dim: -1}, {Labels: []float64{2, 1}}, {Regression: true, Labels: []float64{1}}} {
		if _, err := ReadLIBSVM(p, opt); err == nil {
			t.Errorf("options %+v accepted", opt)
		}
	}
	q := writeFile(t, "ok.csv", []byte("1,2\n"))
	for _, opt := range []CSVOptions{{Sep: '\n'}, {Label: 7}, {TargetFile: q}, {SkipLines: -1}, {Regression: true, Labels: []float64{0}}} {
		if _, err := ReadCSV(q, opt); err == nil {
			t.Errorf("options %+v accepted", opt)
		}
	}
}
