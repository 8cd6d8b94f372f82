//go:build unix

package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockFile in an output folder is held (flock) by the run using it.
const lockFile = ".sfbench.lock"

// lockDir takes the folder's lock without waiting: a second run into the
// same folder (a requeued job, a typo) would interleave its writes.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s is in use by another sfbench run", dir)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
