package data

import (
	"bytes"
	"math"
	"strconv"
)

// lineIter walks over the lines of an in-memory text file.
type lineIter struct {
	data []byte
	pos  int
	num  int // number of the line last returned (1-based)
}

// next returns the next line without its "\n" or "\r\n" terminator.
func (it *lineIter) next() (line []byte, num int, ok bool) {
	if it.pos >= len(it.data) {
		return nil, it.num, false
	}
	rest := it.data[it.pos:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		line = rest[:i]
		it.pos += i + 1
	} else {
		line = rest
		it.pos = len(it.data)
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	it.num++
	return line, it.num, true
}

// lastLine is the line number to report at end of input (at least 1).
func (it *lineIter) lastLine() int { return max(it.num, 1) }

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' }

// skipBlanks returns the first position at or after pos that is not a blank.
func skipBlanks(b []byte, pos int) int {
	for pos < len(b) && isBlank(b[pos]) {
		pos++
	}
	return pos
}

// tokenEnd returns the first position at or after pos that is a blank.
func tokenEnd(b []byte, pos int) int {
	for pos < len(b) && !isBlank(b[pos]) {
		pos++
	}
	return pos
}

// trimBlanks removes leading and trailing blanks.
func trimBlanks(b []byte) []byte {
	i, j := 0, len(b)
	for i < j && isBlank(b[i]) {
		i++
	}
	for j > i && isBlank(b[j-1]) {
		j--
	}
	return b[i:j]
}

// numErr classifies why a number token was rejected.
type numErr int

const (
	numOK numErr = iota
	numSyntax
	numNonFinite
	numRange
)

// parseNumber parses a finite float64. NaN and ±Inf spellings are rejected
// as numNonFinite, overflow as numRange.
func parseNumber(b []byte) (float64, numErr) {
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && math.IsInf(v, 0) {
			return 0, numRange
		}
		return 0, numSyntax
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, numNonFinite
	}
	return v + 0, numOK // +0 turns -0 into 0
}

// describeNum words a number error for messages: "bad value \"x\"" etc.
func describeNum(what string, tok []byte, e numErr) string {
	switch e {
	case numNonFinite:
		return what + " " + strconv.Quote(string(tok)) + " is NaN or Inf (values must be finite)"
	case numRange:
		return what + " " + strconv.Quote(string(tok)) + " is out of range (overflows float64)"
	default:
		return "bad " + what + " " + strconv.Quote(string(tok)) + " (not a number)"
	}
}

// clip shortens long tokens for error messages.
func clip(b []byte) []byte {
	if len(b) > 40 {
		return append(b[:37:37], "..."...)
	}
	return b
}
