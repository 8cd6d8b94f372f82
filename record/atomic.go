package record

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// LockFile is the name of an output folder's lock (see LockDir).
const LockFile = ".sfbench.lock"

// CheckEntry looks at path without following a symbolic link: exists
// reports whether something is there, and err is set when that is a link,
// or not a folder (dir) or regular file (!dir). sfbench never writes
// through a link inside an output folder: a results.jsonl, temporary file
// or checkpoints folder that is a link would send its writes (and its
// truncation) to whatever the link names.
func CheckEntry(path string, dir bool) (exists bool, err error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return true, fmt.Errorf("%s is a symbolic link: sfbench does not write through links in an output folder; remove it", path)
	case dir && !fi.IsDir():
		return true, fmt.Errorf("%s is not a folder", path)
	case !dir && !fi.Mode().IsRegular():
		return true, fmt.Errorf("%s is not a regular file", path)
	}
	return true, nil
}

// CreateExclusive creates path for writing, never opening something that
// was already there: a stale regular file (left by a killed writer) is
// removed first, and anything else, a symbolic link above all, is refused.
func CreateExclusive(path string) (*os.File, error) {
	exists, err := CheckEntry(path, false)
	if err != nil {
		return nil, err
	}
	if exists {
		if err := os.Remove(path); err != nil {
			return nil, err
		}
	}
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o644)
}

// ReadNoFollow reads the regular file at path, refusing a symbolic link.
func ReadNoFollow(path string) ([]byte, error) {
	if _, err := CheckEntry(path, false); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// WriteAtomic replaces path with what write writes: to path+".tmp"
// (created exclusively, see CreateExclusive), synced, then renamed over
// path, and the folder synced. On any failure the temporary file is
// removed and path is left as it was; a crash leaves at most the
// temporary file, which the next WriteAtomic of path replaces.
func WriteAtomic(path string, write func(io.Writer) error) (err error) {
	tmp := path + ".tmp"
	f, err := CreateExclusive(tmp)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// WriteAll replaces the results file path with recs, one line each as
// Writer writes them, atomically (WriteAtomic).
func WriteAll(path string, recs []Record) error {
	return WriteAtomic(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		for i := range recs {
			if err := enc.Encode(&recs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// syncDir makes a rename in dir durable (best effort: not every system
// can sync a folder).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
