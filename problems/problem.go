// Package problems defines what the harness optimizes: a Problem owns its
// data and model, initializes a flat parameter vector, computes minibatch
// losses and gradients, and evaluates full metrics at any parameter vector.
//
// Problems register by name (Register) with a typed options struct, so a
// suite can name and configure them. Implementations live in subpackages:
// convex (least squares, logistic and softmax regression, quadratics),
// data (the loaders) and, as they land, vision and text proxies.
//
// The package knows nothing of optimizers.
package problems

// Problem is an optimization problem over one flat parameter vector.
//
// A Problem is built for one seed, which fixes its initial point, its data
// order and any sampled noise; the minibatch of step k is a function of
// (seed, k) only, so a run can resume at any step. A Problem holds scratch
// buffers and is not safe for concurrent use: build one per worker.
type Problem interface {
	// Dim is the number of parameters.
	Dim() int

	// Init writes the initial parameters into w (len Dim).
	Init(w []float64)

	// BatchesPerEpoch is the number of minibatches in one pass over the
	// training data (1 for problems without data).
	BatchesPerEpoch() int

	// LossGrad returns the loss of minibatch number step (counting from 0
	// across epochs; the order is reshuffled every epoch) at w and writes
	// its gradient into g. It does not allocate.
	LossGrad(w, g []float64, step int) float64

	// Evaluate returns the full metrics at w (training-set loss, and where
	// defined test loss, accuracies, …).
	Evaluate(w []float64) Metrics
}

// Recalibrator is implemented by problems with normalization statistics
// (BatchNorm) that depend on the parameters: Recalibrate recomputes them at
// w, as must happen before evaluating a schedule-free method at x.
type Recalibrator interface {
	Recalibrate(w []float64)
}

// Metrics maps metric names to values. The standard names are the
// constants below; a problem reports those that apply to it.
type Metrics map[string]float64

// Standard metric names.
const (
	TrainLoss = "train_loss" // mean loss over the training set (with regularization)
	TestLoss  = "test_loss"  // mean loss over the test set (without regularization)
	TrainAcc  = "train_acc"  // classification accuracy on the training set, in [0, 1]
	TestAcc   = "test_acc"   // classification accuracy on the test set
	Gap       = "gap"        // training loss minus the known optimal loss
)

// Stateful is implemented by problems with state outside the parameters
// that changes as they train (BatchNorm running statistics): a checkpoint
// saves it with State and a resumed run restores it with SetState, so that
// the run continues bit-identically.
type Stateful interface {
	State() []byte
	SetState(state []byte) error
}
