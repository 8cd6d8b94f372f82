//go:build !unix

package record

import "os"

// noFollow is not available here: the Lstat checks before each open are
// the only guard against symbolic links.
const noFollow = 0

// LockDir is a no-op where flock is not available.
func LockDir(string) (func(), error) { return func() {}, nil }

// ShareDir is a no-op where flock is not available.
func ShareDir(string) (func(), error) { return func() {}, nil }

func fileID(os.FileInfo) (string, bool) { return "", false }
