// Package text holds the language-model proxy: a character-level causal
// transformer trained on the novels of Jane Austen shipped with sfbench.
// Test loss is reported in nats per character and bits per character on a
// held-out tail of the corpus (and validation loss on the end of the
// training text, when a validation split is set). Importing the package registers the
// problem "charlm".
package text

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"

	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/problems/data"
	"github.com/sfbench/sfbench/problems/nn"
)

// Options configures the character-level language model.
type Options struct {
	Context     int     `yaml:"context"`      // characters of context T
	DModel      int     `yaml:"d_model"`      // embedding width
	Heads       int     `yaml:"heads"`        // attention heads (divide d_model)
	Blocks      int     `yaml:"blocks"`       // transformer blocks
	MLPMult     int     `yaml:"mlp_mult"`     // MLP width as a multiple of d_model
	Batch       int     `yaml:"batch"`        // sequences per minibatch
	ValFraction float64 `yaml:"val_fraction"` // tail of the corpus held out as the test text (test_loss)
	EvalWindows int     `yaml:"eval_windows"` // sequences per evaluation (evenly spaced, fixed)
	// Validation holds out this fraction of the training text (its end,
	// just before the test tail) as a validation text reported as val_loss
	// and val_bpc; training draws from the rest (0: none).
	Validation float64 `yaml:"validation"`
	// Precision is what the transformer computes in: float64 (the default,
	// also when empty) or float32 (nn.Float32LM: the optimizer and the
	// metrics stay float64; each step rounds the parameters to float32 and
	// widens the gradient). Omitted from the options when empty, so cells
	// that do not set it keep their ids.
	Precision nn.Precision `yaml:"precision,omitempty"`
}

// ValidationFraction and SetValidationFraction make the options a
// problems.ValidationOptions.
func (o *Options) ValidationFraction() float64     { return o.Validation }
func (o *Options) SetValidationFraction(f float64) { o.Validation = f }

// DefaultOptions is the benchmark model: d 64, 4 heads, 2 blocks, context
// 64, batch 16, the last 10% of the corpus for validation.
func DefaultOptions() Options {
	return Options{Context: 64, DModel: 64, Heads: 4, Blocks: 2, MLPMult: 4, Batch: 16,
		ValFraction: 0.1, EvalWindows: 128}
}

func init() {
	problems.Register(problems.Kind{
		Name:    "charlm",
		Doc:     "character-level causal transformer on the Austen corpus (nats and bits per char)",
		Options: func() any { o := DefaultOptions(); return &o },
		New: func(opts any, seed uint64) (problems.Problem, error) {
			return New(*opts.(*Options), seed)
		},
		Plan: func(opts any) (problems.Plan, error) { return opts.(*Options).plan() },
	})
}

// Metric names reported besides the standard ones.
const (
	TrainBPC = "train_bpc" // training loss in bits per character
	TestBPC  = "test_bpc"  // test loss in bits per character
	ValBPC   = "val_bpc"   // validation loss in bits per character
)

// corpus is the encoded text split into training, validation (possibly
// empty) and test tokens, in the order of the text.
type corpus struct {
	vocab           int
	train, val, tst []int
}

// loadCorpus reads and encodes the Austen corpus once per pair of
// fractions; the result is shared read-only.
func loadCorpus(testFraction, valFraction float64) (*corpus, error) {
	key := fmt.Sprintf("text:austen:%v:%v", testFraction, valFraction)
	return problems.Cached(key, func() (*corpus, error) {
		dir, err := data.FindDir()
		if err != nil {
			return nil, err
		}
		raw, err := data.ReadText(filepath.Join(dir, data.AustenFile))
		if err != nil {
			return nil, err
		}
		v := data.NewByteVocab(raw)
		ids, err := v.Encode(raw)
		if err != nil {
			return nil, err
		}
		tokens := make([]int, len(ids))
		for i, id := range ids {
			tokens[i] = int(id)
		}
		cut := int(float64(len(tokens)) * (1 - testFraction))
		train := tokens[:cut]
		vcut := len(train) - int(float64(len(train))*valFraction)
		return &corpus{vocab: v.Size(), train: train[:vcut], val: train[vcut:], tst: tokens[cut:]}, nil
	})
}

// Problem is next-character prediction with a causal transformer.
type Problem struct {
	model    nn.LanguageModel
	c        *corpus
	ctx      int
	batch    int
	seed     uint64
	pcg      rand.PCG
	rng      *rand.Rand
	tokens   []int // [Batch, Context+1] the minibatch
	evalTrn  []int // [EvalWindows, Context+1] fixed training windows
	evalTst  []int // [EvalWindows, Context+1] fixed test windows
	evalVal  []int // [EvalWindows, Context+1] fixed validation windows (none without a split)
	w0       []float64
	grad     []float64 // the model's own gradient buffer (for Evaluate)
	perEpoch int
}

var _ problems.Problem = (*Problem)(nil)

// New builds the problem for one seed (initial weights and window draws).
func New(o Options, seed uint64) (*Problem, error) {
	c, err := o.prepare()
	if err != nil {
		return nil, err
	}
	L := o.Context + 1
	var m nn.LanguageModel
	if is32, _ := o.Precision.Is32(); is32 { // checked by prepare
		m = nn.NewFloat32LM(nn.NewTransformerOf[float32](o.model(c), seed))
	} else {
		m = nn.NewTransformer(o.model(c), seed)
	}
	p := &Problem{model: m, c: c, ctx: o.Context, batch: o.Batch, seed: seed,
		tokens:   make([]int, o.Batch*L),
		evalTrn:  windows(c.train, o.EvalWindows, L),
		evalTst:  windows(c.tst, o.EvalWindows, L),
		evalVal:  windows(c.val, o.EvalWindows, L),
		w0:       append([]float64(nil), m.Params()...),
		grad:     m.Grad(),
		perEpoch: perEpoch(len(c.train), o.Batch, o.Context),
	}
	p.rng = rand.New(&p.pcg)
	return p, nil
}

