package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/sfbench/sfbench/internal/xstate"
)

// TestReturnsClean checks with XINUSE that the gemms and every model entry
// point (and so every layer they run), in float64 and float32, return with
// the vector upper state clean, at every gemm level this CPU has
// (internal/xstate).
func TestReturnsClean(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	mlp := NewMLP([]int{64, 128, 10}, 32, 1)
	mx, my := randSlice(r, 32*64), randLabels(r, 32, 10)
	cnn := NewCNN(DefaultCNNConfig, 1)
	cx, cy := randSlice(r, 32*cnn.InputLen()), randLabels(r, 32, 10)
	tcfg := TransformerConfig{Vocab: 20, Ctx: 16, DModel: 32, Heads: 2, Blocks: 1, MLPMult: 4, MaxBatch: 4}
	tr := NewTransformer(tcfg, 1)
	tok := randLabels(r, tcfg.MaxBatch*(tcfg.Ctx+1), tcfg.Vocab)
	mlp32 := NewFloat32Classifier(NewMLPOf[float32]([]int{64, 128, 10}, 32, 1))
	cnn32 := NewFloat32Classifier(NewCNNOf[float32](DefaultCNNConfig, 1))
	tr32 := NewFloat32LM(NewTransformerOf[float32](tcfg, 1))
	m, n, k := 13, 21, 9
	a, b, c, scratch := randSlice(r, m*k), randSlice(r, k*n), randSlice(r, m*n), make([]float64, k*n)
	a32, b32, c32, scratch32 := make([]float32, len(a)), make([]float32, len(b)), make([]float32, len(c)), make([]float32, len(scratch))
	narrowInto(a32, a)
	narrowInto(b32, b)
	narrowInto(c32, c)
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
		{Name: "gemmNN32", F: func() { gemmNN(m, n, k, a32, k, b32, n, c32, n, true) }},
		{Name: "gemmNT32", F: func() { gemmNT(m, n, k, a32, k, b32, k, c32, n, false, scratch32) }},
		{Name: "gemmTN32", F: func() { gemmTN(m, n, k, a32, m, b32, n, c32, n, true) }},
		{Name: "MLP32.LossGrad", F: func() { mlp32.LossGrad(mx, my) }},
		{Name: "MLP32.Evaluate", F: func() { mlp32.Evaluate(mx, my) }},
		{Name: "CNN32.LossGrad", F: func() { cnn32.LossGrad(cx, cy) }},
		{Name: "CNN32.Evaluate", F: func() { cnn32.Evaluate(cx, cy) }},
		{Name: "CNN32.RecomputeBNStats", F: func() { cnn32.RecomputeBNStats(cx) }},
		{Name: "Transformer32.LossGrad", F: func() { tr32.LossGrad(tok) }},
		{Name: "Transformer32.EvalLoss", F: func() { tr32.EvalLoss(tok) }},
	}
	xstate.TestReturnsClean(t, testLevels(), atLevel, calls)
}
