package reports

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/sfbench/sfbench/record"
)

// TestReadKeepsLittlePerRecord: Read keeps of each record its outcome and
// final metrics only (issue 17, case 9: a report of 200k records peaked at
// 1.79 GB). The live heap an analysis holds is measured after a collection,
// so the figure is the program's, not the collector's timing.
func TestReadKeepsLittlePerRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads 24000 records")
	}
	const n = 24000 // more runs at the selected rates than ExtraCurveRuns
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	metrics := func(v float64) record.Metrics {
		return record.Metrics{"train_loss": record.Value(v), "train_accuracy": 0.5, "val_loss": record.Value(v), "val_accuracy": 0.5,
			"test_loss": record.Value(v), "test_accuracy": 0.5}
	}
	for i := range n {
		r := record.Record{ID: fmt.Sprintf("cell-%d", i), Suite: "mem", Phase: "sweep", Problem: fmt.Sprintf("p%d", i%2), ProblemKind: "softmax",
			ProblemOptions: map[string]any{"dataset": "letter", "batch": 16.0}, ProblemIndex: i % 2,
			Optimizer: fmt.Sprintf("o%d", i/2%3), OptimizerKind: "sf-adamw", OptimizerIndex: i / 2 % 3,
			Hyper: map[string]any{"beta1": 0.9, "beta2": 0.999, "warmup_fraction": 0.05}, LR: float64(1 + i/6%4), Seed: i / 24,
			Horizon: 100, Steps: 100, Status: record.StatusOK, EvalAt: "x", Final: metrics(1 / float64(i+1)), WallSeconds: 1, TrainSeconds: 0.5,
			Environment: record.Environment{Sfbench: "test", Go: "go", GOOS: "linux", GOARCH: "amd64", CPU: "cpu"}}
		for s := 10; s <= 100; s += 10 {
			r.Curve = append(r.Curve, record.Point{Step: s, Metrics: metrics(float64(s))})
		}
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	live := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := live()
	a, _, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	per := float64(live()-before) / n
	runtime.KeepAlive(a)
	if got := len(a.Groups); got != 24 {
		t.Fatalf("%d groups, want 24", got)
	}
	t.Logf("%.0f bytes live per record", per)
	// A record.Record alone is about 600 bytes; a run with its final
	// metrics about 400.
	if per > 600 {
		t.Errorf("the analysis holds %.0f bytes per record, want at most 600", per)
	}
}
