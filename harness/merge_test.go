//go:build unix

package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sfbench/sfbench/record"
)

// testRecord is a finished record of suite "s", cell id, with final
// training loss loss.
func testRecord(id string, loss float64) record.Record {
	return record.Record{ID: id, Suite: "s", Problem: "p", Optimizer: "o", LR: 0.5, Horizon: 10, Steps: 10,
		Status: record.StatusOK, Final: record.Metrics{"train_loss": record.Value(loss)},
		Curve: []record.Point{{Step: 10, Metrics: record.Metrics{"train_loss": record.Value(loss)}}}}
}

// writeShard writes recs as dir/results.jsonl and returns dir.
func writeShard(t *testing.T, dir string, recs ...record.Record) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := record.WriteAll(filepath.Join(dir, record.FileName), recs); err != nil {
		t.Fatal(err)
	}
	return dir
}

// ids are the cell ids of dir's results file, in order (duplicates kept).
func ids(t *testing.T, dir string) []string {
	t.Helper()
	recs, _, err := record.Read(filepath.Join(dir, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, r.ID)
	}
	return out
}

// threeShards writes three shards of 18 cells each.
func threeShards(t *testing.T) []string {
	base := t.TempDir()
	var shards []string
	for k := range 3 {
		var recs []record.Record
		for i := range 18 {
			recs = append(recs, testRecord(fmt.Sprintf("c%d-%d", k, i), float64(i)))
		}
		shards = append(shards, writeShard(t, filepath.Join(base, fmt.Sprint(k)), recs...))
	}
	return shards
}

// TestConcurrentMerges: several merges into one folder at once never
// duplicate a record: each either merges everything or fails because the
// folder is in use.
func TestConcurrentMerges(t *testing.T) {
	shards := threeShards(t)
	refused := 0
	for round := range 10 {
		out := filepath.Join(t.TempDir(), "merged")
		const writers = 4
		errs := make([]error, writers)
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() { _, errs[i] = Merge(out, shards) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case strings.Contains(err.Error(), "is in use by another sfbench run"):
				refused++
			default:
				t.Errorf("round %d: %v", round, err)
			}
		}
		got := ids(t, out)
		seen := map[string]bool{}
		for _, id := range got {
			if seen[id] {
				t.Fatalf("round %d: cell %s twice in the merged file", round, id)
			}
			seen[id] = true
		}
		if ok == 0 || len(got) != 54 {
			t.Errorf("round %d: %d merges succeeded, %d records", round, ok, len(got))
		}
		if _, err := os.Lstat(filepath.Join(out, record.FileName+".tmp")); !os.IsNotExist(err) {
			t.Errorf("round %d: temporary file left: %v", round, err)
		}
	}
	t.Logf("%d concurrent merges, %d refused as the folder was in use", 10*4, refused)
}

// TestMergeIntoFolderInUse: a merge into a folder a run holds fails at
// once and leaves its results alone.
func TestMergeIntoFolderInUse(t *testing.T) {
	shards := threeShards(t)
	out := writeShard(t, t.TempDir(), testRecord("running", 1))
	unlock, err := lockDir(out)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := Merge(out, append(shards, out)); err == nil || !strings.Contains(err.Error(), out+" is in use") {
		t.Errorf("merge into a locked folder: %v", err)
	}
	if got := ids(t, out); len(got) != 1 {
		t.Errorf("the locked folder now holds %v", got)
	}
}

