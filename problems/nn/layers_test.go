package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// layerSetup is one layer wired for gradient checking: fwd runs Forward on
// the (mutable) input x, bwd runs Backward and returns the input gradient
// (nil when x is nil, e.g. for token inputs).
type layerSetup struct {
	p   *Params
	x   []float64
	fwd func() []float64
	bwd func(dout []float64) []float64
}

// TestLayerGradients checks every layer's parameter and input gradients
// against finite differences of the scalar L = Σ R ⊙ out for a fixed random
// R (so dout = R), at random parameters and inputs.
func TestLayerGradients(t *testing.T) {
	cases := []struct {
		name  string
		build func(r *rand.Rand) layerSetup
	}{
		{"Dense", func(r *rand.Rand) layerSetup {
			p := NewParams()
			d := NewDense(p, "d", 5, 7, 6, true)
			p.Finalize(1)
			x := randSlice(r, 4*5)
			return layerSetup{p, x, func() []float64 { return d.Forward(x, 4) }, d.Backward}
		}},
		{"DenseNoBias", func(r *rand.Rand) layerSetup {
			p := NewParams()
			d := NewDense(p, "d", 9, 3, 4, false)
			p.Finalize(1)
			x := randSlice(r, 3*9)
			return layerSetup{p, x, func() []float64 { return d.Forward(x, 3) }, d.Backward}
		}},
		{"ReLU", func(r *rand.Rand) layerSetup {
			a := NewReLU(30)
			x := randSlice(r, 24)
			return layerSetup{NewParams(), x, func() []float64 { return a.Forward(x) }, a.Backward}
		}},
		{"GELU", func(r *rand.Rand) layerSetup {
			a := NewGELU(30)
			x := randSlice(r, 24)
			for i := range x {
				x[i] *= 2
			}
			return layerSetup{NewParams(), x, func() []float64 { return a.Forward(x) }, a.Backward}
		}},
		{"Conv2D", func(r *rand.Rand) layerSetup {
			p := NewParams()
			c := NewConv2D(p, "c", 2, 3, 5, 4, 3, true)
			p.Finalize(1)
			x := randSlice(r, 2*2*5*4)
			return layerSetup{p, x, func() []float64 { return c.Forward(x, 2) }, c.Backward}
		}},
		{"BatchNorm2DTrain", func(r *rand.Rand) layerSetup {
			p := NewParams()
			bn := NewBatchNorm2D(p, "bn", 3, 4, 3, 4)
			p.Finalize(1)
			x := randSlice(r, 3*3*4*3)
			return layerSetup{p, x, func() []float64 { return bn.Forward(x, 3) }, bn.Backward}
		}},
		{"BatchNorm2DEval", func(r *rand.Rand) layerSetup {
			p := NewParams()
			bn := NewBatchNorm2D(p, "bn", 3, 2, 2, 4)
			p.Finalize(1)
			bn.Mode = BNEval
			for c := range bn.RunMean {
				bn.RunMean[c] = r.NormFloat64()
				bn.RunVar[c] = 0.5 + r.Float64()
			}
			x := randSlice(r, 2*3*2*2)
			return layerSetup{p, x, func() []float64 { return bn.Forward(x, 2) }, bn.Backward}
		}},
		{"BatchNorm1DTrain", func(r *rand.Rand) layerSetup {
			p := NewParams()
			bn := NewBatchNorm1D(p, "bn", 4, 8)
			p.Finalize(1)
			x := randSlice(r, 5*4)
			return layerSetup{p, x, func() []float64 { return bn.Forward(x, 5) }, bn.Backward}
		}},
		{"MaxPool2", func(r *rand.Rand) layerSetup {
			mp := NewMaxPool2(2, 4, 6, 3)
			x := randSlice(r, 2*2*4*6)
			return layerSetup{NewParams(), x, func() []float64 { return mp.Forward(x, 2) }, mp.Backward}
		}},
		{"LayerNorm", func(r *rand.Rand) layerSetup {
			p := NewParams()
			ln := NewLayerNorm(p, "ln", 6, 8)
			p.Finalize(1)
			x := randSlice(r, 5*6)
			return layerSetup{p, x, func() []float64 { return ln.Forward(x, 5) }, ln.Backward}
		}},
		{"Embedding", func(r *rand.Rand) layerSetup {
			p := NewParams()
			e := NewEmbedding(p, "e", 7, 4, 3, 3)
			p.Finalize(1)
			tok := []int{1, 3, 3, 6, 0, 1, 5, 1} // repeated ids accumulate
			return layerSetup{p, nil, func() []float64 { return e.Forward(tok, 2) },
				func(d []float64) []float64 { e.Backward(d); return nil }}
		}},
		{"CausalSelfAttention", func(r *rand.Rand) layerSetup {
			p := NewParams()
			a := NewCausalSelfAttention(p, "a", 8, 2, 5, 3)
			p.Finalize(1)
			x := randSlice(r, 2*5*8)
			return layerSetup{p, x, func() []float64 { return a.Forward(x, 2) }, a.Backward}
		}},
		{"TransformerBlock", func(r *rand.Rand) layerSetup {
			p := NewParams()
			k := NewBlock(p, "blk", TransformerConfig{Vocab: 5, Ctx: 4, DModel: 8, Heads: 2, Blocks: 1, MLPMult: 4, MaxBatch: 2})
			p.Finalize(1)
			x := randSlice(r, 2*4*8)
			return layerSetup{p, x, func() []float64 { return k.Forward(x, 2) }, k.Backward}
		}},
		{"SoftmaxCrossEntropy", func(r *rand.Rand) layerSetup {
			ce := NewSoftmaxCrossEntropy(5, 6)
			x := randSlice(r, 4*5)
			tg := []int{0, 4, 2, 2}
			buf := make([]float64, 1)
			dx := make([]float64, len(x))
			return layerSetup{NewParams(), x,
				func() []float64 { buf[0], _ = ce.Forward(x, tg, 4); return buf },
				func(d []float64) []float64 {
					for i, g := range ce.Backward() {
						dx[i] = g * d[0]
					}
					return dx
				}}
		}},
	}
	for ci, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(42, uint64(ci)))
			s := c.build(r)
			// random parameters around the initialization (γ ≠ 1, β, b ≠ 0)
			for i := range s.p.Data {
				s.p.Data[i] += 0.3 * r.NormFloat64()
			}
			out0 := s.fwd()
			R := randSlice(r, len(out0))
			scale := 0.0
			for i, v := range out0 {
				scale += math.Abs(R[i] * v)
			}
			loss := func() float64 {
				out := s.fwd()
				l := 0.0
				for i, v := range out {
					l += R[i] * v
				}
				return l
			}
			if s.p.Data != nil {
				s.p.ZeroGrad()
			}
			s.fwd()
			dx := append([]float64(nil), s.bwd(R)...)
			if s.p.NumParams() > 0 {
				g := append([]float64(nil), s.p.Grad...)
				checkParamGrad(t, r, s.p, g, loss, scale, 200, 10)
			}
			if s.x != nil {
				if len(dx) != len(s.x) {
					t.Fatalf("len(dx) = %d, want %d", len(dx), len(s.x))
				}
				checkGrad(t, "input", s.x, dx, loss, scale, sampleIdx(r, len(s.x), 100))
			}
		})
	}
}

