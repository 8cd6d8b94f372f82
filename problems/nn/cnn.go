package nn

import "fmt"

// CNNConfig describes the small CNN
//
//	conv3×3(InC→C1) → BN → ReLU → maxpool2 → conv3×3(C1→C2) → BN → ReLU → maxpool2 → linear(C2·H/4·W/4 → Classes)
//
// on NCHW images [InC, H, W] (H and W divisible by 4). The convolutions have
// no bias (the following BatchNorm's Beta plays that role); the linear layer
// has one.
type CNNConfig struct {
	InC, H, W int
	C1, C2    int
	Classes   int
	MaxBatch  int
}

// DefaultCNNConfig is the 1×8×8 → 10 classes benchmark network with 8 and 16
// channels and batches of up to 32.
var DefaultCNNConfig = CNNConfig{InC: 1, H: 8, W: 8, C1: 8, C2: 16, Classes: 10, MaxBatch: 32}

// CNN is the network of CNNConfig with a softmax cross-entropy loss.
type CNNOf[F Float] struct {
	Cfg          CNNConfig
	P            *ParamsOf[F]
	Conv1, Conv2 *Conv2DOf[F]
	BN1, BN2     *BatchNormOf[F]
	ReLU1, ReLU2 *ReLUOf[F]
	Pool1, Pool2 *MaxPoolOf[F]
	FC           *DenseOf[F]
	Loss         *SoftmaxCrossEntropyOf[F]
	bns          [2]*BatchNormOf[F]
}

// CNN is the float64 CNN.
type CNN = CNNOf[float64]

// NewCNN builds the CNN and initializes it from seed (He-uniform conv and
// linear weights, zero linear bias, BN Gamma 1 / Beta 0; see Params.Init).
func NewCNN(cfg CNNConfig, seed uint64) *CNN { return NewCNNOf[float64](cfg, seed) }

// NewCNNOf is NewCNN computing in F.
func NewCNNOf[F Float](cfg CNNConfig, seed uint64) *CNNOf[F] {
	if cfg.H%4 != 0 || cfg.W%4 != 0 || cfg.InC < 1 || cfg.C1 < 1 || cfg.C2 < 1 || cfg.Classes < 2 || cfg.MaxBatch < 1 {
		panic(fmt.Sprintf("nn: NewCNN: bad config %+v", cfg))
	}
	B := cfg.MaxBatch
	m := &CNNOf[F]{Cfg: cfg, P: NewParamsOf[F]()}
	H, W := cfg.H, cfg.W
	m.Conv1 = NewConv2D(m.P, "conv1", cfg.InC, cfg.C1, H, W, B, false)
	m.Conv1.NoInputGrad = true
	m.BN1 = NewBatchNorm2D(m.P, "bn1", cfg.C1, H, W, B)
	m.ReLU1 = NewReLUOf[F](B * cfg.C1 * H * W)
	m.Pool1 = NewMaxPoolOf[F](cfg.C1, H, W, B)
	H, W = H/2, W/2
	m.Conv2 = NewConv2D(m.P, "conv2", cfg.C1, cfg.C2, H, W, B, false)
	m.BN2 = NewBatchNorm2D(m.P, "bn2", cfg.C2, H, W, B)
	m.ReLU2 = NewReLUOf[F](B * cfg.C2 * H * W)
	m.Pool2 = NewMaxPoolOf[F](cfg.C2, H, W, B)
	m.FC = NewDense(m.P, "fc", m.Pool2.OutLen(), cfg.Classes, B, true)
	m.Loss = NewSoftmaxCrossEntropyOf[F](cfg.Classes, B)
	m.bns = [2]*BatchNormOf[F]{m.BN1, m.BN2}
	m.P.Finalize(seed)
	return m
}

func (m *CNNOf[F]) Params() []F   { return m.P.Data }
func (m *CNNOf[F]) Grad() []F     { return m.P.Grad }
func (m *CNNOf[F]) InputLen() int { return m.Cfg.InC * m.Cfg.H * m.Cfg.W }
func (m *CNNOf[F]) MaxBatch() int { return m.Cfg.MaxBatch }

// Use implements Classifier.
func (m *CNNOf[F]) Use(params, grad []F) { m.P.Use(params, grad) }

