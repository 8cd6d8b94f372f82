package convex_test

import (
	"testing"

	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/problems/convex"
)

// BenchmarkSoftmaxLetterSFAdamW is the throughput target of the problems
// issue: one training step (minibatch loss and gradient plus an SF-AdamW
// step) of softmax regression on letter with batch 16. The official
// PyTorch implementation takes about 420 µs per step (~2,400 steps/s) on
// this kind of machine; the steps/s metric is what to compare.
func BenchmarkSoftmaxLetterSFAdamW(b *testing.B) {
	p, err := convex.NewSoftmax(convex.SoftmaxOptions{Source: convex.Source{Dataset: "letter"}, Batch: 16}, 1)
	if err != nil {
		b.Fatal(err)
	}
	cfg := optim.DefaultSFAdamW()
	cfg.Beta2 = 0.95
	opt, err := optim.NewScheduleFree(cfg)
	if err != nil {
		b.Fatal(err)
	}
	w := make([]float64, p.Dim())
	g := make([]float64, p.Dim())
	p.Init(w)
	step := 0
	for b.Loop() {
		p.LossGrad(w, g, step)
		opt.Step(w, g)
		step++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkEvaluateLetter is a full evaluation (15000 train + 5000 test rows).
func BenchmarkEvaluateLetter(b *testing.B) {
	p, _ := convex.NewSoftmax(convex.SoftmaxOptions{Source: convex.Source{Dataset: "letter"}, Batch: 16}, 1)
	w := make([]float64, p.Dim())
	var m problems.Metrics
	for b.Loop() {
		m = p.Evaluate(w)
	}
	_ = m
}
