package data

import (
	"bytes"
	"fmt"
	"math"
)

// DefaultMaxElements bounds N*D of a dense Dataset built from text input
// when the options leave MaxElements at 0 (2^28 float64 values, 2 GiB).
// It protects against files whose feature indices would demand absurd
// dense storage.
const DefaultMaxElements = 1 << 28

// LIBSVMOptions controls ReadLIBSVM and ReadLIBSVMPair.
type LIBSVMOptions struct {
	// Dim, if positive, fixes the number of features; an index above it is
	// an error. If 0 the dimension is the largest index seen.
	Dim int

	// Regression keeps labels as raw float targets (Classes = 0). Otherwise
	// labels are class labels, mapped to 0..K-1 in increasing order.
	Regression bool

	// Labels, if non-nil, fixes the class label set (strictly increasing)
	// instead of inferring it; a label outside it is an error. Use it to
	// load a file with the mapping of another (e.g. train.Labels).
	Labels []float64

	// MaxElements bounds N*D; 0 means DefaultMaxElements.
	MaxElements int
}

// ReadLIBSVM reads a LIBSVM/SVMlight-format file (gzip transparent).
//
// Each non-blank line is "label idx:val idx:val ...", tokens separated by
// spaces or tabs, with 1-based, strictly increasing feature indices; omitted
// features are 0. Text after '#' is a comment; blank lines are skipped;
// "\r\n" line ends are accepted. Labels and values must be finite numbers.
//
// For classification the distinct labels, sorted increasingly, become
// classes 0..K-1 (ds.Labels records the mapping). The result is dense.
func ReadLIBSVM(path string, opt LIBSVMOptions) (*Dataset, error) {
	data, err := readAll(path)
	if err != nil {
		return nil, err
	}
	return libsvmFromBytes(path, data, opt)
}

