package optim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Checkpoint format: the magic, then the optimizer's kind and a signature of
// its configuration (both length-prefixed strings), then the state fields in
// the order the optimizer writes them. Integers are int64 and floats IEEE
// bits, little-endian; a vector is its length then its elements; a nested
// optimizer is a length-prefixed checkpoint of its own.
const magic = "sfbench-optim/1\n"

type encoder struct{ buf []byte }

func newEncoder(kind, signature string) *encoder {
	e := &encoder{buf: []byte(magic)}
	e.string(kind)
	e.string(signature)
	return e
}

func (e *encoder) int(v int) { e.buf = binary.LittleEndian.AppendUint64(e.buf, uint64(int64(v))) }

func (e *encoder) float(v float64) {
	e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(v))
}

func (e *encoder) bool(v bool) {
	b := 0
	if v {
		b = 1
	}
	e.int(b)
}

func (e *encoder) string(s string) {
	e.int(len(s))
	e.buf = append(e.buf, s...)
}

func (e *encoder) floats(v []float64) {
	if v == nil {
		e.int(-1)
		return
	}
	e.int(len(v))
	for _, x := range v {
		e.float(x)
	}
}

func (e *encoder) bytes(b []byte) {
	e.int(len(b))
	e.buf = append(e.buf, b...)
}

// nested appends another optimizer's checkpoint.
func (e *encoder) nested(o Optimizer) error {
	b, err := o.MarshalBinary()
	if err != nil {
		return err
	}
	e.bytes(b)
	return nil
}

var errTruncated = errors.New("optim: checkpoint is truncated")

type decoder struct {
	buf []byte
	err error
}

func newDecoder(data []byte, kind, signature string) *decoder {
	d := &decoder{buf: data}
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		d.err = errors.New("optim: not an sfbench optimizer checkpoint")
		return d
	}
	d.buf = d.buf[len(magic):]
	if k := d.string(); d.err == nil && k != kind {
		d.err = fmt.Errorf("optim: checkpoint holds a %s optimizer, not %s", k, kind)
	}
	if s := d.string(); d.err == nil && s != signature {
		d.err = fmt.Errorf("optim: checkpoint was written with configuration %s, this optimizer has %s", s, signature)
	}
	return d
}

func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.buf) {
		d.err = errTruncated
		return nil
	}
	b := d.buf[:n]
	d.buf = d.buf[n:]
	return b
}

func (d *decoder) int() int {
	b := d.take(8)
	if b == nil {
		return 0
	}
	return int(int64(binary.LittleEndian.Uint64(b)))
}

func (d *decoder) float() float64 {
	b := d.take(8)
	if b == nil {
		return 0
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b))
}

func (d *decoder) bool() bool { return d.int() != 0 }

func (d *decoder) string() string { return string(d.take(d.int())) }

func (d *decoder) bytes() []byte { return d.take(d.int()) }

// floatsInto reads a vector into dst, which must have the stored length;
// a nil dst reads a vector stored as nil.
func (d *decoder) floatsInto(dst []float64) {
	n := d.int()
	if d.err != nil {
		return
	}
	if dst == nil && n == -1 {
		return
	}
	if dst == nil || n != len(dst) {
		d.err = fmt.Errorf("optim: checkpoint vector has length %d, the optimizer has %d", n, len(dst))
		return
	}
	b := d.take(8 * n)
	for i := range dst {
		if b == nil {
			return
		}
		dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
}

// vectorLen peeks at the length of the next vector without consuming it
// (-1 for a vector stored as nil).
func (d *decoder) vectorLen() int {
	if d.err != nil || len(d.buf) < 8 {
		return -1
	}
	return int(int64(binary.LittleEndian.Uint64(d.buf)))
}

func (d *decoder) nested(o Optimizer) {
	b := d.bytes()
	if d.err != nil {
		return
	}
	d.err = o.UnmarshalBinary(b)
}

func (d *decoder) finish() error {
	if d.err == nil && len(d.buf) != 0 {
		d.err = fmt.Errorf("optim: %d unexpected bytes after the checkpoint", len(d.buf))
	}
	return d.err
}
