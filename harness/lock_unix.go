//go:build unix

package harness

import "github.com/sfbench/sfbench/record"

// lockDir takes the folder's lock without waiting (record.LockDir): a
// second run into the same folder (a requeued job, a typo), or a merge or
// report writing there, would interleave its writes.
func lockDir(dir string) (unlock func(), err error) { return record.LockDir(dir) }
