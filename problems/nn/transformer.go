package nn

import "fmt"

// TransformerConfig describes a GPT-style character-level causal language
// model: token + learned positional embedding, Blocks pre-LayerNorm blocks
//
//	x = x + Attn(LN1(x));   x = x + Proj(GELU(FC(LN2(x))))     (FC: D → MLPMult·D)
//
// a final LayerNorm and an output projection D → Vocab (with bias, not tied
// to the token embedding).
type TransformerConfig struct {
	Vocab    int
	Ctx      int // T: positions per training sequence (inputs), targets shifted by one
	DModel   int
	Heads    int
	Blocks   int
	MLPMult  int
	MaxBatch int // sequences per LossGrad call
}

// DefaultTransformerConfig is the benchmark model: vocab 80, d 64, 4 heads,
// 2 blocks, MLP 4×, context 64, batch 16.
var DefaultTransformerConfig = TransformerConfig{Vocab: 80, Ctx: 64, DModel: 64, Heads: 4, Blocks: 2, MLPMult: 4, MaxBatch: 16}

// Transformer is the model of TransformerConfig with a per-token softmax
// cross-entropy loss (mean nats/token).
type Transformer struct {
	Cfg    TransformerConfig
	P      *Params
	Emb    *Embedding
	Blocks []*Block
	LNF    *LayerNorm
	Head   *Dense
	Loss   *SoftmaxCrossEntropy

	inp []int // inp: [MaxB, T] input tokens
	tgt []int // tgt: [MaxB, T] next-token targets
}

// Block is one pre-LN transformer block.
type Block struct {
	LN1    *LayerNorm
	Attn   *CausalSelfAttention
	LN2    *LayerNorm
	FC     *Dense
	GELU   *GELU
	FCProj *Dense

	T, C  int
	b     int
	x     []float64 // input of the last forward (not owned): [b, T, C]
	res1  []float64 // res1: [MaxB, T, C] x + Attn(LN1(x))
	res2  []float64 // res2: [MaxB, T, C] res1 + MLP(LN2(res1)) (the output)
	dres1 []float64 // dres1: [MaxB, T, C]
	dx    []float64 // dx: [MaxB, T, C]
}

// NewBlock declares one block for cfg's DModel, Heads, MLPMult, Ctx and
// MaxBatch (Vocab and Blocks are ignored).
func NewBlock(p *Params, name string, cfg TransformerConfig) *Block {
	B, T, C := cfg.MaxBatch, cfg.Ctx, cfg.DModel
	N := B * T
	return &Block{
		LN1:    NewLayerNorm(p, name+".ln1", C, N),
		Attn:   NewCausalSelfAttention(p, name+".attn", C, cfg.Heads, T, B),
		LN2:    NewLayerNorm(p, name+".ln2", C, N),
		FC:     NewDense(p, name+".fc", C, cfg.MLPMult*C, N, true),
		GELU:   NewGELU(N * cfg.MLPMult * C),
		FCProj: NewDense(p, name+".fcproj", cfg.MLPMult*C, C, N, true),
		T:      T, C: C,
		res1:  make([]float64, N*C),
		res2:  make([]float64, N*C),
		dres1: make([]float64, N*C),
		dx:    make([]float64, N*C),
	}
}

// Forward applies the block to b sequences.
//
//	x, out: [b, T, C]
func (k *Block) Forward(x []float64, b int) []float64 {
	N := b * k.T
	k.b, k.x = b, x[:N*k.C]
	res1, res2 := k.res1[:N*k.C], k.res2[:N*k.C]
	h := k.LN1.Forward(x, N)
	a := k.Attn.Forward(h, b)
	for i, v := range k.x {
		res1[i] = v + a[i]
	}
	h = k.LN2.Forward(res1, N)
	h = k.FC.Forward(h, N)     // [N, 4C]
	h = k.GELU.Forward(h)      // [N, 4C]
	h = k.FCProj.Forward(h, N) // [N, C]
	for i, v := range res1 {
		res2[i] = v + h[i]
	}
	return res2
}

// Backward is the reverse of Forward.
//
//	dout, dx: [b, T, C]
func (k *Block) Backward(dout []float64) []float64 {
	N := k.b * k.T
	dout = dout[:N*k.C]
	dres1, dx := k.dres1[:N*k.C], k.dx[:N*k.C]
	// reverse of res2 = res1 + MLP(LN2(res1))
	d := k.FCProj.Backward(dout)
	d = k.GELU.Backward(d)
	d = k.FC.Backward(d)
	d = k.LN2.Backward(d)
	for i, g := range dout {
		dres1[i] = g + d[i]
	}
	// reverse of res1 = x + Attn(LN1(x))
	d = k.Attn.Backward(dres1)
	d = k.LN1.Backward(d)
	for i, g := range dres1 {
		dx[i] = g + d[i]
	}
	return dx
}

