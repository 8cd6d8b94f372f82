//go:build unix

package record

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// noFollow makes an open fail on a symbolic link instead of following it.
const noFollow = syscall.O_NOFOLLOW

// LockDir takes the lock of an output folder without waiting. Every writer
// of a folder (run, merge, report, summarize) holds it while it writes:
// two of them at once (a requeued job, a typo, a merge into a folder that
// a run is filling) would interleave their writes or replace each other's
// files. The lock is released by unlock, or when the process ends.
func LockDir(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, LockFile)
	if _, err := CheckEntry(path, false); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|noFollow, 0o644)
	if err != nil {
		return nil, err
	}
	return flock(f, dir, syscall.LOCK_EX, "wait for it to end or use another folder")
}

// ShareDir takes the folder's lock shared, without waiting, for a reader:
// any number of readers (report, compare, merge reading its shards) may
// hold it at once, but not while a writer holds LockDir, so a folder a
// run is filling is refused instead of read half-written. It takes
// nothing when the folder has no lock file (no sfbench writer ever wrote
// there; none is created, so a read-only folder can be read), when the
// lock file is another user's that this one may not open, or when this
// process holds the folder's lock already (a run reading its own
// results, a merge whose output folder is one of its inputs).
func ShareDir(dir string) (release func(), err error) {
	if holding(dir) {
		return func() {}, nil
	}
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
		// No writer ever locked it, or another user's lock this user may
		// not open: read without the lock (as before readers took one).
		return func() {}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("locking %s: %v", dir, err)
	}
	return flock(f, dir, syscall.LOCK_SH, "wait for it to end before reading it")
}

// flock takes the lock how (LOCK_EX or LOCK_SH) on f, dir's open lock
// file, without waiting, and notes that this process holds it; the
// returned function releases it. A lock held elsewhere is an error saying
// what to do (advice); f is closed on any error.
func flock(f *os.File, dir string, how int, advice string) (release func(), err error) {
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s is in use by another sfbench run, merge or report: %s", dir, advice)
		}
		return nil, fmt.Errorf("locking %s: %v", dir, err)
	}
	forget := hold(dir)
	return func() {
		forget()
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// fileID is the device and inode of a file.
func fileID(st os.FileInfo) (string, bool) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%d:%d", sys.Dev, sys.Ino), true
}
