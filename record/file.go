package record

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
	"unicode"
)

// FileName is the name of the results file in an output folder.
const FileName = "results.jsonl"

// Read parses a results file. A last line without its newline is a write
// torn by a crash: it is ignored and the length of the complete lines
// before it returned as good, so a writer can cut it off. Any complete
// line (newline-terminated) that is not a record is an error naming the
// file and line, wherever it is: only a torn line may be cut. path must
// be a regular file (a FIFO or device would block or never end).
func Read(path string) (recs []Record, good int64, err error) {
	data, err := readRegular(path)
	if err != nil {
		return nil, 0, err
	}
	return Parse(path, data)
}

// readRegular reads path (following a link: reading is harmless) if it
// is a regular file.
func readRegular(path string) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// openRegular opens path for reading if it is a regular file (a FIFO or
// a device would block or never end).
func openRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	return os.Open(path)
}

// Parse is Read on bytes in memory; path names them in errors.
func Parse(path string, data []byte) (recs []Record, good int64, err error) {
	good, _, err = scanLines(bytes.NewReader(data), func(line int, _ int64, text []byte) error {
		r, err := decodeLine(path, line, text)
		if err == nil {
			recs = append(recs, r)
		}
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return recs, good, nil
}

// decodeLine parses one complete line of a results file.
func decodeLine(path string, line int, text []byte) (Record, error) {
	var r Record
	if err := json.Unmarshal(text, &r); err != nil {
		return Record{}, fmt.Errorf("%s:%d: not a result record: %v", path, line, err)
	}
	if r.ID == "" {
		return Record{}, fmt.Errorf("%s:%d: result record without an id", path, line)
	}
	return r, nil
}

// decodeFinals is decodeLine for a reader that keeps no curves: of the
// curve only the steps are built (enough for Validate), of the initial
// metrics nothing; the evaluation maps are most of a record's
// allocations.
func decodeFinals(path string, line int, text []byte) (Record, error) {
	var r struct {
		Record
		Curve   []struct{ Step int } `json:"curve"`
		Initial json.RawMessage      `json:"initial"`
	}
	if err := json.Unmarshal(text, &r); err != nil {
		return Record{}, fmt.Errorf("%s:%d: not a result record: %v", path, line, err)
	}
	if r.ID == "" {
		return Record{}, fmt.Errorf("%s:%d: result record without an id", path, line)
	}
	if r.Curve != nil {
		r.Record.Curve = make([]Point, len(r.Curve))
		for i, pt := range r.Curve {
			r.Record.Curve[i].Step = pt.Step
		}
	}
	return r.Record, nil
}

// scanLines calls fn with every complete (newline-terminated), non-blank
// line of r, trimmed, its line number and the offset of the trimmed text,
// reading r in pieces: a results file is never held in memory
// whole. It returns the length of the complete lines (good: where an
// append continues) and whether a non-blank last line lacked its newline
// (torn). fn's text is valid only during the call; an error from fn ends
// the scan.
func scanLines(r io.Reader, fn func(line int, off int64, text []byte) error) (good int64, torn bool, err error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var long []byte // a line longer than the buffer, gathered
	line := 0
	for {
		chunk, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long = append(long, chunk...)
			continue
		}
		text := chunk
		if long != nil {
			text = append(long, chunk...)
			long = nil
		}
		if err == io.EOF {
			return good, len(bytes.TrimSpace(text)) > 0, nil
		}
		if err != nil {
			return good, false, err
		}
		line++
		start := good
		good += int64(len(text))
		if t := bytes.TrimSpace(text); len(t) > 0 {
			off := start + int64(len(text)-len(bytes.TrimLeftFunc(text, unicode.IsSpace)))
			if err := fn(line, off, t); err != nil {
				return good, false, err
			}
		}
	}
}

// Writer appends records to a results file, one line each. A line is in
// the kernel as soon as Append returns, so it survives the process being
// killed; a background loop syncs the file to disk within SyncInterval
// (and Close syncs it), so a crash of the machine loses at most that much.
// Syncing in the background keeps workers from queueing behind the disk.
// It is safe for concurrent use.
type Writer struct {
	mu      sync.Mutex
	f       *os.File
	w       *bufio.Writer
	dirty   bool
	syncErr error // the first failed background fsync, reported by Close
	stop    chan struct{}
	done    chan struct{}
	close   sync.Once
	closed  error
}

// SyncInterval bounds the time between an Append and its fsync.
const SyncInterval = 100 * time.Millisecond

// Append opens path for appending after cutting off a torn last line at
// offset good (from Read); the file is created if missing. A symbolic
// link or anything but a regular file at path is refused: it is never
// truncated nor written through.
func Append(path string, good int64) (*Writer, error) {
	if _, err := CheckEntry(path, false); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND|noFollow, 0o644)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, err
	}
	w := &Writer{f: f, w: bufio.NewWriter(f), stop: make(chan struct{}), done: make(chan struct{})}
	go w.syncLoop()
	return w, nil
}

func (w *Writer) syncLoop() {
	defer close(w.done)
	t := time.NewTicker(SyncInterval)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			if err := w.sync(); err != nil {
				w.mu.Lock()
				if w.syncErr == nil {
					w.syncErr = err
				}
				w.mu.Unlock()
			}
		}
	}
}

func (w *Writer) sync() error {
	w.mu.Lock()
	dirty := w.dirty
	w.dirty = false
	w.mu.Unlock()
	if !dirty {
		return nil
	}
	if err := w.f.Sync(); err != nil {
		w.mu.Lock()
		w.dirty = true // try again next time
		w.mu.Unlock()
		return err
	}
	return nil
}

// Append writes one record.
func (w *Writer) Append(r *Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.w.Write(b)
	w.w.WriteByte('\n')
	w.dirty = true
	return w.w.Flush()
}

// Close syncs and closes the file, reporting any write or sync failure
// since Append; it may be called more than once.
func (w *Writer) Close() error {
	w.close.Do(func() {
		close(w.stop)
		<-w.done
		err := w.sync()
		if err == nil {
			err = w.syncErr
		}
		if cerr := w.f.Close(); err == nil {
			err = cerr
		}
		w.closed = err
	})
	return w.closed
}
