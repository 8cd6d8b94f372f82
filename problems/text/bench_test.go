package text_test

import (
	"testing"

	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/problems/text"
)

// BenchmarkStep is one training step (loss and gradient of 16 sequences of
// 64 characters plus an SF-AdamW step) of the default character
// transformer. PyTorch 1.13 on this kind of machine, one thread, float32:
// ~260 ms.
func BenchmarkStep(b *testing.B) {
	p, err := text.New(text.DefaultOptions(), 1)
	if err != nil {
		b.Fatal(err)
	}
	opt, _ := optim.NewScheduleFree(optim.DefaultSFAdamW())
	w := make([]float64, p.Dim())
	g := make([]float64, p.Dim())
	p.Init(w)
	step := 0
	for b.Loop() {
		p.LossGrad(w, g, step)
		opt.Step(w, g)
		step++
	}
}
