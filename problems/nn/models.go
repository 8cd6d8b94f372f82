package nn

import "fmt"

// ClassifierOf is what the MLP and the CNN expose to a benchmark problem,
// computing in F. The optimizer's point is Params() (one flat vector; write
// into it to move the model) and LossGrad leaves the gradient of the mean
// batch loss in Grad().
type ClassifierOf[F Float] interface {
	// Params is the flat parameter vector (live: writes move the model).
	Params() []F
	// Grad is the flat gradient vector, same layout as Params.
	Grad() []F
	// Use makes params and grad (of len(Params()) values each) the model's
	// parameter and gradient vectors from now on (Params.Use): no copies.
	Use(params, grad []F)
	// InputLen is the number of values per example.
	InputLen() int
	// MaxBatch is the largest batch LossGrad accepts.
	MaxBatch() int
	// LossGrad evaluates the mean softmax cross-entropy of the batch
	// (len(labels) examples, x: [len(labels), InputLen]) in training mode
	// (BatchNorm uses batch statistics and updates its running statistics)
	// and overwrites Grad with its gradient. It returns the loss and the
	// batch accuracy.
	LossGrad(x []F, labels []int) (loss, acc float64)
	// Evaluate returns the mean loss and accuracy over all len(labels)
	// examples in evaluation mode (BatchNorm uses running statistics),
	// processing MaxBatch examples at a time. Grad is not touched.
	Evaluate(x []F, labels []int) (loss, acc float64)
	// RecomputeBNStats replaces every BatchNorm's running statistics by the
	// exact population statistics of its inputs over all examples of x, at
	// the current parameters, with the preceding BatchNorms already in
	// evaluation mode using their recomputed statistics (one forward pass
	// over x per BatchNorm layer). A no-op for models without BatchNorm.
	RecomputeBNStats(x []F)
}

// Classifier is a float64 classifier: the MLP and CNN, or a float32 one
// behind Float32Classifier.
type Classifier = ClassifierOf[float64]

var (
	_ Classifier = (*MLP)(nil)
	_ Classifier = (*CNN)(nil)
	_ Classifier = (*Float32Classifier)(nil)
)

func checkBatch[F Float](name string, x []F, labels []int, inLen, maxB int) int {
	b := len(labels)
	if b < 1 || b > maxB || len(x) != b*inLen {
		panic(name + ": need 1 ≤ len(labels) ≤ MaxBatch and len(x) = len(labels)·InputLen")
	}
	return b
}

// Precision names the element type a model computes in: "float64" (also
// the empty string, the default) or "float32".
type Precision string

const (
	Float64 Precision = "float64"
	Float32 Precision = "float32"
)

// Is32 reports whether p is float32, and fails for a name that is neither.
func (p Precision) Is32() (bool, error) {
	switch p {
	case "", Float64:
		return false, nil
	case Float32:
		return true, nil
	}
	return false, fmt.Errorf("precision must be float64 or float32, got %q", string(p))
}

// Float32Classifier runs a float32 model (MLPOf[float32], CNNOf[float32])
// behind the float64 Classifier interface, for the problems' optimizers and
// data, which stay float64: each call rounds the float64 parameters (and
// inputs) to float32, runs the model, and widens its gradient into the
// float64 gradient vector. Params and Grad are float64 vectors of its own
// until Use gives others.
type Float32Classifier struct {
	m    ClassifierOf[float32]
	w, g []float64 // the float64 point and gradient (Use)
	x    []float32 // inputs rounded to float32 (scratch)
}

// NewFloat32Classifier wraps m; Params starts at m's parameters, widened.
func NewFloat32Classifier(m ClassifierOf[float32]) *Float32Classifier {
	c := &Float32Classifier{m: m, w: make([]float64, len(m.Params())), g: make([]float64, len(m.Params()))}
	widenInto(c.w, m.Params())
	return c
}

func (c *Float32Classifier) Params() []float64 { return c.w }
func (c *Float32Classifier) Grad() []float64   { return c.g }
func (c *Float32Classifier) InputLen() int     { return c.m.InputLen() }
func (c *Float32Classifier) MaxBatch() int     { return c.m.MaxBatch() }

// Use implements Classifier: the float64 vectors the next calls read and
// write.
func (c *Float32Classifier) Use(params, grad []float64) {
	if len(params) != len(c.w) || len(grad) != len(c.w) {
		panic(fmt.Sprintf("nn: Float32Classifier.Use: %d parameters and %d gradients, want %d of each", len(params), len(grad), len(c.w)))
	}
	c.w, c.g = params, grad
}

