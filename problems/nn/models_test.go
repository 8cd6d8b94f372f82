package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randLabels(r *rand.Rand, n, k int) []int {
	y := make([]int, n)
	for i := range y {
		y[i] = r.IntN(k)
	}
	return y
}

func perturbParams(r *rand.Rand, p *Params, s float64) {
	for i := range p.Data {
		p.Data[i] += s * r.NormFloat64()
	}
}

var smallCNN = CNNConfig{InC: 2, H: 8, W: 4, C1: 3, C2: 4, Classes: 3, MaxBatch: 5}

var smallTransformer = TransformerConfig{Vocab: 7, Ctx: 5, DModel: 8, Heads: 2, Blocks: 2, MLPMult: 4, MaxBatch: 3}

// TestModelGradients checks the composed models' LossGrad (CNN with
// BatchNorm in training mode) against finite differences of their loss.
func TestModelGradients(t *testing.T) {
	cases := []struct {
		name  string
		build func(r *rand.Rand) (p *Params, lossGrad func() float64)
	}{
		{"MLP", func(r *rand.Rand) (*Params, func() float64) {
			m := NewMLP([]int{6, 5, 4}, 4, 1)
			x, y := randSlice(r, 3*6), randLabels(r, 3, 4)
			return m.P, func() float64 { l, _ := m.LossGrad(x, y); return l }
		}},
		{"MLPDeep", func(r *rand.Rand) (*Params, func() float64) {
			m := NewMLP([]int{5, 7, 6, 3}, 4, 2)
			x, y := randSlice(r, 4*5), randLabels(r, 4, 3)
			return m.P, func() float64 { l, _ := m.LossGrad(x, y); return l }
		}},
		{"CNN", func(r *rand.Rand) (*Params, func() float64) {
			m := NewCNN(smallCNN, 1)
			x, y := randSlice(r, 4*m.InputLen()), randLabels(r, 4, 3)
			return m.P, func() float64 { l, _ := m.LossGrad(x, y); return l }
		}},
		{"Transformer", func(r *rand.Rand) (*Params, func() float64) {
			m := NewTransformer(smallTransformer, 1)
			tok := randLabels(r, 2*(smallTransformer.Ctx+1), smallTransformer.Vocab)
			return m.P, func() float64 { return m.LossGrad(tok) }
		}},
	}
	for ci, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(99, uint64(ci)))
			p, lossGrad := c.build(r)
			perturbParams(r, p, 0.3)
			loss := lossGrad()
			g := append([]float64(nil), p.Grad...)
			checkParamGrad(t, r, p, g, lossGrad, math.Abs(loss), 150, 4)
		})
	}
}

// TestCausality: changing the input at position t0 leaves every output at
// positions < t0 bit-for-bit unchanged (and does change position t0).
func TestCausality(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	t.Run("CausalSelfAttention", func(t *testing.T) {
		const T, C, b = 6, 8, 2
		p := NewParams()
		a := NewCausalSelfAttention(p, "a", C, 2, T, b)
		p.Finalize(3)
		perturbParams(r, p, 0.3)
		x := randSlice(r, b*T*C)
		for t0 := 0; t0 < T; t0++ {
			base := append([]float64(nil), a.Forward(x, b)...)
			x2 := append([]float64(nil), x...)
			for j := 0; j < C; j++ {
				x2[(1*T+t0)*C+j] += 1 // sequence 1, position t0
			}
			out := a.Forward(x2, b)
			for i := range out {
				seq, pos := i/(T*C), (i/C)%T
				changed := out[i] != base[i]
				if (seq == 0 || pos < t0) && changed {
					t.Fatalf("t0=%d: output seq %d pos %d changed", t0, seq, pos)
				}
			}
			if same := maxAbsDiff(out[(T+t0)*C:(T+t0+1)*C], base[(T+t0)*C:(T+t0+1)*C]); same == 0 {
				t.Fatalf("t0=%d: output at t0 did not change", t0)
			}
		}
	})
	t.Run("Transformer", func(t *testing.T) {
		cfg := smallTransformer
		m := NewTransformer(cfg, 4)
		perturbParams(r, m.P, 0.3)
		T, V := cfg.Ctx, cfg.Vocab
		tok := randLabels(r, T, V)
		base := append([]float64(nil), m.forward(tok, 1)...)
		for t0 := 0; t0 < T; t0++ {
			tok2 := append([]int(nil), tok...)
			tok2[t0] = (tok2[t0] + 1) % V
			out := m.forward(tok2, 1)
			for pos := 0; pos < t0; pos++ {
				if d := maxAbsDiff(out[pos*V:(pos+1)*V], base[pos*V:(pos+1)*V]); d != 0 {
					t.Fatalf("token %d changed logits at earlier position %d by %g", t0, pos, d)
				}
			}
			if d := maxAbsDiff(out[t0*V:(t0+1)*V], base[t0*V:(t0+1)*V]); d == 0 {
				t.Fatalf("token %d did not change its own logits", t0)
			}
		}
	})
}

