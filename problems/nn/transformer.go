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
type TransformerOf[F Float] struct {
	Cfg    TransformerConfig
	P      *ParamsOf[F]
	Emb    *EmbeddingOf[F]
	Blocks []*BlockOf[F]
	LNF    *LayerNormOf[F]
	Head   *DenseOf[F]
	Loss   *SoftmaxCrossEntropyOf[F]

	inp []int // inp: [MaxB, T] input tokens
	tgt []int // tgt: [MaxB, T] next-token targets
}

// Transformer is the float64 transformer.
type Transformer = TransformerOf[float64]

// BlockOf is one pre-LN transformer block.
type BlockOf[F Float] struct {
	LN1    *LayerNormOf[F]
	Attn   *CausalSelfAttentionOf[F]
	LN2    *LayerNormOf[F]
	FC     *DenseOf[F]
	GELU   *GELUOf[F]
	FCProj *DenseOf[F]

	T, C  int
	b     int
	x     []F // input of the last forward (not owned): [b, T, C]
	res1  []F // res1: [MaxB, T, C] x + Attn(LN1(x))
	res2  []F // res2: [MaxB, T, C] res1 + MLP(LN2(res1)) (the output)
	dres1 []F // dres1: [MaxB, T, C]
	dx    []F // dx: [MaxB, T, C]
}

// Block is the float64 block.
type Block = BlockOf[float64]

// NewBlock declares one block for cfg's DModel, Heads, MLPMult, Ctx and
// MaxBatch (Vocab and Blocks are ignored).
func NewBlock[F Float](p *ParamsOf[F], name string, cfg TransformerConfig) *BlockOf[F] {
	B, T, C := cfg.MaxBatch, cfg.Ctx, cfg.DModel
	N := B * T
	return &BlockOf[F]{
		LN1:    NewLayerNorm(p, name+".ln1", C, N),
		Attn:   NewCausalSelfAttention(p, name+".attn", C, cfg.Heads, T, B),
		LN2:    NewLayerNorm(p, name+".ln2", C, N),
		FC:     NewDense(p, name+".fc", C, cfg.MLPMult*C, N, true),
		GELU:   NewGELUOf[F](N * cfg.MLPMult * C),
		FCProj: NewDense(p, name+".fcproj", cfg.MLPMult*C, C, N, true),
		T:      T, C: C,
		res1:  make([]F, N*C),
		res2:  make([]F, N*C),
		dres1: make([]F, N*C),
		dx:    make([]F, N*C),
	}
}

// Forward applies the block to b sequences.
//
//	x, out: [b, T, C]
func (k *BlockOf[F]) Forward(x []F, b int) []F {
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
func (k *BlockOf[F]) Backward(dout []F) []F {
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
	return NewTransformerOf[float64](cfg, seed)
}

// NewTransformerOf is NewTransformer computing in F.
func NewTransformerOf[F Float](cfg TransformerConfig, seed uint64) *TransformerOf[F] {
	if cfg.Vocab < 2 || cfg.Ctx < 1 || cfg.DModel < 1 || cfg.Heads < 1 || cfg.DModel%cfg.Heads != 0 ||
		cfg.Blocks < 0 || cfg.MLPMult < 1 || cfg.MaxBatch < 1 {
		panic(fmt.Sprintf("nn: NewTransformer: bad config %+v", cfg))
	}
	B, T, C := cfg.MaxBatch, cfg.Ctx, cfg.DModel
	m := &TransformerOf[F]{Cfg: cfg, P: NewParamsOf[F]()}
	m.Emb = NewEmbedding(m.P, "emb", cfg.Vocab, T, C, B)
	for i := 0; i < cfg.Blocks; i++ {
		m.Blocks = append(m.Blocks, NewBlock(m.P, fmt.Sprintf("block%d", i), cfg))
	}
	m.LNF = NewLayerNorm(m.P, "lnf", C, B*T)
	m.Head = NewDense(m.P, "head", C, cfg.Vocab, B*T, true)
	m.Loss = NewSoftmaxCrossEntropyOf[F](cfg.Vocab, B*T)
	m.inp = make([]int, B*T)
	m.tgt = make([]int, B*T)
	m.P.Finalize(seed)
	return m
}

func (m *TransformerOf[F]) Params() []F { return m.P.Data }
func (m *TransformerOf[F]) Grad() []F   { return m.P.Grad }

// Use makes params and grad the model's parameter and gradient vectors
// (Params.Use): no copies.
func (m *TransformerOf[F]) Use(params, grad []F) { m.P.Use(params, grad) }

// forward returns the logits of b sequences of input tokens.
//
//	tokens: [b, T]
//	logits: [b, T, Vocab]
func (m *TransformerOf[F]) forward(tokens []int, b int) []F {
	N := b * m.Cfg.Ctx
	h := m.Emb.Forward(tokens, b) // [b, T, C]
	for _, k := range m.Blocks {
		h = k.Forward(h, b)
	}
	h = m.LNF.Forward(h, N)
	return m.Head.Forward(h, N)
}

// backward is the exact reverse of forward.
func (m *TransformerOf[F]) backward(dlogits []F) {
	d := m.Head.Backward(dlogits)
	d = m.LNF.Backward(d)
	for i := len(m.Blocks) - 1; i >= 0; i-- {
		d = m.Blocks[i].Backward(d)
	}
	m.Emb.Backward(d)
}

// split copies b sequences of T+1 tokens into inputs (first T) and targets
// (last T) and returns b.
func (m *TransformerOf[F]) split(tokens []int) int {
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
func (m *TransformerOf[F]) LossGrad(tokens []int) float64 {
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
func (m *TransformerOf[F]) EvalLoss(tokens []int) float64 {
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