// prepare checks the options and returns the corpus (cached, shared).
func (o Options) prepare() (*corpus, error) {
	switch {
	case o.Context < 1 || o.DModel < 1 || o.Heads < 1 || o.Blocks < 0 || o.MLPMult < 1 || o.Batch < 1:
		return nil, fmt.Errorf("charlm: context, d_model, heads, mlp_mult and batch must be >= 1 and blocks >= 0")
	case o.DModel%o.Heads != 0:
		return nil, fmt.Errorf("charlm: heads (%d) must divide d_model (%d)", o.Heads, o.DModel)
	case !(o.ValFraction > 0 && o.ValFraction < 0.5):
		return nil, fmt.Errorf("charlm: val_fraction must be in (0, 0.5), got %v", o.ValFraction)
	case o.EvalWindows < 1:
		return nil, fmt.Errorf("charlm: eval_windows must be >= 1, got %d", o.EvalWindows)
	case !(o.Validation >= 0 && o.Validation < 0.5):
		return nil, fmt.Errorf("charlm: validation must be a fraction in [0, 0.5), got %v", o.Validation)
	}
	if _, err := o.Precision.Is32(); err != nil {
		return nil, fmt.Errorf("charlm: %w", err)
	}
	c, err := loadCorpus(o.ValFraction, o.Validation)
	if err != nil {
		return nil, fmt.Errorf("charlm: %w", err)
	}
	if len(c.tst) <= o.Context || (o.Validation > 0 && len(c.val) <= o.Context) {
		return nil, fmt.Errorf("charlm: the test or validation text is shorter than one window")
	}
	return c, nil
}

// model is the transformer's configuration.
func (o Options) model(c *corpus) nn.TransformerConfig {
	return nn.TransformerConfig{Vocab: c.vocab, Ctx: o.Context, DModel: o.DModel,
		Heads: o.Heads, Blocks: o.Blocks, MLPMult: o.MLPMult, MaxBatch: o.Batch}
}

// plan: the corpus, the model (see nn.Size), its initial parameters, the
// minibatch and the fixed evaluation windows.
func (o Options) plan() (problems.Plan, error) {
	c, err := o.prepare()
	if err != nil {
		return problems.Plan{}, err
	}
	size := nn.TransformerSize(o.model(c))
	L := float64(o.Context) + 1 // prepare checked that a window fits the test text
	wins := 0.0
	for _, text := range [][]int{c.train, c.tst, c.val} {
		wins += float64(min(o.EvalWindows, len(text)/(o.Context+1)))
	}
	floats := float64(len(c.train)+len(c.val)+len(c.tst)) + size.Floats + size.Params + float64(o.Batch)*L + wins*L
	metrics := []string{problems.TrainLoss, problems.TestLoss, TrainBPC, TestBPC}
	if o.Validation > 0 {
		metrics = append(metrics, problems.ValLoss, ValBPC)
	}
	return problems.NewPlan(size.Params, floats, size.Floats+size.Params+wins*L, perEpoch(len(c.train), o.Batch, o.Context), metrics...), nil
}

// perEpoch is the number of minibatches of batch windows of context
// characters that cover text characters once on average (at least 1).
func perEpoch(text, batch, context int) int {
	if float64(batch)*float64(context) > float64(text) {
		return 1
	}
	return max(1, text/(batch*context))
}

// windows returns n windows of length L evenly spaced over text (fewer if
// the text is short), concatenated.
func windows(text []int, n, L int) []int {
	n = min(n, len(text)/L)
	out := make([]int, 0, n*L)
	stride := (len(text) - L) / max(1, n-1)
	for i := range n {
		out = append(out, text[i*stride:i*stride+L]...)
	}
	return out
}

// Dim is the number of model parameters.
func (p *Problem) Dim() int { return len(p.w0) }

// Init writes the model's initial weights (drawn from the seed).
func (p *Problem) Init(w []float64) { copy(w, p.w0) }

// BatchesPerEpoch is the number of minibatches that cover the training
// text once on average: len(train) / (batch·context).
func (p *Problem) BatchesPerEpoch() int { return p.perEpoch }

// LossGrad draws the minibatch of step (Batch windows at uniform offsets in
// the training text, from (seed, step)) and returns its mean loss in nats
// per character.
func (p *Problem) LossGrad(w, g []float64, step int) float64 {
	p.model.Use(w, g)                               // the model reads w and writes its gradient into g (no copies)
	p.pcg.Seed(p.seed^0x746f6b656e73, uint64(step)) // "tokens"
	L := p.ctx + 1
	for b := range p.batch {
		off := p.rng.IntN(len(p.c.train) - L + 1)
		copy(p.tokens[b*L:(b+1)*L], p.c.train[off:off+L])
	}
	loss := p.model.LossGrad(p.tokens)
	return loss
}

// Evaluate reports the loss on fixed training, test and (with a split)
// validation windows, in nats and bits per character.
func (p *Problem) Evaluate(w []float64) problems.Metrics {
	p.model.Use(w, p.grad)
	tr := p.model.EvalLoss(p.evalTrn)
	te := p.model.EvalLoss(p.evalTst)
	m := problems.Metrics{
		problems.TrainLoss: tr, problems.TestLoss: te,
		TrainBPC: tr / math.Ln2, TestBPC: te / math.Ln2,
	}
	if len(p.evalVal) > 0 {
		va := p.model.EvalLoss(p.evalVal)
		m[problems.ValLoss], m[ValBPC] = va, va/math.Ln2
	}
	return m
}