// TestBatchNormRunningStats: in training mode the running statistics follow
// torch: run = 0.9·run + 0.1·batch with the unbiased batch variance.
func TestBatchNormRunningStats(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	const C, S, b = 3, 4, 5
	p := NewParams()
	bn := NewBatchNorm2D(p, "bn", C, 2, 2, b)
	p.Finalize(1)
	for step := 0; step < 3; step++ {
		x := randSlice(r, b*C*S)
		wantM := append([]float64(nil), bn.RunMean...)
		wantV := append([]float64(nil), bn.RunVar...)
		for c := 0; c < C; c++ {
			var vals []float64
			for i := 0; i < b; i++ {
				vals = append(vals, x[(i*C+c)*S:(i*C+c+1)*S]...)
			}
			m, v := meanVar(vals)
			n := float64(len(vals))
			wantM[c] = 0.9*wantM[c] + 0.1*m
			wantV[c] = 0.9*wantV[c] + 0.1*v*n/(n-1)
		}
		bn.Forward(x, b)
		if d := math.Max(maxAbsDiff(bn.RunMean, wantM), maxAbsDiff(bn.RunVar, wantV)); d > 1e-14 {
			t.Fatalf("step %d: running stats off by %g", step, d)
		}
	}
}

// meanVar is the naive two-pass population mean and (biased) variance.
func meanVar(v []float64) (m, s2 float64) {
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	for _, x := range v {
		s2 += (x - m) * (x - m)
	}
	return m, s2 / float64(len(v))
}

// naiveBNStats returns per-channel population mean/var of y[n, C, S].
func naiveBNStats(y []float64, n, C, S int) (mean, vr []float64) {
	for c := 0; c < C; c++ {
		var vals []float64
		for i := 0; i < n; i++ {
			vals = append(vals, y[(i*C+c)*S:(i*C+c+1)*S]...)
		}
		m, v := meanVar(vals)
		mean, vr = append(mean, m), append(vr, v)
	}
	return mean, vr
}

// naiveBNReLUPool applies eval-mode BN with the given stats, ReLU and 2×2
// max pooling with plain loops.
func naiveBNReLUPool(y []float64, n, C, H, W int, g, be, mean, vr []float64) []float64 {
	out := make([]float64, n*C*(H/2)*(W/2))
	for i := 0; i < n; i++ {
		for c := 0; c < C; c++ {
			f := func(yy, xx int) float64 {
				v := y[((i*C+c)*H+yy)*W+xx]
				v = g[c]*(v-mean[c])/math.Sqrt(vr[c]+1e-5) + be[c]
				return math.Max(v, 0)
			}
			for yy := 0; yy < H/2; yy++ {
				for xx := 0; xx < W/2; xx++ {
					out[((i*C+c)*(H/2)+yy)*(W/2)+xx] = math.Max(math.Max(f(2*yy, 2*xx), f(2*yy, 2*xx+1)), math.Max(f(2*yy+1, 2*xx), f(2*yy+1, 2*xx+1)))
				}
			}
		}
	}
	return out
}

