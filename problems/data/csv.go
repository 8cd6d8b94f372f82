package data

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// LabelColumn says where the label of a delimited-text row is.
type LabelColumn int

const (
	LabelLast  LabelColumn = iota // the last field is the label (the zero value)
	LabelNone                     // no label column: all fields are features
	LabelFirst                    // the first field is the label
)

// CSVOptions controls ReadCSV.
type CSVOptions struct {
	// Sep is the field separator; 0 means ','. A blank separator (' ' or
	// '\t') splits on runs of spaces and tabs, as in whitespace-separated
	// files. With other separators, blanks around each field are trimmed.
	// Quoting is not supported: every field must be a number.
	Sep byte

	// SkipLines is the number of leading lines to ignore (a header).
	SkipLines int

	// SklearnHeader says the first line is a scikit-learn header
	// "n_samples,n_features[,class names...]" (after SkipLines). It is
	// checked against the data: row and feature counts must match, and
	// the class names, if any, must match the number of classes.
	SklearnHeader bool

	// Label locates the label column. LabelNone leaves Y nil unless
	// TargetFile is set.
	Label LabelColumn

	// TargetFile, if set, names a second file with one target per line
	// (same separator rules), e.g. diabetes_target.csv.gz. It requires
	// Label == LabelNone; its row count must match the data file's.
	TargetFile string

	// Regression keeps labels as raw targets; otherwise labels are mapped
	// to classes 0..K-1 in increasing order (see Dataset.Labels).
	Regression bool

	// Labels, if non-nil, fixes the class label set (see LIBSVMOptions).
	Labels []float64

	// MaxElements bounds N*D; 0 means DefaultMaxElements.
	MaxElements int
}

// ReadCSV reads a numeric delimited-text file (gzip transparent) such as the
// scikit-learn data files: digits.csv.gz (no header, 64 pixel columns then
// the digit), wine_data.csv.gz (a scikit-learn header, 13 features then the
// class) or diabetes_data_raw.csv.gz (space separated, 10 features) with its
// targets in diabetes_target.csv.gz (CSVOptions.TargetFile).
//
// Every row must have the same number of fields. Blank lines are skipped.
func ReadCSV(path string, opt CSVOptions) (*Dataset, error) {
	data, err := readAll(path)
	if err != nil {
		return nil, err
	}
	var target []byte
	if opt.TargetFile != "" {
		if target, err = readAll(opt.TargetFile); err != nil {
			return nil, err
		}
	}
	return csvFromBytes(path, data, target, opt)
}

// csvFromBytes parses decompressed delimited text; target holds the content
// of opt.TargetFile when that is set.
func csvFromBytes(path string, data, target []byte, opt CSVOptions) (*Dataset, error) {
	if opt.Sep == 0 {
		opt.Sep = ','
	}
	if opt.MaxElements <= 0 {
		opt.MaxElements = DefaultMaxElements
	}
	switch {
	case opt.Sep == '\n' || opt.Sep == '\r' || opt.Sep == '#':
		return nil, fmt.Errorf("data: CSVOptions.Sep %q is not usable as a separator", opt.Sep)
	case opt.Label < LabelLast || opt.Label > LabelFirst:
		return nil, fmt.Errorf("data: CSVOptions.Label = %d is not a LabelColumn", opt.Label)
	case opt.TargetFile != "" && opt.Label != LabelNone:
		return nil, fmt.Errorf("data: CSVOptions.TargetFile requires Label: LabelNone (the data file then has no label column)")
	case opt.Regression && opt.Labels != nil:
		return nil, fmt.Errorf("data: CSVOptions.Labels is meaningless with Regression")
	case opt.SkipLines < 0:
		return nil, fmt.Errorf("data: CSVOptions.SkipLines = %d is negative", opt.SkipLines)
	}
	if err := checkLabelSet(opt.Labels); err != nil {
		return nil, err
	}

	t, err := parseTable(path, data, opt.Sep, opt.SkipLines, opt.SklearnHeader, opt.MaxElements)
	if err != nil {
		return nil, err
	}
	ds := &Dataset{Name: baseName(path), N: t.rows}
	var rawY []float64
	lines := t.lines
	labelPath := path
	switch opt.Label {
	case LabelNone:
		ds.D, ds.X = t.cols, t.vals
	default:
		if t.cols < 1 {
			return nil, lineErr(path, t.lines[0], "no label column")
		}
		lc := 0
		if opt.Label == LabelLast {
			lc = t.cols - 1
		}
		ds.D = t.cols - 1
		ds.X = make([]float64, t.rows*ds.D)
		rawY = make([]float64, t.rows)
		for i := range t.rows {
			row := t.vals[i*t.cols : (i+1)*t.cols]
			rawY[i] = row[lc]
			out := ds.X[i*ds.D : (i+1)*ds.D]
			copy(out, row[:lc])
			copy(out[lc:], row[lc+1:])
		}
	}
	if target != nil {
		tt, err := parseTable(opt.TargetFile, target, opt.Sep, 0, false, opt.MaxElements)
		if err != nil {
			return nil, err
		}
		if tt.cols != 1 {
			return nil, lineErr(opt.TargetFile, tt.lines[0], "target file has %d fields per line, want 1", tt.cols)
		}
		if tt.rows != t.rows {
			return nil, lineErr(opt.TargetFile, tt.lastLine, "dimension mismatch: %d targets, but %s has %d rows", tt.rows, path, t.rows)
		}
		rawY, lines, labelPath = tt.vals, tt.lines, opt.TargetFile
	}

	if t.header != nil {
		h := t.header
		if h.n != ds.N || h.d != ds.D {
			return nil, lineErr(path, h.line, "dimension mismatch: header says %d rows × %d features, file has %d × %d", h.n, h.d, ds.N, ds.D)
		}
	}
	if rawY != nil {
		ds.Y = rawY
		if !opt.Regression {
			labels := opt.Labels
			if labels == nil {
				labels = labelSet(rawY)
			}
			if err := mapLabels(labelPath, ds.Y, lines, labels); err != nil {
				return nil, err
			}
			ds.Classes, ds.Labels = len(labels), labels
		}
	}
	if h := t.header; h != nil && len(h.names) > 0 {
		if ds.Classes != len(h.names) {
			return nil, lineErr(path, h.line, "dimension mismatch: header names %d classes, data has %d", len(h.names), ds.Classes)
		}
		ds.ClassNames = h.names
	}
	return ds, nil
}

