// Package vision holds the vision proxy problems: an MLP and a small CNN
// (conv → BatchNorm → ReLU → pool, twice, → linear) classifying the 8×8
// digits shipped with sfbench, or MNIST when its Go module is available.
//
// The CNN's BatchNorm keeps running statistics in training mode; the problem
// implements problems.Recalibrator so that a schedule-free method can be
// evaluated with statistics recomputed at x. Importing the package registers
// the problem "vision".
package vision

import (
	"context"
	"fmt"
	"time"

	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/problems/data"
	"github.com/sfbench/sfbench/problems/nn"
)

// Options configures a vision problem.
type Options struct {
	Dataset      string  `yaml:"dataset"`       // "digits" (8×8, shipped) or "mnist" (28×28, optional)
	Model        string  `yaml:"model"`         // "mlp" or "cnn"
	Hidden       int     `yaml:"hidden"`        // MLP hidden width
	C1           int     `yaml:"c1"`            // CNN channels of the first conv
	C2           int     `yaml:"c2"`            // CNN channels of the second conv
	Batch        int     `yaml:"batch"`         // minibatch size
	TestFraction float64 `yaml:"test_fraction"` // digits only: held out (fixed split) for test metrics
	TrainSubset  int     `yaml:"train_subset"`  // use only the first n training images (0: all)
	// Validation holds out this fraction of the training images (a fixed
	// split, after train_subset) and reports val_loss and val_acc on them;
	// training and BatchNorm recalibration use the rest (0: no split).
	Validation float64 `yaml:"validation"`
	// Precision is what the network computes in: float64 (the default,
	// also when empty) or float32 (nn.Float32Classifier: the optimizer, the
	// data and the metrics stay float64; each step rounds the parameters
	// and inputs to float32 and widens the gradient). Omitted from the
	// options when empty, so cells that do not set it keep their ids.
	Precision nn.Precision `yaml:"precision,omitempty"`
	// RecalibrateBatches is how many minibatches of training images the
	// BatchNorm statistics are recomputed over before an evaluation (at x,
	// y or z; the official implementation's README suggests about 50): a
	// fixed random subset of RecalibrateBatches × batch images per seed.
	// 0 (the default, omitted from the options so ids stay): the whole
	// training set, the exact population statistics.
	RecalibrateBatches int `yaml:"recalibrate_batches,omitempty"`
}

// ValidationFraction and SetValidationFraction make the options a
// problems.ValidationOptions.
func (o *Options) ValidationFraction() float64     { return o.Validation }
func (o *Options) SetValidationFraction(f float64) { o.Validation = f }

// DefaultOptions is the CNN on digits with batch 32.
func DefaultOptions() Options {
	return Options{Dataset: "digits", Model: "cnn", Hidden: 128, C1: 8, C2: 16, Batch: 32, TestFraction: 0.2}
}

func init() {
	problems.Register(problems.Kind{
		Name:    "vision",
		Doc:     "MLP or CNN (with BatchNorm) classifying 8×8 digits or MNIST",
		Options: func() any { o := DefaultOptions(); return &o },
		New: func(opts any, seed uint64) (problems.Problem, error) {
			return New(*opts.(*Options), seed)
		},
		Plan: func(opts any) (problems.Plan, error) { return opts.(*Options).plan() },
	})
}

// Problem is image classification by an nn.Classifier. The classifier reads
// its parameters from the w of every call and LossGrad writes the gradient
// straight into g (nn.Classifier.Use, no copies), so the optimizer's vector
// stays the one source of truth.
type Problem struct {
	model       nn.Classifier
	train, test *data.Dataset
	val         *data.Dataset // nil without a validation split
	yTrain      []int         // [N] class ids
	yTest       []int
	yVal        []int
	batches     *problems.Batches
	xb          []float64 // [Batch, InputLen] gathered minibatch
	yb          []int     // [Batch]
	w0          []float64 // initial parameters
	grad        []float64 // the model's own gradient buffer (for Evaluate and Recalibrate)
	recal       []float64 // the images Recalibrate uses: train.X, or recalibrate_batches of them
}

var (
	_ problems.Problem      = (*Problem)(nil)
	_ problems.Recalibrator = (*Problem)(nil)
)

// New builds the problem for one seed (initial weights and data order).
func New(o Options, seed uint64) (*Problem, error) {
	train, test, side, err := o.prepare()
	if err != nil {
		return nil, err
	}
	train, val, err := problems.SplitValidation(train, o.Validation)
	if err != nil {
		return nil, fmt.Errorf("vision: %w", err)
	}
	batch := min(o.Batch, train.N)
	is32, _ := o.Precision.Is32() // checked by prepare
	var model nn.Classifier
	switch {
	case o.Model == "mlp" && is32:
		model = nn.NewFloat32Classifier(nn.NewMLPOf[float32]([]int{train.D, o.Hidden, train.Classes}, batch, seed))
	case o.Model == "mlp":
		model = nn.NewMLP([]int{train.D, o.Hidden, train.Classes}, batch, seed)
	case is32:
		model = nn.NewFloat32Classifier(nn.NewCNNOf[float32](o.cnn(train.Classes, side, batch), seed))
	default:
		model = nn.NewCNN(o.cnn(train.Classes, side, batch), seed)
	}
	p := &Problem{model: model, train: train, test: test, val: val,
		yTrain: classes(train), yTest: classes(test), yVal: classes(val),
		batches: problems.NewBatches(train.N, batch, seed),
		xb:      make([]float64, batch*train.D), yb: make([]int, batch),
		w0: append([]float64(nil), model.Params()...), grad: model.Grad()}
	p.recal = recalibrationImages(train, o.RecalibrateBatches*batch, seed)
	return p, nil
}

