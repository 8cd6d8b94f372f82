package nn

import "fmt"

// MLP is Dense → ReLU → Dense → … → Dense with a softmax cross-entropy
// loss, e.g. sizes {64, 128, 10}: 64 → 128 → ReLU → 10.
type MLPOf[F Float] struct {
	P     *ParamsOf[F]
	Sizes []int
	Dense []*DenseOf[F]
	ReLU  []*ReLUOf[F] // one after every Dense but the last
	Loss  *SoftmaxCrossEntropyOf[F]
	maxB  int
}

// MLP is the float64 MLP.
type MLP = MLPOf[float64]

// NewMLP builds an MLP with layer widths sizes (input first, classes last)
// for batches of up to maxBatch examples and initializes it from seed
// (He-uniform weights, zero biases; see Params.Init).
func NewMLP(sizes []int, maxBatch int, seed uint64) *MLP {
	return NewMLPOf[float64](sizes, maxBatch, seed)
}

// NewMLPOf is NewMLP computing in F.
func NewMLPOf[F Float](sizes []int, maxBatch int, seed uint64) *MLPOf[F] {
	if len(sizes) < 2 {
		panic(fmt.Sprintf("nn: NewMLP: need at least 2 sizes, got %v", sizes))
	}
	m := &MLPOf[F]{P: NewParamsOf[F](), Sizes: append([]int(nil), sizes...), maxB: maxBatch}
	for i := 0; i+1 < len(sizes); i++ {
		m.Dense = append(m.Dense, NewDense(m.P, fmt.Sprintf("fc%d", i), sizes[i], sizes[i+1], maxBatch, true))
		if i+2 < len(sizes) {
			m.ReLU = append(m.ReLU, NewReLUOf[F](maxBatch*sizes[i+1]))
		}
	}
	m.Dense[0].NoInputGrad = true
	m.Loss = NewSoftmaxCrossEntropyOf[F](sizes[len(sizes)-1], maxBatch)
	m.P.Finalize(seed)
	return m
}

func (m *MLPOf[F]) Params() []F   { return m.P.Data }
func (m *MLPOf[F]) Grad() []F     { return m.P.Grad }
func (m *MLPOf[F]) InputLen() int { return m.Sizes[0] }
func (m *MLPOf[F]) MaxBatch() int { return m.maxB }

// Use implements Classifier.
func (m *MLPOf[F]) Use(params, grad []F) { m.P.Use(params, grad) }

// forward returns the logits of b examples.
//
//	x:      [b, Sizes[0]]
//	logits: [b, Sizes[last]]
func (m *MLPOf[F]) forward(x []F, b int) []F {
	h := x
	for i, d := range m.Dense {
		h = d.Forward(h, b)
		if i < len(m.ReLU) {
			h = m.ReLU[i].Forward(h)
		}
	}
	return h
}

// backward runs the layers in reverse from dlogits.
func (m *MLPOf[F]) backward(dlogits []F) {
	d := dlogits
	for i := len(m.Dense) - 1; i >= 0; i-- {
		if i < len(m.ReLU) {
			d = m.ReLU[i].Backward(d)
		}
		d = m.Dense[i].Backward(d)
	}
}

// LossGrad implements Classifier.
func (m *MLPOf[F]) LossGrad(x []F, labels []int) (loss, acc float64) {
	b := checkBatch("nn: MLP.LossGrad", x, labels, m.InputLen(), m.maxB)
	m.P.ZeroGrad()
	logits := m.forward(x, b)
	loss, acc = m.Loss.Forward(logits, labels, b)
	m.backward(m.Loss.Backward())
	return loss, acc
}

// Evaluate implements Classifier.
func (m *MLPOf[F]) Evaluate(x []F, labels []int) (loss, acc float64) {
	in := m.InputLen()
	n := len(labels)
	if len(x) != n*in || n == 0 {
		panic("nn: MLP.Evaluate: need len(x) = len(labels)·InputLen > 0")
	}
	for i := 0; i < n; i += m.maxB {
		b := min(m.maxB, n-i)
		l, a := m.Loss.Forward(m.forward(x[i*in:(i+b)*in], b), labels[i:i+b], b)
		loss += l * float64(b)
		acc += a * float64(b)
	}
	return loss / float64(n), acc / float64(n)
}

// RecomputeBNStats implements Classifier (the MLP has no BatchNorm).
func (m *MLPOf[F]) RecomputeBNStats(x []F) {}
