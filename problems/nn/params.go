// Package nn implements small neural-network layers in float64 (and, opt
// in, float32: Float, Precision) with hand-written forward and backward
// passes, in the style of llm.c: every
// layer's Forward sits next to its Backward, the backward pass runs in the
// exact reverse order of the forward pass, every buffer carries a shape
// comment, and every optimized path has a naive reference beside it that the
// tests compare against (as well as central finite differences).
//
// Parameters. A model declares its layers against a Params allocator; each
// layer asks for its tensors with Params.New and keeps the returned *Param.
// Params.Finalize then allocates ONE flat parameter vector and ONE flat
// gradient vector of the same layout and points every Param's W and G at its
// window of them. An optimizer therefore sees the whole model as a single
// []float64 (Params.Data) and its gradient as a single []float64
// (Params.Grad); a float32 model's vectors are []float32, and
// Float32Classifier and Float32LM put the float64 interface in front of
// them.
//
// Workspace. Every layer preallocates its activations and scratch for a
// maximum batch size at construction, so that Forward+Backward on a batch do
// not allocate.
//
// Conventions. Forward(x, n) processes the first n rows (or images, or
// sequences) of x, remembers x (without copying; the caller must keep it
// unchanged until Backward) and returns a view of the layer's own output
// buffer. Backward(dout) uses what the matching Forward remembered,
// ACCUMULATES (+=) parameter gradients into the Param.G views and returns a
// view of the layer's own input-gradient buffer (overwritten). Models zero the
// flat gradient before a backward pass.
package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// InitKind selects how a parameter tensor is initialized by Params.Init.
type InitKind int

const (
	// InitZeros sets every element to 0 (biases, LayerNorm/BatchNorm shift).
	InitZeros InitKind = iota
	// InitOnes sets every element to 1 (LayerNorm/BatchNorm scale).
	InitOnes
	// InitHeUniform draws U(-b, b) with b = sqrt(6/FanIn) (Kaiming/He uniform
	// for ReLU-like nets: variance 2/FanIn).
	InitHeUniform
	// InitNormal draws N(0, Std²).
	InitNormal
)

// Init describes the initialization of one parameter tensor.
type Init struct {
	Kind  InitKind
	FanIn int     // for InitHeUniform
	Std   float64 // for InitNormal
}

// ParamOf is one named parameter tensor: a window [Off, Off+Len) of the
// flat parameter vector and the same window of the flat gradient vector.
type ParamOf[F Float] struct {
	Name  string
	Shape []int
	Off   int
	Len   int
	Init  Init
	W     []F // view of Params.Data, nil until Finalize
	G     []F // view of Params.Grad, nil until Finalize
}

// ParamsOf hands out parameter tensors as windows of one flat vector.
type ParamsOf[F Float] struct {
	list []*ParamOf[F]
	n    int
	// Data is the flat parameter vector (len NumParams after Finalize).
	Data []F
	// Grad is the flat gradient vector, same layout as Data.
	Grad []F
}

// Param and Params are the float64 parameters (Float).
type (
	Param  = ParamOf[float64]
	Params = ParamsOf[float64]
)

// NewParams returns an empty allocator of float64 parameters.
func NewParams() *Params { return &Params{} }

// NewParamsOf returns an empty allocator of F parameters.
func NewParamsOf[F Float]() *ParamsOf[F] { return &ParamsOf[F]{} }

// New declares a parameter tensor of the given shape. It panics after
// Finalize.
func (p *ParamsOf[F]) New(name string, init Init, shape ...int) *ParamOf[F] {
	if p.Data != nil {
		panic("nn: Params.New after Finalize")
	}
	n := 1
	for _, s := range shape {
		if s <= 0 {
			panic(fmt.Sprintf("nn: parameter %q has non-positive dimension in %v", name, shape))
		}
		n *= s
	}
	t := &ParamOf[F]{Name: name, Shape: append([]int(nil), shape...), Off: p.n, Len: n, Init: init}
	p.list = append(p.list, t)
	p.n += n
	return t
}

// Finalize allocates the flat parameter and gradient vectors, points every
// Param at its window and initializes the parameters from seed (see Init).
func (p *ParamsOf[F]) Finalize(seed uint64) {
	if p.Data != nil {
		panic("nn: Params.Finalize called twice")
	}
	p.Data = make([]F, p.n)
	p.Grad = make([]F, p.n)
	for _, t := range p.list {
		t.W = p.Data[t.Off : t.Off+t.Len : t.Off+t.Len]
		t.G = p.Grad[t.Off : t.Off+t.Len : t.Off+t.Len]
	}
	p.Init(seed)
}

// Init (re)initializes all parameters deterministically from seed.
//
// The exact scheme: the i-th declared tensor (0-based, declaration order) gets
// its own generator rand.New(rand.NewPCG(seed, uint64(i))) and fills its
// elements in row-major order: InitHeUniform as (2u-1)·sqrt(6/FanIn) with
// u = r.Float64(), InitNormal as Std·r.NormFloat64(); InitZeros/InitOnes draw
// nothing. A tensor's values thus depend only on (seed, its index, its init).
// The values are drawn in float64 and rounded to F: a float32 model starts
// at the float64 model's initial point, rounded.
func (p *ParamsOf[F]) Init(seed uint64) {
	for i, t := range p.list {
		switch t.Init.Kind {
		case InitZeros:
			clear(t.W)
		case InitOnes:
			for j := range t.W {
				t.W[j] = 1
			}
		case InitHeUniform:
			if t.Init.FanIn <= 0 {
				panic(fmt.Sprintf("nn: parameter %q: InitHeUniform needs FanIn > 0", t.Name))
			}
			r := rand.New(rand.NewPCG(seed, uint64(i)))
			b := math.Sqrt(6 / float64(t.Init.FanIn))
			for j := range t.W {
				t.W[j] = F((2*r.Float64() - 1) * b)
			}
		case InitNormal:
			r := rand.New(rand.NewPCG(seed, uint64(i)))
			for j := range t.W {
				t.W[j] = F(t.Init.Std * r.NormFloat64())
			}
		default:
			panic(fmt.Sprintf("nn: parameter %q: unknown init kind %d", t.Name, t.Init.Kind))
		}
	}
}

// NumParams is the length of the flat parameter vector.
func (p *ParamsOf[F]) NumParams() int { return p.n }

// List returns the declared tensors in declaration (= memory) order.
func (p *ParamsOf[F]) List() []*ParamOf[F] { return p.list }

// ZeroGrad sets the flat gradient to zero.
func (p *ParamsOf[F]) ZeroGrad() { clear(p.Grad) }

// Use makes data and grad (each of NumParams values) the flat parameter and
// gradient vectors: every Param's W and G become views of them, so the model
// reads its parameters from data and writes its gradient into grad, with no
// copies (a benchmark problem passes the optimizer's point and gradient
// buffer on every call). The arithmetic is the same as with copies.
func (p *ParamsOf[F]) Use(data, grad []F) {
	if p.Data == nil {
		panic("nn: Params.Use before Finalize")
	}
	if len(data) != p.n || len(grad) != p.n {
		panic(fmt.Sprintf("nn: Params.Use: %d parameters and %d gradients, want %d of each", len(data), len(grad), p.n))
	}
	p.Data, p.Grad = data, grad
	for _, t := range p.list {
		t.W = data[t.Off : t.Off+t.Len : t.Off+t.Len]
		t.G = grad[t.Off : t.Off+t.Len : t.Off+t.Len]
	}
}
