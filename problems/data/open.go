package data

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// gzipMagic is the two-byte signature that starts every gzip member.
var gzipMagic = [2]byte{0x1f, 0x8b}

// Open opens path for reading. The content is gunzipped transparently when
// the name ends in ".gz" or the file starts with the gzip magic bytes
// (1f 8b). The caller must Close the result, which closes the file.
//
// Errors while opening name the file; a ".gz" file that is empty or does not
// start with a valid gzip header is reported as a *ParseError at line 1.
func Open(path string) (io.ReadCloser, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	r, err := decompressor(path, bufio.NewReaderSize(f, 64<<10), strings.HasSuffix(path, ".gz"))
	if err != nil {
		f.Close()
		return nil, err
	}
	return &readCloser{Reader: r, f: f}, nil
}

// MaxFileBytes bounds a data file's size on disk and, decompressed, its
// content: far above any shipped or benchmark data set, it turns a wrong
// path (a huge file, a gzip bomb) into an error instead of exhausting
// memory.
const MaxFileBytes = 4 << 30

// openRegular opens path if it is a regular file of at most MaxFileBytes:
// a FIFO would block the open forever and a device (/dev/zero) would read
// until memory runs out, so both are refused before opening.
func openRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err // *os.PathError names the file
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%v): a data file must be a plain file", path, st.Mode().Type())
	}
	if st.Size() > MaxFileBytes {
		return nil, fmt.Errorf("%s: %d bytes, more than the %d a data file may hold", path, st.Size(), int64(MaxFileBytes))
	}
	return os.Open(path)
}

// limited fails, instead of truncating, once more than MaxFileBytes are read.
type limited struct {
	r    io.Reader
	path string
	n    int64
}

func (l *limited) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > MaxFileBytes {
		return n, fmt.Errorf("%s: more than %d bytes once decompressed", l.path, int64(MaxFileBytes))
	}
	return n, err
}

type readCloser struct {
	io.Reader
	f *os.File
}

func (rc *readCloser) Close() error { return rc.f.Close() }

// decompressor returns br itself, or a gzip reader over it when gzHint is
// set or the stream starts with the gzip magic.
func decompressor(path string, br *bufio.Reader, gzHint bool) (io.Reader, error) {
	head, _ := br.Peek(2)
	isGzip := len(head) == 2 && head[0] == gzipMagic[0] && head[1] == gzipMagic[1]
	if !isGzip && !gzHint {
		return br, nil
	}
	if len(head) == 0 {
		return nil, lineErr(path, 1, "empty file")
	}
	if !isGzip {
		return nil, lineErr(path, 1, "not a gzip file (name ends in .gz but the file does not start with 1f 8b)")
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, &ParseError{Path: path, Line: 1, Offset: -1, Msg: "bad gzip header: " + describeReadErr(err), Err: err}
	}
	return &limited{r: zr, path: path}, nil
}

// readAll reads the whole (decompressed) content of path.
func readAll(path string) ([]byte, error) {
	rc, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return readAllFrom(path, rc)
}

// readAllFrom reads r to the end. A read error (most often a truncated or
// corrupt gzip stream) is reported at the line reached in the data that was
// read successfully.
func readAllFrom(path string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		line := bytes.Count(data, []byte{'\n'}) + 1
		msg := describeReadErr(err)
		if errors.Is(err, gzip.ErrHeader) && len(data) > 0 {
			msg += ": bytes after the end of the gzip stream are not gzip"
		}
		return nil, &ParseError{Path: path, Line: line, Offset: -1,
			Msg: msg + " (after " + itoa(len(data)) + " decompressed bytes)", Err: err}
	}
	return data, nil
}

// decodeBytes is readAllFrom for an in-memory file; it gunzips when raw
// starts with the gzip magic. The fuzz targets use it.
func decodeBytes(path string, raw []byte) ([]byte, error) {
	if len(raw) < 2 || raw[0] != gzipMagic[0] || raw[1] != gzipMagic[1] {
		return raw, nil
	}
	r, err := decompressor(path, bufio.NewReader(bytes.NewReader(raw)), true)
	if err != nil {
		return nil, err
	}
	return readAllFrom(path, r)
}

// describeReadErr turns decompression errors into short explanations.
func describeReadErr(err error) string {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "truncated gzip stream (unexpected end of file)"
	case errors.Is(err, gzip.ErrChecksum):
		return "gzip checksum mismatch (corrupt file)"
	case errors.Is(err, gzip.ErrHeader):
		return "invalid gzip header"
	case errors.As(err, &corrupt):
		return "corrupt gzip data (" + err.Error() + ")"
	default:
		return "read error: " + err.Error()
	}
}
