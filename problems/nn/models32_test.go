package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Gradient checks of the float32 models. Finite differences of a float32
// loss are noisy: with the 4th-order formula of numDeriv and step h, the
// truncation error is O(h⁴) and the rounding error ≈ ε32·S/h ≈ 6e-8·S/h
// (S the loss's magnitude), so h = 1e-2 puts both near 1e-5·S: analytic and
// numerical derivatives agree to ~1e-3 relative where the derivative is not
// tiny, and the floor τ = 1e-3·S turns the test absolute below that (the
// noise of a zero derivative is ≈ 1e-5·S).
// The CNN's ReLUs and max pools make its loss piecewise smooth: steps of
// 1e-2 cross kinks (the float64 check uses 1e-4), so it takes 2e-3, where
// a few coordinates still straddle one: up to 1 in 25 of its coordinates
// may miss the tolerance (kinkShare), while its analytic float32 gradient
// must match the float64 one as tightly as the other models'.
const (
	fdStep32    = 1e-2
	fdStepCNN32 = 2e-3
	gradTol32   = 2e-2
	kinkShare   = 25
)

func numDeriv32(v []float32, i int, f func() float64, h float64) float64 {
	old := v[i]
	eval := func(d float64) (float64, float64) {
		v[i] = float32(float64(old) + d)
		return f(), float64(v[i]) - float64(old) // the step actually taken
	}
	fp1, h1 := eval(h)
	fm1, _ := eval(-h)
	fp2, _ := eval(2 * h)
	fm2, _ := eval(-2 * h)
	v[i] = old
	return (8*(fp1-fm1) - (fp2 - fm2)) / (12 * h1)
}

// models32 builds each model in float32 and in float64 at the same
// (float32-rounded) parameters; lossGrad runs one LossGrad of the float32
// model on fixed data, lossGrad64 of the float64 one.
func models32(r *rand.Rand) []struct {
	name               string
	p32                *ParamsOf[float32]
	p64                *Params
	lossGrad           func() float64
	lossGrad64         func() float64
	scaleOfPerturbance float64
	step               float64
	kinks              bool
} {
	type c = struct {
		name               string
		p32                *ParamsOf[float32]
		p64                *Params
		lossGrad           func() float64
		lossGrad64         func() float64
		scaleOfPerturbance float64
		step               float64
		kinks              bool
	}
	var out []c
	{
		m, m64 := NewMLPOf[float32]([]int{6, 5, 4}, 4, 1), NewMLP([]int{6, 5, 4}, 4, 1)
		x, y := randSlice(r, 3*6), randLabels(r, 3, 4)
		x32 := make([]float32, len(x))
		narrowInto(x32, x)
		widenInto(x, x32)
		out = append(out, c{"MLP", m.P, m64.P,
			func() float64 { l, _ := m.LossGrad(x32, y); return l },
			func() float64 { l, _ := m64.LossGrad(x, y); return l }, 0.3, fdStep32, false})
	}
	{
		m, m64 := NewCNNOf[float32](smallCNN, 1), NewCNN(smallCNN, 1)
		x, y := randSlice(r, 4*m.InputLen()), randLabels(r, 4, 3)
		x32 := make([]float32, len(x))
		narrowInto(x32, x)
		widenInto(x, x32)
		out = append(out, c{"CNN", m.P, m64.P,
			func() float64 { l, _ := m.LossGrad(x32, y); return l },
			func() float64 { l, _ := m64.LossGrad(x, y); return l }, 0.3, fdStepCNN32, true})
	}
	{
		m, m64 := NewTransformerOf[float32](smallTransformer, 1), NewTransformer(smallTransformer, 1)
		tok := randLabels(r, 2*(smallTransformer.Ctx+1), smallTransformer.Vocab)
		out = append(out, c{"Transformer", m.P, m64.P,
			func() float64 { return m.LossGrad(tok) },
			func() float64 { return m64.LossGrad(tok) }, 0.3, fdStep32, false})
	}
	return out
}

// TestModelGradients32 checks the float32 models' gradients against finite
// differences of their float32 loss (tolerances above), and against the
// float64 models' gradients at the same parameters (relative 1e-3 with the
// floor 1e-4·‖g‖∞: float32 sums of the batch's terms differ from float64
// ones by ~1e-5 relative).
func TestModelGradients32(t *testing.T) {
	for ci, c := range models32(rand.New(rand.NewPCG(7, 8))) {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(98, uint64(ci)))
			for i := range c.p32.Data {
				c.p32.Data[i] += float32(c.scaleOfPerturbance * r.NormFloat64())
			}
			widenInto(c.p64.Data, c.p32.Data)
			loss := c.lossGrad()
			g := make([]float64, len(c.p32.Grad))
			widenInto(g, c.p32.Grad)
			loss64 := c.lossGrad64()
			if d := math.Abs(loss-loss64) / math.Abs(loss64); d > 1e-5 {
				t.Errorf("float32 loss %v, float64 loss %v (rel diff %.2g)", loss, loss64, d)
			}
			gmax := 0.0
			for _, v := range c.p64.Grad {
				gmax = math.Max(gmax, math.Abs(v))
			}
			worst := 0.0
			for i, v := range c.p64.Grad {
				e := math.Abs(g[i]-v) / math.Max(math.Abs(v), 1e-4*gmax)
				worst = math.Max(worst, e)
				if e > 1e-3 {
					t.Errorf("grad[%d] (%s): float32 %v, float64 %v", i, paramLabel(c.p64, i), g[i], v)
					break
				}
			}
			t.Logf("float32 vs float64 gradient: worst rel diff %.3g", worst)
			floor := 1e-3 * math.Abs(loss)
			worstFD, nBad, idx := 0.0, 0, sampleIdx(r, len(g), 200)
			allowed := 0
			if c.kinks {
				allowed = len(idx) / kinkShare
			}
			for _, i := range idx {
				n := numDeriv32(c.p32.Data, i, c.lossGrad, c.step)
				e := relErr(g[i], n, floor)
				worstFD = math.Max(worstFD, e)
				if e > gradTol32 || math.IsNaN(e) {
					nBad++
					t.Logf("param %s[%d]: analytic %.7g numeric %.7g (rel err %.3g)", paramLabel(c.p64, i), i, g[i], n, e)
				}
			}
			if nBad > allowed {
				t.Errorf("float32 finite differences: %d of %d coordinates off (at most %d allowed)", nBad, len(idx), allowed)
			}
			t.Logf("float32 finite differences: worst rel err %.3g, %d of %d coordinates off", worstFD, nBad, len(idx))
		})
	}
}
