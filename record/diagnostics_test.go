package record

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestDiagnosticsInJSON: a point without diagnostics is written as before
// (no diag key), a quantity an optimizer lacks is absent rather than 0, and
// non-finite values survive the round trip.
func TestDiagnosticsInJSON(t *testing.T) {
	b, _ := json.Marshal(Point{Step: 3, Metrics: Metrics{"train_loss": 1}})
	if strings.Contains(string(b), "diag") {
		t.Errorf("a point without diagnostics: %s", b)
	}
	b, _ = json.Marshal(Record{Suite: "s"})
	if strings.Contains(string(b), "diagnostics") {
		t.Errorf("a record without diagnostics: %s", b)
	}
	zero, inf := Value(0), Value(math.Inf(1))
	pt := Point{Step: 3, Metrics: Metrics{}, Diag: &Diagnostics{LR: &zero, GradNorm: &inf}}
	b, _ = json.Marshal(pt)
	if want := `"diag":{"lr":0,"grad_norm":"+Inf"}`; !strings.Contains(string(b), want) {
		t.Errorf("got %s, want %s in it", b, want)
	}
	var back Point
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for _, name := range DiagnosticNames {
		v, ok := back.Diag.Get(name)
		switch name {
		case "lr":
			if !ok || v != 0 {
				t.Errorf("lr: %v %v", v, ok)
			}
		case "grad_norm":
			if !ok || !math.IsInf(float64(v), 1) {
				t.Errorf("grad_norm: %v %v", v, ok)
			}
		default:
			if ok {
				t.Errorf("%s present: %v", name, v)
			}
		}
	}
	if _, ok := (*Diagnostics)(nil).Get("lr"); ok {
		t.Error("nil diagnostics have lr")
	}
}
