package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports"
	"github.com/sfbench/sfbench/suites"
)

// TestRunWritesBest: run writes best.yaml beside its results: a suite
// that parses, whose cells are the cells of the configurations the report
// selected (id for id), and which, run, gives their results again; a
// shard writes none.
func TestRunWritesBest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	out, errOut, code := runCLI("run", "testdata/grid.yaml", "-o", dir, "-quiet", "-j", "2")
	best := filepath.Join(dir, suites.BestFile)
	if code != 0 || !strings.Contains(out, "best: wrote "+best+", the selected configurations as a suite\n") {
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}
	a, _, err := reports.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := record.Read(filepath.Join(dir, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	// The selected cells: every record of a selected configuration.
	selected := map[string]record.Record{}
	sel := a.Selections()
	for _, r := range recs {
		for _, s := range sel {
			if r.Problem == s.Problem && r.Optimizer == s.Label && r.LR == s.LR && r.Horizon == s.Horizon {
				selected[r.ID] = r
			}
		}
	}
	if len(sel) != 2*(1+2+1) || len(selected) != len(sel)*2 {
		t.Fatalf("%d selections, %d selected records", len(sel), len(selected))
	}
	b, err := suites.Load(best)
	if err != nil {
		src, _ := os.ReadFile(best)
		t.Fatalf("%v\n%s", err, src)
	}
	cells := b.Cells()
	if len(cells) != len(selected) {
		t.Errorf("best.yaml has %d cells, %d selected", len(cells), len(selected))
	}
	for _, c := range cells {
		if _, ok := selected[c.ID]; !ok {
			t.Errorf("best.yaml's cell %s/%s lr=%g seed %d was not selected", c.Problem.Name, c.Optimizer.Name, c.LR, c.Seed)
		}
	}
	again := filepath.Join(t.TempDir(), "again")
	if out, errOut, code := runCLI("run", best, "-o", again, "-quiet"); code != 0 {
		t.Fatalf("run best.yaml: exit %d\n%s%s", code, out, errOut)
	}
	rerun, _, err := record.Read(filepath.Join(again, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rerun {
		want := selected[r.ID]
		if record.Canonical(record.Record{Final: r.Final, Curve: r.Curve, Hyper: r.Hyper}) !=
			record.Canonical(record.Record{Final: want.Final, Curve: want.Curve, Hyper: want.Hyper}) {
			t.Errorf("cell %s: rerun from best.yaml differs", r.ID)
		}
	}
	if len(rerun) != len(selected) {
		t.Errorf("best.yaml ran %d cells, %d selected", len(rerun), len(selected))
	}
	shard := filepath.Join(t.TempDir(), "shard")
	if out, errOut, code := runCLI("run", "testdata/grid.yaml", "-o", shard, "-quiet", "-shard", "1/2"); code != 0 || strings.Contains(out, "best:") {
		t.Errorf("shard: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(shard, suites.BestFile)); !os.IsNotExist(err) {
		t.Errorf("a shard wrote best.yaml: %v", err)
	}
}