// ReadLIBSVMPair reads a train/test pair so that both share one dimension
// and one label mapping: the dimension is opt.Dim or the largest index in
// either file, and (for classification, unless opt.Labels is set) the class
// set is the union of the labels of both files. This matters because a test
// split may lack some classes or never use the last features.
func ReadLIBSVMPair(trainPath, testPath string, opt LIBSVMOptions) (train, test *Dataset, err error) {
	if err := checkLIBSVMOptions(&opt); err != nil {
		return nil, nil, err
	}
	var sets [2]*sparseSet
	for k, p := range [2]string{trainPath, testPath} {
		data, err := readAll(p)
		if err != nil {
			return nil, nil, err
		}
		if sets[k], err = parseLIBSVM(p, data, &opt); err != nil {
			return nil, nil, err
		}
	}
	dim := opt.Dim
	if dim == 0 {
		dim = max(sets[0].maxIdx, sets[1].maxIdx)
	}
	labels := opt.Labels
	if !opt.Regression && labels == nil {
		labels = labelSet(sets[0].y, sets[1].y)
	}
	if train, err = sets[0].dense(dim, labels, &opt); err != nil {
		return nil, nil, err
	}
	if test, err = sets[1].dense(dim, labels, &opt); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// libsvmFromBytes parses decompressed LIBSVM text.
func libsvmFromBytes(path string, data []byte, opt LIBSVMOptions) (*Dataset, error) {
	if err := checkLIBSVMOptions(&opt); err != nil {
		return nil, err
	}
	s, err := parseLIBSVM(path, data, &opt)
	if err != nil {
		return nil, err
	}
	dim := opt.Dim
	if dim == 0 {
		dim = s.maxIdx
	}
	labels := opt.Labels
	if !opt.Regression && labels == nil {
		labels = labelSet(s.y)
	}
	return s.dense(dim, labels, &opt)
}

func checkLIBSVMOptions(opt *LIBSVMOptions) error {
	if opt.Dim < 0 {
		return fmt.Errorf("data: LIBSVMOptions.Dim = %d is negative", opt.Dim)
	}
	if opt.MaxElements <= 0 {
		opt.MaxElements = DefaultMaxElements
	}
	if opt.Regression && opt.Labels != nil {
		return fmt.Errorf("data: LIBSVMOptions.Labels is meaningless with Regression")
	}
	return checkLabelSet(opt.Labels)
}

// sparseSet is a parsed LIBSVM file in compressed-row form.
type sparseSet struct {
	path     string
	y        []float64 // raw labels
	lines    []int     // source line of each row
	rowStart []int     // row i has entries rowStart[i]:rowStart[i+1]
	idx      []int32   // 1-based feature indices
	val      []float64
	maxIdx   int
	lastLine int
}

func parseLIBSVM(path string, data []byte, opt *LIBSVMOptions) (*sparseSet, error) {
	// Size hints: one row per line, a few entries per row.
	nl := bytes.Count(data, []byte{'\n'}) + 1
	s := &sparseSet{path: path,
		y: make([]float64, 0, nl), lines: make([]int, 0, nl), rowStart: make([]int, 1, nl+1),
		idx: make([]int32, 0, len(data)/8), val: make([]float64, 0, len(data)/8)}
	it := lineIter{data: data}
	for {
		line, num, ok := it.next()
		if !ok {
			break
		}
		if c := bytes.IndexByte(line, '#'); c >= 0 {
			line = line[:c]
		}
		pos := skipBlanks(line, 0)
		if pos == len(line) {
			continue
		}
		end := tokenEnd(line, pos)
		tok := line[pos:end]
		label, e := parseNumber(tok)
		if e != numOK {
			msg := describeNum("label", clip(tok), e)
			if bytes.IndexByte(tok, ':') >= 0 {
				msg += "; a line must start with its label"
			}
			return nil, lineErr(path, num, "%s", msg)
		}
		prev := 0
		for pos = skipBlanks(line, end); pos < len(line); pos = skipBlanks(line, end) {
			end = tokenEnd(line, pos)
			tok = line[pos:end]
			colon := bytes.IndexByte(tok, ':')
			if colon < 0 {
				return nil, lineErr(path, num, "missing colon in %q (features are written index:value)", clip(tok))
			}
			idx, ok := parseIndex(tok[:colon])
			switch {
			case !ok:
				return nil, lineErr(path, num, "bad feature index %q (want a positive integer)", clip(tok[:colon]))
			case idx == 0:
				return nil, lineErr(path, num, "feature index 0 (indices start at 1)")
			case idx <= prev:
				return nil, lineErr(path, num, "feature index %d after index %d (indices must be strictly increasing)", idx, prev)
			case opt.Dim > 0 && idx > opt.Dim:
				return nil, lineErr(path, num, "feature index %d exceeds dimension %d", idx, opt.Dim)
			}
			prev = idx
			v, e := parseNumber(tok[colon+1:])
			if e != numOK {
				return nil, lineErr(path, num, "feature %d: %s", idx, describeNum("value", clip(tok[colon+1:]), e))
			}
			if v != 0 { // explicit zeros need no storage
				s.idx = append(s.idx, int32(idx))
				s.val = append(s.val, v)
			}
			if idx > s.maxIdx {
				s.maxIdx = idx
			}
		}
		s.y = append(s.y, label)
		s.lines = append(s.lines, num)
		s.rowStart = append(s.rowStart, len(s.idx))
	}
	s.lastLine = it.lastLine()
	if len(s.y) == 0 {
		return nil, lineErr(path, s.lastLine, "empty file: no data rows")
	}
	return s, nil
}

// parseIndex parses a non-negative decimal integer that fits in int32.
func parseIndex(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n <= math.MaxInt32
}

// dense expands s into a Dataset of the given dimension. labels is the
// sorted class label set (nil for regression).
func (s *sparseSet) dense(dim int, labels []float64, opt *LIBSVMOptions) (*Dataset, error) {
	n := len(s.y)
	if dim > 0 && n > opt.MaxElements/dim {
		return nil, lineErr(s.path, s.lastLine, "dense size %d rows × %d features exceeds the limit of %d values", n, dim, opt.MaxElements)
	}
	ds := &Dataset{Name: baseName(s.path), N: n, D: dim, X: make([]float64, n*dim), Y: s.y}
	for i := range n {
		row := ds.X[i*dim : (i+1)*dim]
		for k := s.rowStart[i]; k < s.rowStart[i+1]; k++ {
			row[s.idx[k]-1] = s.val[k]
		}
	}
	if !opt.Regression {
		if err := mapLabels(s.path, ds.Y, s.lines, labels); err != nil {
			return nil, err
		}
		ds.Classes = len(labels)
		ds.Labels = labels
	}
	return ds, nil
}