// TestCNNRecomputeBNStats: after RecomputeBNStats at parameters p, each
// BatchNorm's running statistics are the exact population mean and variance
// of its inputs over the data when the network runs in evaluation mode,
// computed here naively (direct convolution, plain loops). Evaluate must
// then agree with a naive evaluation-mode forward.
func TestCNNRecomputeBNStats(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	cfg := CNNConfig{InC: 2, H: 8, W: 8, C1: 3, C2: 4, Classes: 3, MaxBatch: 8}
	m := NewCNN(cfg, 3)
	perturbParams(r, m.P, 0.3)
	const n = 37 // not a multiple of MaxBatch: the last chunk has 5
	x := randSlice(r, n*m.InputLen())
	y := randLabels(r, n, cfg.Classes)
	for i := range x {
		x[i] = 2*x[i] + 0.5 // non-trivial input statistics
	}
	// scramble the running stats with a few training steps
	for i := 0; i < 3; i++ {
		m.LossGrad(x[i*8*m.InputLen():(i+1)*8*m.InputLen()], y[i*8:(i+1)*8])
	}
	m.RecomputeBNStats(x)

	// naive layer 1: conv1 → population stats
	h1 := m.Conv1.forwardNaive(x, n)
	m1, v1 := naiveBNStats(h1, n, cfg.C1, cfg.H*cfg.W)
	// naive layer 2: eval-mode BN1 (recomputed stats) → ReLU → pool → conv2 → stats
	p1 := naiveBNReLUPool(h1, n, cfg.C1, cfg.H, cfg.W, m.BN1.Gamma.W, m.BN1.Beta.W, m1, v1)
	h2 := m.Conv2.forwardNaive(p1, n)
	m2, v2 := naiveBNStats(h2, n, cfg.C2, cfg.H*cfg.W/4)
	for _, c := range []struct {
		name      string
		got, want []float64
	}{{"bn1 mean", m.BN1.RunMean, m1}, {"bn1 var", m.BN1.RunVar, v1}, {"bn2 mean", m.BN2.RunMean, m2}, {"bn2 var", m.BN2.RunVar, v2}} {
		for i := range c.want {
			if e := math.Abs(c.got[i]-c.want[i]) / math.Max(math.Abs(c.want[i]), 1e-3); e > 1e-12 {
				t.Errorf("%s[%d] = %.15g, want %.15g", c.name, i, c.got[i], c.want[i])
			}
		}
	}
	if m.BN1.Mode != BNEval || m.BN2.Mode != BNEval {
		t.Errorf("BatchNorms not left in eval mode")
	}

	// naive eval-mode logits → loss/accuracy
	p2 := naiveBNReLUPool(h2, n, cfg.C2, cfg.H/2, cfg.W/2, m.BN2.Gamma.W, m.BN2.Beta.W, m2, v2)
	logits := m.FC.forwardNaive(p2, n)
	wantLoss, correct := 0.0, 0
	for i := 0; i < n; i++ {
		z := logits[i*cfg.Classes : (i+1)*cfg.Classes]
		mx, am, s := math.Inf(-1), 0, 0.0
		for j, v := range z {
			if v > mx {
				mx, am = v, j
			}
		}
		for _, v := range z {
			s += math.Exp(v - mx)
		}
		wantLoss += math.Log(s) + mx - z[y[i]]
		if am == y[i] {
			correct++
		}
	}
	wantLoss /= n
	loss, acc := m.Evaluate(x, y)
	if math.Abs(loss-wantLoss) > 1e-12*math.Abs(wantLoss) || acc != float64(correct)/n {
		t.Errorf("Evaluate = (%.15g, %g), naive (%.15g, %g)", loss, acc, wantLoss, float64(correct)/n)
	}
}

// TestZeroAllocs: the hot paths allocate nothing.
func TestZeroAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 12))
	mlp := NewMLP([]int{64, 128, 10}, 32, 1)
	xm, ym := randSlice(r, 32*64), randLabels(r, 32, 10)
	cnn := NewCNN(DefaultCNNConfig, 1)
	xc, yc := randSlice(r, 70*64), randLabels(r, 70, 10)
	tcfg := DefaultTransformerConfig
	tcfg.MaxBatch = 2
	tr := NewTransformer(tcfg, 1)
	tok := randLabels(r, 2*(tcfg.Ctx+1), tcfg.Vocab)
	evTok := randLabels(r, 5*(tcfg.Ctx+1), tcfg.Vocab)
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"MLP.LossGrad", func() { mlp.LossGrad(xm, ym) }},
		{"MLP.Evaluate", func() { mlp.Evaluate(xm, ym) }},
		{"CNN.LossGrad", func() { cnn.LossGrad(xc[:32*64], yc[:32]) }},
		{"CNN.Evaluate", func() { cnn.Evaluate(xc, yc) }},
		{"CNN.RecomputeBNStats", func() { cnn.RecomputeBNStats(xc) }},
		{"Transformer.LossGrad", func() { tr.LossGrad(tok) }},
		{"Transformer.EvalLoss", func() { tr.EvalLoss(evTok) }},
	} {
		if a := testing.AllocsPerRun(3, c.f); a != 0 {
			t.Errorf("%s: %v allocations per run", c.name, a)
		}
	}
}

