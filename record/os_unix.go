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
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s is in use by another sfbench run, merge or report: wait for it to end or use another folder", dir)
		}
		return nil, fmt.Errorf("locking %s: %v", dir, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
