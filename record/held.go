package record

import (
	"os"
	"path/filepath"
	"sync"
)

// The folders whose lock this process holds (LockDir or ShareDir), by
// identity: flock locks belong to open files, so a second lock of a
// folder this process holds already would conflict with its own first.
var held struct {
	sync.Mutex
	dirs map[string]int // by dirID
}

// hold notes that this process holds dir's lock until forget is called.
func hold(dir string) (forget func()) {
	id := dirID(dir)
	held.Lock()
	defer held.Unlock()
	if held.dirs == nil {
		held.dirs = map[string]int{}
	}
	held.dirs[id]++
	return func() {
		held.Lock()
		defer held.Unlock()
		if held.dirs[id]--; held.dirs[id] <= 0 {
			delete(held.dirs, id)
		}
	}
}

// holding reports whether this process holds dir's lock (LockDir or
// ShareDir).
func holding(dir string) bool {
	id := dirID(dir)
	held.Lock()
	defer held.Unlock()
	return held.dirs[id] > 0
}

// dirID names a folder whatever path reaches it: its device and inode
// where the system has them, else its cleaned absolute path.
func dirID(dir string) string {
	if st, err := os.Stat(dir); err == nil {
		if id, ok := fileID(st); ok {
			return id
		}
	}
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return filepath.Clean(dir)
}

// SamePath reports whether a and b name one existing file or folder,
// whatever paths reach it.
func SamePath(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}
