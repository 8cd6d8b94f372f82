package vision_test

import (
	"testing"

	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/problems/nn"
	"github.com/sfbench/sfbench/problems/vision"
)

// BenchmarkStep is one training step (minibatch loss and gradient plus a
// schedule-free SGD step) of each vision proxy with batch 32. Besides ns/op
// it reports cpu-ns/op, the process CPU time per step, which is what to read
// on a machine shared with other jobs.
//
// Measured 2026-12-01 on an AMD EPYC Zen 3 (family 25 model 1, AVX2, the
// other core busy), CPU time per step, min and median of 5 rounds
// interleaved with PyTorch 1.13 float32 with OpenBLAS (the official
// schedule-free step; OPENBLAS_NUM_THREADS=1, one thread in all):
//
//	model   6ca8891 float64   float64          float32          PyTorch float32
//	MLP     60.9 / 77.7 µs    57.9 / 74.2 µs   35.6 / 51.9 µs   398 / 406 µs
//	CNN     397 / 483 µs      309 / 353 µs     449 / 508 µs     1422 / 1563 µs
//
// (the CNN in 12 rounds against 6ca8891 alone: 316 / 461 -> 246 / 345 µs;
// its float32 BatchNorm, pooling and col2im loops are scalar, so float32 is
// the slower precision for it).
func BenchmarkStep(b *testing.B) { benchStep(b, nn.Float64) }

// BenchmarkStepFloat32 is BenchmarkStep with precision: float32 (the
// network in float32, the SF-SGD step in float64).
func BenchmarkStepFloat32(b *testing.B) { benchStep(b, nn.Float32) }

func benchStep(b *testing.B, prec nn.Precision) {
	for _, model := range []string{"mlp", "cnn"} {
		b.Run(model, func(b *testing.B) {
			o := vision.DefaultOptions()
			o.Model, o.Precision = model, prec
			p, err := vision.New(o, 1)
			if err != nil {
				b.Fatal(err)
			}
			opt, _ := optim.NewScheduleFree(optim.DefaultSFSGD())
			w := make([]float64, p.Dim())
			g := make([]float64, p.Dim())
			p.Init(w)
			step := 0
			c0 := processCPUNanos()
			for b.Loop() {
				p.LossGrad(w, g, step)
				opt.Step(w, g)
				step++
			}
			b.ReportMetric(float64(processCPUNanos()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
}