// at rounds the float64 point into the model and x into the input scratch.
func (c *Float32Classifier) at(x []float64) []float32 {
	narrowInto(c.m.Params(), c.w)
	if cap(c.x) < len(x) {
		c.x = make([]float32, len(x))
	}
	xs := c.x[:len(x)]
	narrowInto(xs, x)
	return xs
}

// LossGrad implements Classifier.
func (c *Float32Classifier) LossGrad(x []float64, labels []int) (loss, acc float64) {
	loss, acc = c.m.LossGrad(c.at(x), labels)
	widenInto(c.g, c.m.Grad())
	return loss, acc
}

// Evaluate implements Classifier.
func (c *Float32Classifier) Evaluate(x []float64, labels []int) (loss, acc float64) {
	return c.m.Evaluate(c.at(x), labels)
}

// RecomputeBNStats implements Classifier.
func (c *Float32Classifier) RecomputeBNStats(x []float64) { c.m.RecomputeBNStats(c.at(x)) }

// BNStats returns the model's BatchNorm running statistics (CNNOf.BNStats),
// nil for a model without.
func (c *Float32Classifier) BNStats() [][]float64 {
	if s, ok := c.m.(interface{ BNStats() [][]float64 }); ok {
		return s.BNStats()
	}
	return nil
}

// Model is the float32 model.
func (c *Float32Classifier) Model() ClassifierOf[float32] { return c.m }

// LanguageModel is what the transformer exposes to the language-model
// problem (TransformerOf[float64] itself, or a float32 one behind
// Float32LM).
type LanguageModel interface {
	Params() []float64
	Grad() []float64
	Use(params, grad []float64)
	LossGrad(tokens []int) float64
	EvalLoss(tokens []int) float64
}

var (
	_ LanguageModel = (*Transformer)(nil)
	_ LanguageModel = (*Float32LM)(nil)
)

// Float32LM is Float32Classifier for a float32 transformer.
type Float32LM struct {
	M    *TransformerOf[float32]
	w, g []float64
}

// NewFloat32LM wraps m; Params starts at m's parameters, widened.
func NewFloat32LM(m *TransformerOf[float32]) *Float32LM {
	l := &Float32LM{M: m, w: make([]float64, len(m.Params())), g: make([]float64, len(m.Params()))}
	widenInto(l.w, m.Params())
	return l
}

func (l *Float32LM) Params() []float64 { return l.w }
func (l *Float32LM) Grad() []float64   { return l.g }

// Use implements LanguageModel.
func (l *Float32LM) Use(params, grad []float64) {
	if len(params) != len(l.w) || len(grad) != len(l.w) {
		panic(fmt.Sprintf("nn: Float32LM.Use: %d parameters and %d gradients, want %d of each", len(params), len(grad), len(l.w)))
	}
	l.w, l.g = params, grad
}

// LossGrad implements LanguageModel.
func (l *Float32LM) LossGrad(tokens []int) float64 {
	narrowInto(l.M.Params(), l.w)
	loss := l.M.LossGrad(tokens)
	widenInto(l.g, l.M.Grad())
	return loss
}

// EvalLoss implements LanguageModel.
func (l *Float32LM) EvalLoss(tokens []int) float64 {
	narrowInto(l.M.Params(), l.w)
	return l.M.EvalLoss(tokens)
}

// narrowInto sets dst[i] = float32(src[i]) (round to nearest even).
func narrowInto(dst []float32, src []float64) {
	dst = dst[:len(src)]
	for lo := narrowVec(dst, src); lo < len(src); lo += clearEvery {
		clearUpper() // upper.go
		hi := min(lo+clearEvery, len(src))
		d := dst[lo:hi]
		for i, v := range src[lo:hi] {
			d[i] = float32(v)
		}
	}
}

// widenInto sets dst[i] = float64(src[i]) (exact).
func widenInto(dst []float64, src []float32) {
	dst = dst[:len(src)]
	for lo := widenVec(dst, src); lo < len(src); lo += clearEvery {
		clearUpper() // upper.go
		hi := min(lo+clearEvery, len(src))
		d := dst[lo:hi]
		for i, v := range src[lo:hi] {
			d[i] = float64(v)
		}
	}
}
