package data

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
)

// IDX is the content of an IDX file of unsigned bytes (type code 0x08).
type IDX struct {
	Dims []int  // dimension sizes, outermost first (e.g. [60000 28 28])
	Data []byte // the values, row-major; len is the product of Dims
}

// MaxIDXBytes bounds the data size an IDX header may declare (1 GiB), and
// the product of its non-zero dimensions.
const MaxIDXBytes = 1 << 30

// ReadIDX reads an IDX file (gzip transparent) holding unsigned bytes: a
// big-endian magic 0x000008NN where NN is the number of dimensions (1..8),
// then NN big-endian uint32 sizes, then the bytes. MNIST image files have
// magic 0x00000803 (N×rows×cols), label files 0x00000801 (N).
//
// Errors name the file and the byte offset in the decompressed stream.
func ReadIDX(path string) (*IDX, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	r, err := decompressor(path, br, strings.HasSuffix(path, ".gz"))
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) { // gzip header problems: report offset 0
			pe.Line, pe.Offset = 0, 0
		}
		return nil, err
	}
	return parseIDX(path, r)
}

// idxFromBytes parses an in-memory IDX file (gunzipping when it starts with
// the gzip magic); used by the fuzz target.
func idxFromBytes(path string, raw []byte) (*IDX, error) {
	r := io.Reader(bytes.NewReader(raw))
	if len(raw) >= 2 && raw[0] == gzipMagic[0] && raw[1] == gzipMagic[1] {
		var err error
		if r, err = decompressor(path, bufio.NewReader(r), true); err != nil {
			var pe *ParseError
			if errors.As(err, &pe) {
				pe.Line, pe.Offset = 0, 0
			}
			return nil, err
		}
	}
	return parseIDX(path, r)
}

func parseIDX(path string, r io.Reader) (*IDX, error) {
	cr := &countingReader{r: r}
	var magic [4]byte
	if err := readFull(path, cr, magic[:], "IDX magic"); err != nil {
		return nil, err
	}
	m := binary.BigEndian.Uint32(magic[:])
	if magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || magic[3] == 0 || magic[3] > 8 {
		return nil, offsetErr(path, 0, "bad IDX magic 0x%08x: want 0x000008NN (unsigned bytes, NN = 1..8 dimensions; 0x00000803 images, 0x00000801 labels)", m)
	}
	nd := int(magic[3])
	hdr := make([]byte, 4*nd)
	if err := readFull(path, cr, hdr, "IDX dimensions"); err != nil {
		return nil, err
	}
	dims := make([]int, nd)
	// shape is the product of the non-zero sizes: bounded like the data,
	// so that a zero size cannot hide a huge one ([184549378 0 512] holds
	// no bytes, yet a reader would allocate 184549378 labels for it).
	total, shape := 1, 1
	for k := range dims {
		dims[k] = int(binary.BigEndian.Uint32(hdr[4*k:]))
		d := max(dims[k], 1)
		if shape > MaxIDXBytes/d {
			return nil, offsetErr(path, int64(4+4*k), "IDX dimensions %v declare more than %d bytes", dims[:k+1], MaxIDXBytes)
		}
		total, shape = total*dims[k], shape*d
	}
	start := cr.n
	var buf bytes.Buffer
	buf.Grow(min(total, 1<<20) + 1)
	if _, err := buf.ReadFrom(io.LimitReader(cr, int64(total)+1)); err != nil {
		return nil, offsetErr(path, cr.n, "%s", describeReadErr(err))
	}
	switch got := buf.Len(); {
	case got < total:
		return nil, offsetErr(path, start+int64(got), "truncated IDX data: dimensions %v need %d bytes, file has %d", dims, total, got)
	case got > total:
		return nil, offsetErr(path, start+int64(total), "trailing bytes after the %d bytes of IDX data %v", total, dims)
	}
	return &IDX{Dims: dims, Data: buf.Bytes()}, nil
}

// readFull reads len(b) bytes, naming the offset reached on failure.
func readFull(path string, cr *countingReader, b []byte, what string) error {
	off := cr.n
	n, err := io.ReadFull(cr, b)
	if err == nil {
		return nil
	}
	if errors.Is(err, io.EOF) || (errors.Is(err, io.ErrUnexpectedEOF) && cr.eof) {
		if off == 0 && n == 0 {
			return offsetErr(path, 0, "empty file")
		}
		return offsetErr(path, off+int64(n), "truncated %s: want %d bytes, got %d", what, len(b), n)
	}
	return offsetErr(path, off+int64(n), "%s", describeReadErr(err))
}

// countingReader counts bytes read and remembers a clean EOF.
type countingReader struct {
	r   io.Reader
	n   int64
	eof bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err == io.EOF {
		c.eof = true
	}
	return n, err
}
