package compare

import (
	"strings"
	"testing"

	"github.com/sfbench/sfbench/record"
)

func TestMovedRates(t *testing.T) {
	rec := func(lr float64, seed int, acc float64, phase string) record.Record {
		return record.Record{Problem: "p", Optimizer: "o", Horizon: 10, LR: lr, Seed: seed, Phase: phase,
			Status: record.StatusOK, SelectMetric: "val_acc", SelectGoal: "max",
			Final: record.Metrics{"val_acc": record.Value(acc), "val_loss": record.Value(1 - acc)}}
	}
	base := []record.Record{rec(0.1, 0, 0.9, "sweep"), rec(1, 0, 0.8, "sweep")}
	same := []record.Record{rec(0.1, 0, 0.91, "sweep"), rec(1, 0, 0.8, "sweep")}
	moved := []record.Record{rec(0.1, 0, 0.7, "sweep"), rec(1, 0, 0.8, "sweep")}
	// Under tune-then-seeds the seeds phase says which rate was selected.
	seeds := []record.Record{rec(0.1, 0, 0.95, "tune"), rec(1, 0, 0.8, "tune"), rec(1, 1, 0.8, "seeds")}
	for _, tc := range []struct {
		name string
		nw   []record.Record
		want string
	}{
		{"same choice", same, ""},
		{"moved", moved, "p/o (10 steps): the selected rate moved from 0.1 in BASE to 1 in NEW"},
		{"seeds phase", seeds, "moved from 0.1 in BASE to 1 in NEW"},
	} {
		got := strings.Join(movedRates((&Results{Records: base}).runsOf(), (&Results{Records: tc.nw}).runsOf()), "\n")
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
