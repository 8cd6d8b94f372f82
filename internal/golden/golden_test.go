package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps its errors instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, format)
	_ = args
}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.golden")
	os.WriteFile(path, []byte("a\nb\n"), 0o644)
	same := &recorder{TB: t}
	Check(same, path, []byte("a\nb\n"))
	if len(same.errs) != 0 {
		t.Errorf("equal texts reported: %v", same.errs)
	}
	diff := &recorder{TB: t}
	Check(diff, path, []byte("a\nc\n"))
	if len(diff.errs) != 1 {
		t.Fatalf("a difference not reported")
	}
	if got := firstDiff([]byte("a\nc\n"), []byte("a\nb\n")); !strings.Contains(got, "line 2") {
		t.Errorf("firstDiff: %s", got)
	}
}
