package vision_test

import (
	"testing"

	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/problems/nn"
	"github.com/sfbench/sfbench/problems/vision"
)

// BenchmarkStep is one training step (minibatch loss and gradient plus a
// schedule-free SGD step) of each vision proxy with batch 32. PyTorch 1.13
// on this kind of machine, one thread, official schedule-free step
// included: MLP ~850 µs, CNN ~2.2 ms with the reference BLAS; with OpenBLAS,
// float32, on an AMD EPYC Zen 3 (2026-12-01, busy machine, CPU time per
// step, medians) MLP ~0.37–0.61 ms, CNN ~1.3–2.5 ms, against sfbench's
// float64 (GOEXPERIMENT=simd) ~0.06–0.09 ms and ~0.34–0.55 ms. Besides ns/op it reports cpu-ns/op,
// the process CPU time per step, which is what to read on a machine shared
// with other jobs.
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