func maxAbsDiff(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	m := 0.0
	for i := range a {
		m = math.Max(m, math.Abs(a[i]-b[i]))
	}
	return m
}

// TestDenseAgainstNaive compares the gemm path with the triple loops.
func TestDenseAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, sh := range [][3]int{{1, 1, 1}, {5, 3, 9}, {32, 64, 128}, {32, 128, 10}, {13, 64, 64}} {
		n, in, out := sh[0], sh[1], sh[2]
		p := NewParams()
		d := NewDense(p, "d", in, out, n, true)
		p.Finalize(3)
		for i := range p.Data {
			p.Data[i] = r.NormFloat64()
		}
		x := randSlice(r, n*in)
		got := append([]float64(nil), d.Forward(x, n)...)
		if e := maxAbsDiff(got, d.forwardNaive(x, n)); e > 1e-11 {
			t.Errorf("%v forward: max diff %g", sh, e)
		}
		dy := randSlice(r, n*out)
		p.ZeroGrad()
		dx := d.Backward(dy)
		ndx, ndW, ndb := d.backwardNaive(x, dy, n)
		if e := maxAbsDiff(dx, ndx); e > 1e-11 {
			t.Errorf("%v dx: max diff %g", sh, e)
		}
		if e := maxAbsDiff(d.Weight.G, ndW); e > 1e-11 {
			t.Errorf("%v dW: max diff %g", sh, e)
		}
		if e := maxAbsDiff(d.Bias.G, ndb); e > 1e-11 {
			t.Errorf("%v db: max diff %g", sh, e)
		}
	}
}

