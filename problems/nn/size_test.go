package nn

import (
	"runtime"
	"testing"
)

// TestSizeMatchesAllocation: MLPSize, CNNSize and TransformerSize count
// exactly the parameters the constructors declare and, within 5%, the
// bytes they allocate.
func TestSizeMatchesAllocation(t *testing.T) {
	tr := TransformerConfig{Vocab: 80, Ctx: 48, DModel: 32, Heads: 4, Blocks: 2, MLPMult: 4, MaxBatch: 8}
	cnn := CNNConfig{InC: 1, H: 16, W: 16, C1: 8, C2: 16, Classes: 10, MaxBatch: 32}
	for _, tc := range []struct {
		name  string
		size  Size
		build func() []float64 // the model's parameters
	}{
		{"mlp", MLPSize([]int{64, 2000, 10}, 64), func() []float64 { return NewMLP([]int{64, 2000, 10}, 64, 1).Params() }},
		{"deep mlp", MLPSize([]int{100, 300, 200, 7}, 50), func() []float64 { return NewMLP([]int{100, 300, 200, 7}, 50, 1).Params() }},
		{"cnn", CNNSize(cnn), func() []float64 { return NewCNN(cnn, 1).Params() }},
		{"transformer", TransformerSize(tr), func() []float64 { return NewTransformer(tr, 1).Params() }},
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		params := tc.build()
		runtime.ReadMemStats(&after)
		got := float64(after.TotalAlloc - before.TotalAlloc)
		t.Logf("%s: %.0f bytes allocated, %.0f counted", tc.name, got, 8*tc.size.Floats)
		if tc.size.Params != float64(len(params)) {
			t.Errorf("%s: counted %v parameters, the model has %d", tc.name, tc.size.Params, len(params))
		}
		if want := 8 * tc.size.Floats; got < 0.95*want || got > 1.05*want {
			t.Errorf("%s: counted %.0f bytes, the constructor allocated %.0f", tc.name, want, got)
		}
	}
}

// TestSizeOfAbsurdConfigs: counts never overflow or go negative.
func TestSizeOfAbsurdConfigs(t *testing.T) {
	const huge = 1_000_000_000_000_000_000
	for _, s := range []Size{
		MLPSize([]int{64, huge, 10}, huge),
		CNNSize(CNNConfig{InC: 1, H: 8, W: 8, C1: huge, C2: huge, Classes: 10, MaxBatch: huge}),
		TransformerSize(TransformerConfig{Vocab: 80, Ctx: huge, DModel: huge, Heads: 1, Blocks: huge, MLPMult: huge, MaxBatch: huge}),
	} {
		if !(s.Params > 1e18 && s.Floats > s.Params) {
			t.Errorf("absurd config counted as %+v", s)
		}
	}
}
