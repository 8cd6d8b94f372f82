package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/sfbench/sfbench/internal/xstate"
)

// TestReturnsClean checks with XINUSE that the gemms and every model entry
// point (and so every layer they run) return with the vector upper state
// clean, at every gemm level this CPU has (internal/xstate).
func TestReturnsClean(t *testing.T) {
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
	calls := []xstate.Call{
		{Name: "gemmNN", F: func() { gemmNN(m, n, k, a, k, b, n, c, n, true) }},
		{Name: "gemmNT", F: func() { gemmNT(m, n, k, a, k, b, k, c, n, false, scratch) }},
		{Name: "gemmTN", F: func() { gemmTN(m, n, k, a, m, b, n, c, n, true) }},
		{Name: "MLP.LossGrad", F: func() { mlp.LossGrad(mx, my) }},
		{Name: "MLP.Evaluate", F: func() { mlp.Evaluate(mx, my) }},
		{Name: "CNN.LossGrad", F: func() { cnn.LossGrad(cx, cy) }},
		{Name: "CNN.Evaluate", F: func() { cnn.Evaluate(cx, cy) }},
		{Name: "CNN.RecomputeBNStats", F: func() { cnn.RecomputeBNStats(cx) }},
		{Name: "Transformer.LossGrad", F: func() { tr.LossGrad(tok) }},
		{Name: "Transformer.EvalLoss", F: func() { tr.EvalLoss(tok) }},
	}
	xstate.TestReturnsClean(t, testLevels(), atLevel, calls)
}