// BNStats returns the BatchNorm running statistics (the live slices, float64
// for every F): BN1.RunMean, BN1.RunVar, BN2.RunMean, BN2.RunVar.
func (m *CNNOf[F]) BNStats() [][]float64 {
	return [][]float64{m.BN1.RunMean, m.BN1.RunVar, m.BN2.RunMean, m.BN2.RunVar}
}

// forward runs b images through the network and returns the logits; with
// stopAfterBN = k ∈ {1, 2} it stops after the k-th BatchNorm and returns its
// output instead (used by RecomputeBNStats).
//
//	x:      [b, InC, H, W]
//	logits: [b, Classes]
func (m *CNNOf[F]) forward(x []F, b int, stopAfterBN int) []F {
	h := m.Conv1.Forward(x, b) // [b, C1, H, W]
	h = m.BN1.Forward(h, b)
	if stopAfterBN == 1 {
		return h
	}
	h = m.ReLU1.Forward(h)
	h = m.Pool1.Forward(h, b) // [b, C1, H/2, W/2]
	h = m.Conv2.Forward(h, b) // [b, C2, H/2, W/2]
	h = m.BN2.Forward(h, b)
	if stopAfterBN == 2 {
		return h
	}
	h = m.ReLU2.Forward(h)
	h = m.Pool2.Forward(h, b) // [b, C2, H/4, W/4]
	return m.FC.Forward(h, b) // [b, Classes]
}

// backward is the exact reverse of forward.
func (m *CNNOf[F]) backward(dlogits []F) {
	d := m.FC.Backward(dlogits)
	d = m.Pool2.Backward(d)
	d = m.ReLU2.Backward(d)
	d = m.BN2.Backward(d)
	d = m.Conv2.Backward(d)
	d = m.Pool1.Backward(d)
	d = m.ReLU1.Backward(d)
	d = m.BN1.Backward(d)
	m.Conv1.Backward(d)
}

func (m *CNNOf[F]) setBNMode(mode BNMode) {
	for _, bn := range m.bns {
		bn.Mode = mode
	}
}

// LossGrad implements Classifier (BatchNorm in training mode).
func (m *CNNOf[F]) LossGrad(x []F, labels []int) (loss, acc float64) {
	b := checkBatch("nn: CNN.LossGrad", x, labels, m.InputLen(), m.Cfg.MaxBatch)
	m.setBNMode(BNTrain)
	m.P.ZeroGrad()
	logits := m.forward(x, b, 0)
	loss, acc = m.Loss.Forward(logits, labels, b)
	m.backward(m.Loss.Backward())
	return loss, acc
}

// Evaluate implements Classifier (BatchNorm in evaluation mode).
func (m *CNNOf[F]) Evaluate(x []F, labels []int) (loss, acc float64) {
	in, maxB := m.InputLen(), m.Cfg.MaxBatch
	n := len(labels)
	if len(x) != n*in || n == 0 {
		panic("nn: CNN.Evaluate: need len(x) = len(labels)·InputLen > 0")
	}
	m.setBNMode(BNEval)
	for i := 0; i < n; i += maxB {
		b := min(maxB, n-i)
		l, a := m.Loss.Forward(m.forward(x[i*in:(i+b)*in], b, 0), labels[i:i+b], b)
		loss += l * float64(b)
		acc += a * float64(b)
	}
	return loss / float64(n), acc / float64(n)
}

// RecomputeBNStats implements Classifier: for k = 1, 2 it forwards all of x
// (in chunks of MaxBatch) up to the k-th BatchNorm, which accumulates its
// exact population mean and variance while the earlier ones are in
// evaluation mode, then stores them as its running statistics. All
// BatchNorms end in evaluation mode.
func (m *CNNOf[F]) RecomputeBNStats(x []F) {
	in, maxB := m.InputLen(), m.Cfg.MaxBatch
	n := len(x) / in
	if n == 0 || len(x) != n*in {
		panic("nn: CNN.RecomputeBNStats: need len(x) a positive multiple of InputLen")
	}
	m.setBNMode(BNEval)
	for k, bn := range m.bns {
		bn.BeginAccumulate()
		for i := 0; i < n; i += maxB {
			b := min(maxB, n-i)
			m.forward(x[i*in:(i+b)*in], b, k+1)
		}
		bn.EndAccumulate()
	}
}
