package nn

// Size is what a model's constructor allocates, counted from its
// configuration without building it (for memory estimates before a large
// model is built). Counts are float64, so that absurd configurations give
// huge numbers rather than overflowing.
type Size struct {
	Params float64 // parameters
	// Floats is every value the model holds, in float64s: parameters and
	// their gradients, layer buffers and scratch (int buffers counted at
	// their size in bytes over 8).
	Floats float64
}

// add counts a layer of params parameters and buffers other values.
func (s *Size) add(params, buffers float64) {
	s.Params += params
	s.Floats += 2*params + buffers
}

// The layers, as their constructors allocate (sizes in float64 so that no
// product overflows).

func (s *Size) dense(in, out, maxN float64) {
	s.add(in*out+out, maxN*out+maxN*in+in*out) // W, b; out, dx, scratch
}

func (s *Size) layerNorm(c, maxN float64) {
	s.add(2*c, 2*maxN+2*maxN*c) // gamma, beta; mean, rstd, out, dx
}

func (s *Size) batchNorm(c, spatial, maxB float64) {
	s.add(2*c, 6*c+3*maxB*c*spatial) // gamma, beta; statistics; xhat, out, dx
}

func (s *Size) conv(cin, cout, hw, maxB float64) {
	k9 := 9 * cin
	s.add(cout*k9, maxB*k9*hw+maxB*cout*hw+maxB*cin*hw+2*k9*hw) // W; col, out, dx, dcol, scratch
}

func (s *Size) attention(c, heads, t, maxB float64) {
	n := maxB * t
	s.dense(c, 3*c, n)
	s.dense(c, c, n)
	s.add(0, maxB*heads*t*t+4*n*c+t+t*t+t*c/heads) // att, y, dqkv, datt, ds, scr
}

// MLPSize counts NewMLP(sizes, maxBatch, …).
func MLPSize(sizes []int, maxBatch int) Size {
	var s Size
	b := float64(maxBatch)
	for i := 0; i+1 < len(sizes); i++ {
		s.dense(float64(sizes[i]), float64(sizes[i+1]), b)
		if i+2 < len(sizes) {
			s.add(0, 2*b*float64(sizes[i+1])) // ReLU out, dx
		}
	}
	if len(sizes) > 0 {
		s.add(0, 2*b*float64(sizes[len(sizes)-1])) // loss probs, dlogits
	}
	return s
}

// CNNSize counts NewCNN(cfg, …).
func CNNSize(cfg CNNConfig) Size {
	var s Size
	b, h, w := float64(cfg.MaxBatch), cfg.H, cfg.W
	for _, l := range [2][2]int{{cfg.InC, cfg.C1}, {cfg.C1, cfg.C2}} {
		cin, cout, hw := float64(l[0]), float64(l[1]), float64(h)*float64(w)
		s.conv(cin, cout, hw, b)
		s.batchNorm(cout, hw, b)
		s.add(0, 2*b*cout*hw)                            // ReLU out, dx
		pooled := b * cout * float64(h/2) * float64(w/2) // max pool:
		s.add(0, pooled/2+pooled+b*cout*hw)              // int32 argmax, out, dx
		h, w = h/2, w/2
	}
	s.dense(float64(cfg.C2)*float64(h)*float64(w), float64(cfg.Classes), b)
	s.add(0, 2*b*float64(cfg.Classes)) // loss
	return s
}

// TransformerSize counts NewTransformer(cfg, …).
func TransformerSize(cfg TransformerConfig) Size {
	var s Size
	b, t, c, v := float64(cfg.MaxBatch), float64(cfg.Ctx), float64(cfg.DModel), float64(cfg.Vocab)
	n, hidden := b*t, float64(cfg.MLPMult)*c
	s.add(v*c+t*c, n*c) // token and position tables; out
	var k Size          // one block
	k.layerNorm(c, n)
	k.attention(c, float64(max(cfg.Heads, 1)), t, b)
	k.layerNorm(c, n)
	k.dense(c, hidden, n)
	k.add(0, 3*n*hidden) // GELU th, out, dx
	k.dense(hidden, c, n)
	k.add(0, 4*n*c) // res1, res2, dres1, dx
	blocks := float64(max(cfg.Blocks, 0))
	s.Params += blocks * k.Params
	s.Floats += blocks * k.Floats
	s.layerNorm(c, n)
	s.dense(c, v, n)
	s.add(0, 2*n*v+2*n) // loss probs, dlogits; input and target tokens
	return s
}
