package nn

// Classifier is what the MLP and the CNN expose to a benchmark problem. The
// optimizer's point is Params() (one flat vector; write into it to move the
// model) and LossGrad leaves the gradient of the mean batch loss in Grad().
type Classifier interface {
	// Params is the flat parameter vector (live: writes move the model).
	Params() []float64
	// Grad is the flat gradient vector, same layout as Params.
	Grad() []float64
	// Use makes params and grad (of len(Params()) values each) the model's
	// parameter and gradient vectors from now on (Params.Use): no copies.
	Use(params, grad []float64)
	// InputLen is the number of float64 values per example.
	InputLen() int
	// MaxBatch is the largest batch LossGrad accepts.
	MaxBatch() int
	// LossGrad evaluates the mean softmax cross-entropy of the batch
	// (len(labels) examples, x: [len(labels), InputLen]) in training mode
	// (BatchNorm uses batch statistics and updates its running statistics)
	// and overwrites Grad with its gradient. It returns the loss and the
	// batch accuracy.
	LossGrad(x []float64, labels []int) (loss, acc float64)
	// Evaluate returns the mean loss and accuracy over all len(labels)
	// examples in evaluation mode (BatchNorm uses running statistics),
	// processing MaxBatch examples at a time. Grad is not touched.
	Evaluate(x []float64, labels []int) (loss, acc float64)
	// RecomputeBNStats replaces every BatchNorm's running statistics by the
	// exact population statistics of its inputs over all examples of x, at
	// the current parameters, with the preceding BatchNorms already in
	// evaluation mode using their recomputed statistics (one forward pass
	// over x per BatchNorm layer). A no-op for models without BatchNorm.
	RecomputeBNStats(x []float64)
}

var (
	_ Classifier = (*MLP)(nil)
	_ Classifier = (*CNN)(nil)
)

func checkBatch(name string, x []float64, labels []int, inLen, maxB int) int {
	b := len(labels)
	if b < 1 || b > maxB || len(x) != b*inLen {
		panic(name + ": need 1 ≤ len(labels) ≤ MaxBatch and len(x) = len(labels)·InputLen")
	}
	return b
}
