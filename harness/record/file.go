package record

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"
)

// FileName is the name of the results file in an output folder.
const FileName = "results.jsonl"

// Read parses a results file. A last line that is incomplete (no newline,
// or not valid JSON) is a write torn by a crash: it is ignored and its
// offset returned as good (the length of the valid prefix), so a writer
// can cut it off. A malformed line elsewhere is an error naming the line.
func Read(path string) (recs []Record, good int64, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	return Parse(path, data)
}

// Parse is Read on bytes in memory; path names them in errors.
func Parse(path string, data []byte) (recs []Record, good int64, err error) {
	line := 0
	for len(data) > 0 {
		line++
		nl := bytes.IndexByte(data, '\n')
		if nl < 0 { // no newline: torn last write
			return recs, good, nil
		}
		text := bytes.TrimSpace(data[:nl])
		if len(text) > 0 {
			var r Record
			if err := json.Unmarshal(text, &r); err != nil {
				if len(bytes.TrimSpace(data[nl+1:])) == 0 {
					return recs, good, nil // torn, then nothing: ignore
				}
				return nil, 0, fmt.Errorf("%s:%d: not a result record: %v", path, line, err)
			}
			if r.ID == "" {
				return nil, 0, fmt.Errorf("%s:%d: result record without an id", path, line)
			}
			recs = append(recs, r)
		}
		good += int64(nl + 1)
		data = data[nl+1:]
	}
	return recs, good, nil
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
// offset good (from Read); the file is created if missing.
func Append(path string, good int64) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
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
