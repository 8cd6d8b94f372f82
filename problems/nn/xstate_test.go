package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/sfbench/sfbench/internal/xstate"
)

// TestReturnsClean checks that the gemms and every model entry point (and so
// every layer they run) return with the AVX upper state clean (XINUSE, see
// internal/xstate), at every gemm level this CPU has: a legacy-SSE
// instruction after a dirty return costs a state transition on Intel CPUs.
// It runs on AMD too, where that cost does not show.
func TestReturnsClean(t *testing.T) {
	if !xstate.Supported() {
		t.Skip("XGETBV with ECX=1 not supported")
	}
	r := rand.New(rand.NewPCG(9, 10))
	mlp := NewMLP([]int{64, 128, 10}, 32, 1)
	mx, my := randSlice(r, 32*64), randLabels(r, 32, 10)
	cnn := NewCNN(DefaultCNNConfig, 1)
	cx, cy := randSlice(r, 32*cnn.InputLen()), randLabels(r, 32, 10)
	tcfg := TransformerConfig{Vocab: 20, Ctx: 16, DModel: 32, Heads: 2, Blocks: 1, MLPMult: 4, MaxBatch: 4}
	tr := NewTransformer(tcfg, 1)
	tok := randLabels(r, tcfg.MaxBatch*(tcfg.Ctx+1), tcfg.Vocab)
	m, n, k := 13, 21, 9
	a, b, c, scratch := randSlice(r, m*k), randSlice(r, k*n), randSlice(r, m*n), make([]float64, k*n)
	calls := []struct {
		name string
		f    func()
	}{
		{"gemmNN", func() { gemmNN(m, n, k, a, k, b, n, c, n, true) }},
		{"gemmNT", func() { gemmNT(m, n, k, a, k, b, k, c, n, false, scratch) }},
		{"gemmTN", func() { gemmTN(m, n, k, a, m, b, n, c, n, true) }},
		{"MLP.LossGrad", func() { mlp.LossGrad(mx, my) }},
		{"MLP.Evaluate", func() { mlp.Evaluate(mx, my) }},
		{"CNN.LossGrad", func() { cnn.LossGrad(cx, cy) }},
		{"CNN.Evaluate", func() { cnn.Evaluate(cx, cy) }},
		{"CNN.RecomputeBNStats", func() { cnn.RecomputeBNStats(cx) }},
		{"Transformer.LossGrad", func() { tr.LossGrad(tok) }},
		{"Transformer.EvalLoss", func() { tr.EvalLoss(tok) }},
	}
	for _, level := range testLevels() {
		restore := atLevel(level)
		for _, call := range calls {
			if x, ok := xstate.ReturnsClean(call.f); !ok {
				t.Errorf("%s/%s: returned with XINUSE = %#x (upper state bits %#x in use)", level, call.name, x, x&xstate.Upper)
			}
		}
		restore()
	}
}