// NewTransformer builds the model and initializes it from seed (embeddings
// N(0, 0.02²); every Dense He-uniform with zero bias; LayerNorm 1/0; see
// Params.Init).
func NewTransformer(cfg TransformerConfig, seed uint64) *Transformer {
	if cfg.Vocab < 2 || cfg.Ctx < 1 || cfg.DModel < 1 || cfg.Heads < 1 || cfg.DModel%cfg.Heads != 0 ||
		cfg.Blocks < 0 || cfg.MLPMult < 1 || cfg.MaxBatch < 1 {
		panic(fmt.Sprintf("nn: NewTransformer: bad config %+v", cfg))
	}
	B, T, C := cfg.MaxBatch, cfg.Ctx, cfg.DModel
	m := &Transformer{Cfg: cfg, P: NewParams()}
	m.Emb = NewEmbedding(m.P, "emb", cfg.Vocab, T, C, B)
	for i := 0; i < cfg.Blocks; i++ {
		m.Blocks = append(m.Blocks, NewBlock(m.P, fmt.Sprintf("block%d", i), cfg))
	}
	m.LNF = NewLayerNorm(m.P, "lnf", C, B*T)
	m.Head = NewDense(m.P, "head", C, cfg.Vocab, B*T, true)
	m.Loss = NewSoftmaxCrossEntropy(cfg.Vocab, B*T)
	m.inp = make([]int, B*T)
	m.tgt = make([]int, B*T)
	m.P.Finalize(seed)
	return m
}

func (m *Transformer) Params() []float64 { return m.P.Data }
func (m *Transformer) Grad() []float64   { return m.P.Grad }

// Use makes params and grad the model's parameter and gradient vectors
// (Params.Use): no copies.
func (m *Transformer) Use(params, grad []float64) { m.P.Use(params, grad) }

// forward returns the logits of b sequences of input tokens.
//
//	tokens: [b, T]
//	logits: [b, T, Vocab]
func (m *Transformer) forward(tokens []int, b int) []float64 {
	N := b * m.Cfg.Ctx
	h := m.Emb.Forward(tokens, b) // [b, T, C]
	for _, k := range m.Blocks {
		h = k.Forward(h, b)
	}
	h = m.LNF.Forward(h, N)
	return m.Head.Forward(h, N)
}

// backward is the exact reverse of forward.
func (m *Transformer) backward(dlogits []float64) {
	d := m.Head.Backward(dlogits)
	d = m.LNF.Backward(d)
	for i := len(m.Blocks) - 1; i >= 0; i-- {
		d = m.Blocks[i].Backward(d)
	}
	m.Emb.Backward(d)
}

// split copies b sequences of T+1 tokens into inputs (first T) and targets
// (last T) and returns b.
func (m *Transformer) split(tokens []int) int {
	T := m.Cfg.Ctx
	b := len(tokens) / (T + 1)
	if b < 1 || b > m.Cfg.MaxBatch || len(tokens) != b*(T+1) {
		panic(fmt.Sprintf("nn: Transformer: need 1..%d sequences of Ctx+1 = %d tokens, got %d tokens", m.Cfg.MaxBatch, T+1, len(tokens)))
	}
	for i := 0; i < b; i++ {
		s := tokens[i*(T+1) : (i+1)*(T+1)]
		copy(m.inp[i*T:(i+1)*T], s[:T])
		copy(m.tgt[i*T:(i+1)*T], s[1:])
	}
	return b
}

// LossGrad takes b ≤ MaxBatch token sequences [b, Ctx+1] (inputs are the
// first Ctx tokens of each, targets the last Ctx), returns the mean loss in
// nats per token and overwrites Grad with its gradient.
func (m *Transformer) LossGrad(tokens []int) float64 {
	b := m.split(tokens)
	m.P.ZeroGrad()
	N := b * m.Cfg.Ctx
	logits := m.forward(m.inp, b)
	loss, _ := m.Loss.Forward(logits, m.tgt, N)
	m.backward(m.Loss.Backward())
	return loss
}

// EvalLoss returns the mean loss in nats per token over any number of
// sequences [n, Ctx+1], processed MaxBatch at a time. Grad is not touched.
func (m *Transformer) EvalLoss(tokens []int) float64 {
	L := m.Cfg.Ctx + 1
	n := len(tokens) / L
	if n == 0 || len(tokens) != n*L {
		panic("nn: Transformer.EvalLoss: need a positive multiple of Ctx+1 tokens")
	}
	sum := 0.0
	for i := 0; i < n; i += m.Cfg.MaxBatch {
		b := min(m.Cfg.MaxBatch, n-i)
		m.split(tokens[i*L : (i+b)*L])
		N := b * m.Cfg.Ctx
		loss, _ := m.Loss.Forward(m.forward(m.inp, b), m.tgt, N)
		sum += loss * float64(N)
	}
	return sum / float64(n*m.Cfg.Ctx)
}