// recalibrationStream is the stream of the permutation that picks the
// recalibration images ("recal" in ASCII).
const recalibrationStream = 0x726563616c

// recalibrationImages are the images BatchNorm statistics are recomputed
// over: all of train for n = 0, else n of them in an order drawn from
// seed (the same for every optimizer on that seed).
func recalibrationImages(train *data.Dataset, n int, seed uint64) []float64 {
	if n <= 0 || n >= train.N {
		return train.X
	}
	x := make([]float64, 0, n*train.D)
	for _, i := range data.Permutation(train.N, seed, recalibrationStream)[:n] {
		x = append(x, train.X[i*train.D:(i+1)*train.D]...)
	}
	return x
}

// prepare checks the options and returns the data (cached, shared; the
// training set cut to train_subset, before the validation split) and the
// image side.
func (o Options) prepare() (train, test *data.Dataset, side int, err error) {
	if o.Batch < 1 {
		return nil, nil, 0, fmt.Errorf("vision: batch must be >= 1, got %d", o.Batch)
	}
	if o.TrainSubset < 0 {
		return nil, nil, 0, fmt.Errorf("vision: train_subset must be >= 0, got %d", o.TrainSubset)
	}
	if _, err := o.Precision.Is32(); err != nil {
		return nil, nil, 0, fmt.Errorf("vision: %w", err)
	}
	train, test, side, err = load(o)
	if err != nil {
		return nil, nil, 0, err
	}
	if o.TrainSubset > 0 && o.TrainSubset < train.N {
		train = &data.Dataset{Name: train.Name, N: o.TrainSubset, D: train.D, Classes: train.Classes,
			X: train.X[:o.TrainSubset*train.D], Y: train.Y[:o.TrainSubset]}
	}
	rows, _, err := problems.ValidationSize(train, o.Validation)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("vision: %w", err)
	}
	if o.Batch > rows {
		return nil, nil, 0, fmt.Errorf("vision: batch %d is larger than the %d training images", o.Batch, rows)
	}
	if o.RecalibrateBatches < 0 {
		return nil, nil, 0, fmt.Errorf("vision: recalibrate_batches must be >= 0 (0: the whole training set), got %d", o.RecalibrateBatches)
	}
	if o.RecalibrateBatches > 0 && o.Model != "cnn" {
		return nil, nil, 0, fmt.Errorf("vision: recalibrate_batches is for the cnn (the %s has no BatchNorm)", o.Model)
	}
	if n := o.RecalibrateBatches * o.Batch; o.RecalibrateBatches > rows || n > rows {
		return nil, nil, 0, fmt.Errorf("vision: recalibrate_batches %d × batch %d is %d images, more than the %d training images (0 takes them all)",
			o.RecalibrateBatches, o.Batch, n, rows)
	}
	switch o.Model {
	case "mlp":
		if o.Hidden < 1 {
			return nil, nil, 0, fmt.Errorf("vision: hidden must be >= 1, got %d", o.Hidden)
		}
	case "cnn":
		if o.C1 < 1 || o.C2 < 1 {
			return nil, nil, 0, fmt.Errorf("vision: c1 and c2 must be >= 1, got %d and %d", o.C1, o.C2)
		}
	default:
		return nil, nil, 0, fmt.Errorf("vision: unknown model %q (want mlp or cnn)", o.Model)
	}
	return train, test, side, nil
}

// cnn is the CNN's configuration.
func (o Options) cnn(classes, side, batch int) nn.CNNConfig {
	return nn.CNNConfig{InC: 1, H: side, W: side, C1: o.C1, C2: o.C2, Classes: classes, MaxBatch: batch}
}

