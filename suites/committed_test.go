package suites

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// committedIDs are the cell ids of a committed results file, and the
// settings fingerprint of its records.
func committedIDs(t *testing.T, path string) (ids map[string]bool, settings string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids = map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var r struct {
			ID       string `json:"id"`
			Settings string `json:"suite_settings"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		ids[r.ID], settings = true, r.Settings
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ids, settings
}

// TestCommittedCellIDs: the shipped paper suites expand into the cells
// their committed results hold, id for id (a sweep's grid exactly; a
// tune-then-seeds suite's tuning cells and seeds-phase cells among the
// ones it can produce), so that a change to the suite format keeps every
// committed record valid. Results run with other settings (a suite edited
// since, its results awaiting regeneration) are skipped.
func TestCommittedCellIDs(t *testing.T) {
	files, _ := filepath.Glob("../configs/paper-*.yaml")
	if len(files) == 0 {
		t.Fatal("no paper suites")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			results := filepath.Join("..", "results", name, "results.jsonl")
			if _, err := os.Stat(results); err != nil {
				t.Skip("no committed results")
			}
			s, err := LoadBuiltin(name)
			if err != nil {
				t.Fatal(err)
			}
			got, settings := committedIDs(t, results)
			if settings != s.Settings {
				t.Skipf("the committed results are of other settings (%s, the suite's are %s): regenerate them", settings, s.Settings)
			}
			grid := s.Cells()
			for _, c := range grid {
				if !got[c.ID] {
					t.Fatalf("cell %s (%s/%s lr=%g seed=%d) is not among the committed results", c.ID, c.Problem.Name, c.Optimizer.Name, c.LR, c.Seed)
				}
			}
			possible := s.PossibleCells()
			for id := range got {
				if !possible[id] {
					t.Fatalf("committed record %s is no cell of the suite", id)
				}
			}
			if s.Protocol.Kind == "sweep" && len(got) != len(grid) {
				t.Errorf("%d committed records for %d cells", len(got), len(grid))
			}
		})
	}
}
