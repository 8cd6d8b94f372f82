package nn

import "fmt"

// Embedding maps token ids to vectors and adds a learned positional vector:
//
//	out[b, t, :] = Tok[tokens[b, t], :] + Pos[t, :]
//
// Parameters (both N(0, 0.02²), GPT-2's scheme):
//
//	Tok: [Vocab, C]
//	Pos: [T, C]
type EmbeddingOf[F Float] struct {
	Vocab, T, C, MaxB int
	Tok, Pos          *ParamOf[F]

	b      int
	tokens []int // tokens of the last Forward (not owned): [b, T]
	out    []F   // out: [MaxB, T, C]
}

// Embedding is the float64 Embedding.
type Embedding = EmbeddingOf[float64]

// NewEmbedding declares token and positional embedding tables.
func NewEmbedding[F Float](p *ParamsOf[F], name string, vocab, t, c, maxB int) *EmbeddingOf[F] {
	return &EmbeddingOf[F]{Vocab: vocab, T: t, C: c, MaxB: maxB,
		Tok: p.New(name+".tok", Init{Kind: InitNormal, Std: 0.02}, vocab, c),
		Pos: p.New(name+".pos", Init{Kind: InitNormal, Std: 0.02}, t, c),
		out: make([]F, maxB*t*c),
	}
}

// Forward embeds b sequences of T tokens.
//
//	tokens: [b, T] ids in [0, Vocab)
//	out:    [b, T, C]
func (e *EmbeddingOf[F]) Forward(tokens []int, b int) []F {
	T, C := e.T, e.C
	if b > e.MaxB || len(tokens) < b*T {
		panic(fmt.Sprintf("nn: Embedding.Forward: b=%d (max %d), len(tokens)=%d, T=%d", b, e.MaxB, len(tokens), T))
	}
	e.b, e.tokens = b, tokens[:b*T]
	out := e.out[:b*T*C]
	for i, tok := range e.tokens {
		if i%16 == 0 {
			clearUpper() // every 16 rows (upper.go)
		}
		if tok < 0 || tok >= e.Vocab {
			panic(fmt.Sprintf("nn: Embedding.Forward: token %d outside [0, %d)", tok, e.Vocab))
		}
		t := i % T
		o := out[i*C : (i+1)*C]
		wt := e.Tok.W[tok*C : (tok+1)*C]
		wp := e.Pos.W[t*C : (t+1)*C]
		for j := range o {
			o[j] = wt[j] + wp[j]
		}
	}
	return out
}

// Backward scatters dout into dTok and dPos (tokens have no gradient).
//
//	dout: [b, T, C]
func (e *EmbeddingOf[F]) Backward(dout []F) {
	T, C := e.T, e.C
	for i, tok := range e.tokens {
		if i%16 == 0 {
			clearUpper() // every 16 rows (upper.go)
		}
		t := i % T
		d := dout[i*C : (i+1)*C]
		gt := e.Tok.G[tok*C : (tok+1)*C]
		gp := e.Pos.G[t*C : (t+1)*C]
		for j, g := range d {
			gt[j] += g
			gp[j] += g
		}
	}
}