// TestConvAgainstNaive compares im2col+gemm with the direct loops.
func TestConvAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, sh := range [][5]int{{1, 8, 8, 8, 3}, {8, 16, 4, 4, 2}, {2, 3, 5, 7, 2}, {3, 2, 1, 1, 1}} {
		cin, cout, h, w, b := sh[0], sh[1], sh[2], sh[3], sh[4]
		p := NewParams()
		c := NewConv2D(p, "c", cin, cout, h, w, b, true)
		p.Finalize(3)
		for i := range p.Data {
			p.Data[i] = r.NormFloat64()
		}
		x := randSlice(r, b*cin*h*w)
		got := append([]float64(nil), c.Forward(x, b)...)
		if e := maxAbsDiff(got, c.forwardNaive(x, b)); e > 1e-11 {
			t.Errorf("%v forward: max diff %g", sh, e)
		}
		dy := randSlice(r, b*cout*h*w)
		p.ZeroGrad()
		dx := c.Backward(dy)
		ndx, ndW, ndb := c.backwardNaive(x, dy, b)
		if e := maxAbsDiff(dx, ndx); e > 1e-11 {
			t.Errorf("%v dx: max diff %g", sh, e)
		}
		if e := maxAbsDiff(c.Weight.G, ndW); e > 1e-11 {
			t.Errorf("%v dW: max diff %g", sh, e)
		}
		if e := maxAbsDiff(c.Bias.G, ndb); e > 1e-11 {
			t.Errorf("%v db: max diff %g", sh, e)
		}
	}
}

// TestAttentionAgainstNaive compares the blocked-gemm attention core with
// the llm.c-style loops (probabilities, output and dqkv).
func TestAttentionAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for _, sh := range [][4]int{{8, 2, 5, 2}, {12, 3, 37, 2}, {64, 4, 64, 2}, {4, 1, 1, 1}} {
		C, H, T, b := sh[0], sh[1], sh[2], sh[3]
		p := NewParams()
		a := NewCausalSelfAttention(p, "a", C, H, T, b)
		p.Finalize(1)
		a.qkv = randSlice(r, b*T*3*C)
		a.attend(b)
		att, y := append([]float64(nil), a.att...), append([]float64(nil), a.y...)
		a.attendNaive(b)
		if e := math.Max(maxAbsDiff(att, a.att), maxAbsDiff(y, a.y)); e > 1e-12 {
			t.Errorf("%v forward: max diff %g", sh, e)
		}
		dy := randSlice(r, b*T*C)
		a.attendBackward(dy, b)
		dqkv := append([]float64(nil), a.dqkv...)
		a.attendBackwardNaive(dy, b)
		if e := maxAbsDiff(dqkv, a.dqkv); e > 1e-12 {
			t.Errorf("%v backward: max diff %g", sh, e)
		}
	}
}

// TestKinks pins the documented choices at non-differentiable points:
// MaxPool2 routes ties to the first maximum in row-major window order, ReLU
// has derivative 0 at 0.
func TestKinks(t *testing.T) {
	mp := NewMaxPool2(1, 2, 2, 1)
	for _, c := range []struct {
		x    []float64
		want int
	}{
		{[]float64{0, 0, 0, 0}, 0},
		{[]float64{1, 2, 2, 1}, 1},
		{[]float64{1, 0, 2, 2}, 2},
		{[]float64{3, 0, 0, 3}, 0},
		{[]float64{-1, -2, -3, -0.5}, 3},
	} {
		mp.Forward(c.x, 1)
		dx := mp.Backward([]float64{1})
		for i, g := range dx {
			if (g == 1) != (i == c.want) {
				t.Errorf("MaxPool2 on %v: gradient %v, want it at %d", c.x, dx, c.want)
				break
			}
		}
	}
	relu := NewReLU(4)
	relu.Forward([]float64{-1, 0, math.Copysign(0, -1), 2})
	if dx := relu.Backward([]float64{5, 5, 5, 5}); dx[0] != 0 || dx[1] != 0 || dx[2] != 0 || dx[3] != 5 {
		t.Errorf("ReLU backward = %v, want [0 0 0 5]", dx)
	}
}