// TestMergeBadInput: every refused merge names the file (and line) and
// writes nothing, not even the output folder.
func TestMergeBadInput(t *testing.T) {
	base := t.TempDir()
	a := writeShard(t, filepath.Join(base, "a"), testRecord("c1", 1), testRecord("c2", 2))
	other := testRecord("c3", 3)
	other.Suite = "t"
	version := testRecord("c3", 3)
	version.Environment.Sfbench = "0.0.1"
	empty := writeShard(t, filepath.Join(base, "empty"))
	malformed := filepath.Join(base, "malformed")
	os.MkdirAll(malformed, 0o755)
	os.WriteFile(filepath.Join(malformed, record.FileName), []byte(`{"id":"c9","suite":"s"}`+"\n"+`{"id":"c10","lr":"fast"}`+"\n"), 0o644)
	aFile := filepath.Join(a, record.FileName)
	cases := []struct {
		name   string
		shards []string
		want   string
	}{
		{"conflicting result", []string{a, writeShard(t, filepath.Join(base, "b"), testRecord("c2", 5))},
			filepath.Join(base, "b", record.FileName) + ":1: the result of cell c2 (p/o lr=0.5 seed=0) differs from the one at " + aFile + ":2"},
		{"another suite", []string{a, writeShard(t, filepath.Join(base, "c"), other)},
			filepath.Join(base, "c", record.FileName) + `:1: holds results of suite "t", not "s" as ` + aFile + ":1"},
		{"another version", []string{a, writeShard(t, filepath.Join(base, "d"), version)},
			filepath.Join(base, "d", record.FileName) + `:1: holds results of sfbench "0.0.1", not "" as ` + aFile + ":1"},
		{"malformed line", []string{a, malformed}, filepath.Join(malformed, record.FileName) + ":2: not a result record"},
		{"only empty shards", []string{empty, empty}, "no result records in 2 shard folders"},
		{"missing shard", []string{a, filepath.Join(base, "nope")}, filepath.Join(base, "nope", record.FileName)},
	}
	for _, c := range cases {
		out := filepath.Join(t.TempDir(), "out")
		_, err := Merge(out, c.shards)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: the output folder was created", c.name)
		}
	}
	// An empty shard beside others is a shard that had no cells.
	out := filepath.Join(t.TempDir(), "out")
	if n, err := Merge(out, []string{a, empty}); err != nil || n != 2 {
		t.Errorf("merge with an empty shard: %d, %v", n, err)
	}
}

// TestMergeNeverFollowsLinks: a results file or temporary file in the
// output folder that is a symbolic link is refused; its target is intact.
func TestMergeNeverFollowsLinks(t *testing.T) {
	shards := threeShards(t)
	for _, name := range []string{record.FileName, record.FileName + ".tmp"} {
		out, victim := t.TempDir(), filepath.Join(t.TempDir(), "victim")
		os.WriteFile(victim, []byte("precious\n"), 0o644)
		link := filepath.Join(out, name)
		os.Symlink(victim, link)
		if _, err := Merge(out, shards); err == nil || !strings.Contains(err.Error(), link+" is a symbolic link") {
			t.Errorf("%s a link: %v", name, err)
		}
		if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
			t.Errorf("%s a link: its target became %q", name, b)
		}
	}
	// A stale temporary file that is a regular file is replaced.
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, record.FileName+".tmp"), []byte("left by a kill"), 0o644)
	if n, err := Merge(out, shards); err != nil || n != 54 {
		t.Errorf("stale temporary file: %d, %v", n, err)
	}
}

// TestMergeInputsInsideTheOutputFolder: a results file inside the output
// folder, other than its results.jsonl, is merged too (it was once skipped
// as "the output folder itself"), and a folder merged twice stays one copy.
func TestMergeInputsInsideTheOutputFolder(t *testing.T) {
	out := writeShard(t, filepath.Join(t.TempDir(), "out"), testRecord("a", 0.1))
	extra := filepath.Join(out, "extra.jsonl")
	if err := record.WriteAll(extra, []record.Record{testRecord("b", 0.2)}); err != nil {
		t.Fatal(err)
	}
	n, err := Merge(out, []string{out, extra})
	if err != nil || n != 2 || strings.Join(ids(t, out), " ") != "a b" {
		t.Fatalf("merged %d, %v: %v", n, err, ids(t, out))
	}
	// Again, with everything repeated: nothing doubles.
	if n, err := Merge(out, []string{extra, out, extra}); err != nil || n != 2 || strings.Join(ids(t, out), " ") != "a b" {
		t.Errorf("merged again %d, %v: %v", n, err, ids(t, out))
	}
	// Into a fresh folder holding only the extra file.
	fresh := filepath.Join(t.TempDir(), "fresh")
	os.MkdirAll(fresh, 0o755)
	only := filepath.Join(fresh, "extra.jsonl")
	record.WriteAll(only, []record.Record{testRecord("c", 0.3)})
	if n, err := Merge(fresh, []string{only}); err != nil || n != 1 || strings.Join(ids(t, fresh), " ") != "c" {
		t.Errorf("fresh folder: %d, %v", n, err)
	}
}
