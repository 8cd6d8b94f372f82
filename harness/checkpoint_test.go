//go:build unix

package harness

import (
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/sfbench/sfbench/internal/buildinfo"
	"github.com/sfbench/sfbench/record"
)

func testCheckpoint(id string, n int) *checkpoint {
	return &checkpoint{Version: buildinfo.Version, ID: id, Steps: 3, W: make([]float64, n)}
}

// ls lists the names in dir/checkpoints.
func ls(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(dir, checkpointDir))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestCleanCheckpoints: checkpoints of finished cells and temporary files
// are removed, those of unfinished cells kept.
func TestCleanCheckpoints(t *testing.T) {
	dir := t.TempDir()
	for _, id := range []string{"done1", "done2", "running"} {
		if err := testCheckpoint(id, 4).save(dir); err != nil {
			t.Fatal(err)
		}
	}
	ck := filepath.Join(dir, checkpointDir)
	os.WriteFile(filepath.Join(ck, "running.ckpt.tmp"), []byte("partial"), 0o644)
	os.WriteFile(filepath.Join(ck, "notes.txt"), []byte("the user's"), 0o644)
	os.Mkdir(filepath.Join(ck, "done3.ckpt"), 0o755) // not a file: left alone
	done := map[string]record.Record{"done1": {}, "done2": {}, "done3": {}, "gone": {}}
	n, err := cleanCheckpoints(dir, done)
	if err != nil || n != 3 {
		t.Errorf("removed %d, %v; want 3", n, err)
	}
	if got, want := ls(t, dir), []string{"done3.ckpt", "notes.txt", "running.ckpt"}; !slices.Equal(got, want) {
		t.Errorf("left %v, want %v", got, want)
	}
	if c, err := loadCheckpoint(dir, "running"); err != nil || c == nil || c.Steps != 3 {
		t.Errorf("the unfinished cell's checkpoint: %+v, %v", c, err)
	}
	// No folder: nothing to do.
	if n, err := cleanCheckpoints(t.TempDir(), done); n != 0 || err != nil {
		t.Errorf("no checkpoints folder: %d, %v", n, err)
	}
}

// TestCheckpointsNeverFollowLinks: a checkpoints folder or checkpoint that
// is a symbolic link is refused, and nothing is written or removed where
// it points.
func TestCheckpointsNeverFollowLinks(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(elsewhere, "done.ckpt"), []byte("someone's file"), 0o644)
	link := filepath.Join(dir, checkpointDir)
	os.Symlink(elsewhere, link)
	want := link + " is a symbolic link"
	if err := testCheckpoint("c", 4).save(dir); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("save: %v", err)
	}
	if _, err := loadCheckpoint(dir, "done"); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("load: %v", err)
	}
	if _, err := cleanCheckpoints(dir, map[string]record.Record{"done": {}}); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("clean: %v", err)
	}
	removeCheckpoint(dir, "done")
	if got, _ := os.ReadDir(elsewhere); len(got) != 1 || got[0].Name() != "done.ckpt" {
		t.Errorf("the link's target holds %v", got)
	}
	// A checkpoint file that is a link.
	dir = t.TempDir()
	os.Mkdir(filepath.Join(dir, checkpointDir), 0o755)
	os.Symlink(filepath.Join(elsewhere, "done.ckpt"), checkpointPath(dir, "done"))
	if _, err := loadCheckpoint(dir, "done"); err == nil || !strings.Contains(err.Error(), checkpointPath(dir, "done")+" is a symbolic link") {
		t.Errorf("load through a link: %v", err)
	}
}

// TestFailedCheckpointWriteLeavesNoTemp: a checkpoint write that fails part
// way (the file size limit stands in for a full disk) removes its partial
// temporary file and keeps the previous checkpoint.
func TestFailedCheckpointWriteLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	if err := testCheckpoint("c", 10).save(dir); err != nil {
		t.Fatal(err)
	}
	signal.Ignore(syscall.SIGXFSZ)
	defer signal.Reset(syscall.SIGXFSZ)
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	limit := old
	limit.Cur = 64 << 10
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Skip(err)
	}
	err := testCheckpoint("c", 1<<16).save(dir) // 512 KiB of parameters
	syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)
	if err == nil {
		t.Fatal("a write past the size limit succeeded")
	}
	if got := ls(t, dir); !slices.Equal(got, []string{"c.ckpt"}) {
		t.Errorf("after a failed write the folder holds %v", got)
	}
	if c, err := loadCheckpoint(dir, "c"); err != nil || len(c.W) != 10 {
		t.Errorf("the previous checkpoint: %v", err)
	}
}
