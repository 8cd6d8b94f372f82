package selection

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/sfbench/sfbench/record"
)

// run is a finished record with a train accuracy and loss, or a failed one.
func run(acc, loss float64, status string) record.Record {
	return record.Record{Status: status, Final: record.Metrics{"train_acc": record.Value(acc), "train_loss": record.Value(loss)}}
}

func TestSelect(t *testing.T) {
	ok, div := record.StatusOK, record.StatusDiverged
	for _, tc := range []struct {
		name   string
		metric string
		goal   string
		cands  [][]record.Record // one per rate, ascending
		want   int
	}{
		{"better mean wins", "train_acc", "max",
			[][]record.Record{{run(0.9, 0.3, ok), run(0.92, 0.3, ok)}, {run(0.95, 0.2, ok), run(0.95, 0.2, ok)}}, 1},
		{"fewer failed runs first", "train_acc", "max",
			[][]record.Record{{run(0.9, 0.3, ok), run(0.9, 0.3, ok)}, {run(0.99, 0.1, ok), run(math.NaN(), math.NaN(), div)}}, 0},
		// iris: 98.67% at both 2^-3 and 2^4 on one seed; the lower final
		// training loss decides, not the grid order.
		{"accuracy tie broken by the training loss", "train_acc", "max",
			[][]record.Record{{run(0.9867, 0.09, ok)}, {run(0.9, 0.3, ok)}, {run(0.9867, 0.04, ok)}}, 2},
		{"a tie on both goes to the smaller rate", "train_acc", "max",
			[][]record.Record{{run(0.5, 0.7, ok)}, {run(0.5, 0.7, ok)}}, 0},
		{"means equal but for rounding tie", "train_acc", "max",
			[][]record.Record{{run(0.1, 0.5, ok), run(0.2, 0.5, ok), run(0.3, 0.5, ok)},
				{run(0.3, 0.4, ok), run(0.2, 0.4, ok), run(0.1, 0.4, ok)}}, 1},
		{"min goal", "train_loss", "min",
			[][]record.Record{{run(0, 0.3, ok)}, {run(0, 0.2, ok)}, {run(0, 0.25, ok)}}, 1},
		{"a non-finite metric counts as failed", "train_loss", "min",
			[][]record.Record{{run(0, math.Inf(1), ok)}, {run(0, 5, ok)}}, 1},
		{"a missing metric counts as failed", "val_acc", "max",
			[][]record.Record{{run(0.9, 0.1, ok)}, {{Status: ok, Final: record.Metrics{"val_acc": 0.1}}}}, 1},
		{"every candidate failed: the first", "train_acc", "max",
			[][]record.Record{{run(math.NaN(), math.NaN(), div)}, {run(math.NaN(), math.NaN(), record.StatusError)}}, 0},
		{"no candidates", "train_acc", "max", nil, -1},
	} {
		var sums []Summary
		for _, recs := range tc.cands {
			sums = append(sums, Summarize(record.Refs(recs), tc.metric))
		}
		if got := Select(sums, tc.goal); got != tc.want {
			t.Errorf("%s: selected %d, want %d (%+v)", tc.name, got, tc.want, sums)
		}
	}
}

func TestTieBreak(t *testing.T) {
	for metric, want := range map[string]string{
		"train_acc": "train_loss", "val_acc": "val_loss", "test_acc": "test_loss",
		"val_loss": "train_loss", "gap": "train_loss", "train_loss": "",
	} {
		if got := TieBreak(metric); got != want {
			t.Errorf("TieBreak(%s) = %q, want %q", metric, got, want)
		}
	}
}

func ExampleSelect() {
	// Two rates tie on accuracy; the final training loss decides.
	recs := func(acc, loss float64) []*record.Record {
		return []*record.Record{{Status: record.StatusOK, Final: record.Metrics{"train_acc": record.Value(acc), "train_loss": record.Value(loss)}}}
	}
	cands := []Summary{Summarize(recs(0.98, 0.09), "train_acc"), Summarize(recs(0.98, 0.05), "train_acc")}
	fmt.Println(Select(cands, "max"))
	// Output: 1
}

func TestSelectBy(t *testing.T) {
	for _, tc := range []struct {
		metric   string
		reported []string
		want     string
	}{
		{"test_acc", []string{"test_acc", "val_acc", "train_acc"}, "val_acc"},
		{"test_acc", []string{"test_acc", "train_acc"}, "train_acc"},
		{"test_loss", []string{"test_loss"}, "test_loss"},
		{"test_bpc", []string{"val_bpc", "train_bpc"}, "val_bpc"},
		{"train_acc", []string{"train_acc", "val_acc"}, "train_acc"},
		{"val_loss", []string{"val_loss"}, "val_loss"},
	} {
		got := SelectBy(tc.metric, func(m string) bool { return slices.Contains(tc.reported, m) })
		if got != tc.want {
			t.Errorf("SelectBy(%s, %v) = %s, want %s", tc.metric, tc.reported, got, tc.want)
		}
	}
	if GoalOf("val_acc") != "max" || GoalOf("test_bpc") != "min" {
		t.Error("GoalOf")
	}
}