// plan: the data, the validation split's copies, the class ids, the model
// (see nn.Size), its initial parameters and the minibatch buffers.
func (o Options) plan() (problems.Plan, error) {
	train, test, side, err := o.prepare()
	if err != nil {
		return problems.Plan{}, err
	}
	loaded, _, _, _ := load(o) // the whole training set (cached), before train_subset
	rows, val, _ := problems.ValidationSize(train, o.Validation)
	batch := min(o.Batch, rows)
	var size nn.Size
	if o.Model == "mlp" {
		size = nn.MLPSize([]int{train.D, o.Hidden, train.Classes}, batch)
	} else {
		size = nn.CNNSize(o.cnn(train.Classes, side, batch))
	}
	split := problems.SplitFloats(train, o.Validation)
	floats := problems.DatasetFloats(loaded) + problems.DatasetFloats(test) + split +
		float64(rows+val+test.N) + float64(rows) + float64(batch)*float64(train.D+1) + size.Floats + size.Params
	if n := o.RecalibrateBatches * batch; n < rows {
		floats += float64(n * train.D) // the subset (all of them: the training set itself)
	}
	metrics := []string{problems.TrainLoss, problems.TrainAcc, problems.TestLoss, problems.TestAcc}
	if val > 0 {
		metrics = append(metrics, problems.ValLoss, problems.ValAcc)
	}
	return problems.NewPlan(size.Params, floats, split+size.Floats+size.Params, problems.PerEpoch(rows, o.Batch), metrics...), nil
}

// load returns the train and test sets, scaled to [0, 1], and the image side.
func load(o Options) (train, test *data.Dataset, side int, err error) {
	switch o.Dataset {
	case "digits":
		if !(o.TestFraction > 0 && o.TestFraction < 1) {
			return nil, nil, 0, fmt.Errorf("vision: test_fraction must be in (0, 1), got %v", o.TestFraction)
		}
		key := fmt.Sprintf("vision:digits:%v", o.TestFraction)
		p, err := problems.Cached(key, func() (problems.Pair, error) {
			all, _, err := problems.LoadDataset("digits")
			if err != nil {
				return problems.Pair{}, err
			}
			// The split is the same for every seed (seed 0 of data.Split).
			train, test, err := data.Split(all, o.TestFraction, 0)
			if err != nil {
				return problems.Pair{}, err
			}
			for _, ds := range []*data.Dataset{train, test} {
				for i := range ds.X {
					ds.X[i] /= 16 // pixel values 0..16
				}
			}
			return problems.Pair{Train: train, Test: test}, nil
		})
		return p.Train, p.Test, 8, wrap(err)
	case "mnist":
		p, err := problems.Cached("vision:mnist", func() (problems.Pair, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			f, err := data.LocateMNIST(ctx)
			if err != nil {
				return problems.Pair{}, err
			}
			train, err := data.ReadMNIST(f.TrainImages, f.TrainLabels)
			if err != nil {
				return problems.Pair{}, err
			}
			test, err := data.ReadMNIST(f.TestImages, f.TestLabels)
			return problems.Pair{Train: train, Test: test}, err
		})
		return p.Train, p.Test, 28, wrap(err)
	}
	return nil, nil, 0, fmt.Errorf("vision: unknown dataset %q (want digits or mnist)", o.Dataset)
}

func wrap(err error) error {
	if err != nil {
		return fmt.Errorf("vision: %w", err)
	}
	return nil
}

func classes(ds *data.Dataset) []int {
	if ds == nil {
		return nil
	}
	y := make([]int, ds.N)
	for i := range y {
		y[i] = ds.Class(i)
	}
	return y
}

// Dim is the number of network parameters.
func (p *Problem) Dim() int { return len(p.w0) }

// Init writes the network's initial weights (drawn from the seed).
func (p *Problem) Init(w []float64) { copy(w, p.w0) }

// BatchesPerEpoch is ceil(N / batch).
func (p *Problem) BatchesPerEpoch() int { return p.batches.PerEpoch() }

// LossGrad runs the network in training mode on the minibatch of step
// (BatchNorm uses batch statistics and updates its running statistics).
func (p *Problem) LossGrad(w, g []float64, step int) float64 {
	p.model.Use(w, g)
	idx := p.batches.Indices(step)
	d := p.train.D
	for k, i := range idx {
		copy(p.xb[k*d:(k+1)*d], p.train.Row(i))
		p.yb[k] = p.yTrain[i]
	}
	loss, _ := p.model.LossGrad(p.xb[:len(idx)*d], p.yb[:len(idx)])
	return loss
}

// Evaluate reports loss and accuracy on the training, test and validation sets in
// evaluation mode (BatchNorm uses its running statistics).
func (p *Problem) Evaluate(w []float64) problems.Metrics {
	p.model.Use(w, p.grad)
	m := problems.Metrics{}
	m[problems.TrainLoss], m[problems.TrainAcc] = p.model.Evaluate(p.train.X, p.yTrain)
	if p.test != nil {
		m[problems.TestLoss], m[problems.TestAcc] = p.model.Evaluate(p.test.X, p.yTest)
	}
	if p.val != nil {
		m[problems.ValLoss], m[problems.ValAcc] = p.model.Evaluate(p.val.X, p.yVal)
	}
	return m
}

// Recalibrate recomputes the BatchNorm statistics at w over the training
// set, or the recalibrate_batches subset of it.
func (p *Problem) Recalibrate(w []float64) {
	p.model.Use(w, p.grad)
	p.model.RecomputeBNStats(p.recal)
}
