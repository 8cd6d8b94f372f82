package data

import "fmt"

// ParseError describes malformed input. It always names the input; it names
// either a 1-based line (text formats) or a byte offset (binary formats).
type ParseError struct {
	Path   string // the file name as given to the reader
	Line   int    // 1-based line number, or 0 when Offset is used instead
	Offset int64  // byte offset (decompressed) for binary formats, or -1
	Msg    string // what is wrong
	Err    error  // underlying error, if any (see Unwrap)
}

// Error formats the error as "path:line: msg" or "path: byte offset N: msg".
func (e *ParseError) Error() string {
	switch {
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	case e.Offset >= 0:
		return fmt.Sprintf("%s: byte offset %d: %s", e.Path, e.Offset, e.Msg)
	default:
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
}

// Unwrap returns the underlying error, if any.
func (e *ParseError) Unwrap() error { return e.Err }

// lineErr builds a *ParseError positioned at a line.
func lineErr(path string, line int, format string, args ...any) *ParseError {
	if line < 1 {
		line = 1
	}
	return &ParseError{Path: path, Line: line, Offset: -1, Msg: fmt.Sprintf(format, args...)}
}

// offsetErr builds a *ParseError positioned at a byte offset.
func offsetErr(path string, off int64, format string, args ...any) *ParseError {
	return &ParseError{Path: path, Offset: off, Msg: fmt.Sprintf(format, args...)}
}