// table is a parsed rectangular block of numbers.
type table struct {
	rows, cols int
	vals       []float64 // row-major
	lines      []int     // source line of each row
	lastLine   int
	header     *sklearnHeader
}

type sklearnHeader struct {
	line  int
	n, d  int
	names []string
}

// parseTable parses rows of sep-separated numbers.
func parseTable(path string, data []byte, sep byte, skip int, sklearn bool, maxElems int) (*table, error) {
	t := &table{cols: -1}
	it := lineIter{data: data}
	for range skip {
		if _, _, ok := it.next(); !ok {
			break
		}
	}
	var fields [][]byte
	firstLine := 0
	for {
		line, num, ok := it.next()
		if !ok {
			break
		}
		if len(trimBlanks(line)) == 0 {
			continue
		}
		if sklearn && t.header == nil {
			h, err := parseSklearnHeader(path, num, line, sep)
			if err != nil {
				return nil, err
			}
			t.header = h
			continue
		}
		fields = splitFields(fields[:0], line, sep)
		if t.cols < 0 {
			t.cols, firstLine = len(fields), num
			if t.cols > maxElems {
				return nil, lineErr(path, num, "%d fields exceed the limit of %d values", t.cols, maxElems)
			}
		} else if len(fields) != t.cols {
			return nil, lineErr(path, num, "row has %d fields, expected %d as on line %d (ragged rows)", len(fields), t.cols, firstLine)
		}
		if len(t.vals)+t.cols > maxElems {
			return nil, lineErr(path, num, "more than %d values (limit)", maxElems)
		}
		for k, f := range fields {
			v, e := parseNumber(f)
			if e != numOK {
				return nil, lineErr(path, num, "column %d: %s", k+1, describeNum("value", clip(f), e))
			}
			t.vals = append(t.vals, v)
		}
		t.lines = append(t.lines, num)
		t.rows++
	}
	t.lastLine = it.lastLine()
	if t.rows == 0 {
		return nil, lineErr(path, t.lastLine, "empty file: no data rows")
	}
	return t, nil
}

// splitFields splits line into fields, appending them to dst.
func splitFields(dst [][]byte, line []byte, sep byte) [][]byte {
	if isBlank(sep) {
		for pos := skipBlanks(line, 0); pos < len(line); pos = skipBlanks(line, pos) {
			end := tokenEnd(line, pos)
			dst = append(dst, line[pos:end])
			pos = end
		}
		return dst
	}
	for {
		i := bytes.IndexByte(line, sep)
		if i < 0 {
			return append(dst, trimBlanks(line))
		}
		dst = append(dst, trimBlanks(line[:i]))
		line = line[i+1:]
	}
}

// parseSklearnHeader parses "n_samples,n_features[,name...]".
func parseSklearnHeader(path string, num int, line []byte, sep byte) (*sklearnHeader, error) {
	f := splitFields(nil, line, sep)
	if len(f) < 2 {
		return nil, lineErr(path, num, "bad header %q: want n_samples%cn_features[%cclass names]", clip(line), sep, sep)
	}
	n, err1 := strconv.Atoi(string(f[0]))
	d, err2 := strconv.Atoi(string(f[1]))
	if err1 != nil || err2 != nil || n < 0 || d < 0 {
		return nil, lineErr(path, num, "bad header %q: n_samples and n_features must be non-negative integers", clip(line))
	}
	h := &sklearnHeader{line: num, n: n, d: d}
	for _, name := range f[2:] {
		h.names = append(h.names, strings.Clone(string(name)))
	}
	return h, nil
}