// TestDeterminism: the same seed gives the same initial bits, a different
// seed different ones, and the values follow the documented scheme.
func TestDeterminism(t *testing.T) {
	builds := []struct {
		name string
		f    func(seed uint64) *Params
	}{
		{"MLP", func(s uint64) *Params { return NewMLP([]int{64, 128, 10}, 4, s).P }},
		{"CNN", func(s uint64) *Params { return NewCNN(DefaultCNNConfig, s).P }},
		{"Transformer", func(s uint64) *Params { return NewTransformer(smallTransformer, s).P }},
	}
	for _, b := range builds {
		a1, a2, c := b.f(7), b.f(7), b.f(8)
		for i := range a1.Data {
			if math.Float64bits(a1.Data[i]) != math.Float64bits(a2.Data[i]) {
				t.Fatalf("%s: seed 7 twice differs at %d", b.name, i)
			}
		}
		if maxAbsDiff(a1.Data, c.Data) == 0 {
			t.Fatalf("%s: seeds 7 and 8 give the same parameters", b.name)
		}
		// the scheme of Params.Init, recomputed
		for ti, ts := range a1.List() {
			r := rand.New(rand.NewPCG(7, uint64(ti)))
			for j, v := range ts.W {
				var want float64
				switch ts.Init.Kind {
				case InitZeros:
				case InitOnes:
					want = 1
				case InitHeUniform:
					want = (2*r.Float64() - 1) * math.Sqrt(6/float64(ts.Init.FanIn))
				case InitNormal:
					want = ts.Init.Std * r.NormFloat64()
				}
				if v != want {
					t.Fatalf("%s: %s[%d] = %g, scheme gives %g", b.name, ts.Name, j, v, want)
				}
			}
		}
	}
}

// TestEvaluateChunks: chunked evaluation (with a partial last chunk) equals
// the example-weighted mean of one-at-a-time evaluations.
func TestEvaluateChunks(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 13))
	mlp := NewMLP([]int{6, 5, 4}, 3, 1)
	cnn := NewCNN(smallCNN, 2)
	perturbParams(r, cnn.P, 0.3)
	cnn.RecomputeBNStats(randSlice(r, 9*cnn.InputLen()))
	for _, m := range []Classifier{mlp, cnn} {
		const n = 8
		x, y := randSlice(r, n*m.InputLen()), randLabels(r, n, 3)
		loss, acc := m.Evaluate(x, y)
		wl, wa := 0.0, 0.0
		for i := 0; i < n; i++ {
			l, a := m.Evaluate(x[i*m.InputLen():(i+1)*m.InputLen()], y[i:i+1])
			wl += l / n
			wa += a / n
		}
		if math.Abs(loss-wl) > 1e-12 || math.Abs(acc-wa) > 1e-12 {
			t.Errorf("%T: Evaluate = (%g, %g), per-example mean (%g, %g)", m, loss, acc, wl, wa)
		}
	}
	tr := NewTransformer(smallTransformer, 3)
	L := smallTransformer.Ctx + 1
	tok := randLabels(r, 7*L, smallTransformer.Vocab) // MaxBatch 3: chunks 3, 3, 1
	want := 0.0
	for i := 0; i < 7; i++ {
		want += tr.EvalLoss(tok[i*L:(i+1)*L]) / 7
	}
	if got := tr.EvalLoss(tok); math.Abs(got-want) > 1e-12 {
		t.Errorf("Transformer.EvalLoss = %g, per-sequence mean %g", got, want)
	}
	// LossGrad's loss is the same quantity on one batch
	if l, e := tr.LossGrad(tok[:3*L]), tr.EvalLoss(tok[:3*L]); math.Abs(l-e) > 1e-12 {
		t.Errorf("LossGrad loss %g != EvalLoss %g", l, e)
	}
}
