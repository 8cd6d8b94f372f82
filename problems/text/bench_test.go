package text_test

import (
	"testing"

	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/problems/nn"
	"github.com/sfbench/sfbench/problems/text"
)

// BenchmarkStep is one training step (loss and gradient of 16 sequences of
// 64 characters plus an SF-AdamW step) of the default character
// transformer. Besides ns/op it reports cpu-ns/op, the process CPU time per
// step (what to read on a machine shared with other jobs).
//
// Measured 2026-12-01 on an AMD EPYC Zen 3 (family 25 model 1, AVX2, the
// other core busy), CPU time per step, min and median of 5 rounds
// interleaved with PyTorch 1.13 float32 with OpenBLAS (the official
// schedule-free step; OPENBLAS_NUM_THREADS=1, one thread in all):
//
//	model             6ca8891 float64   float64        float32        PyTorch float32
//	d64 (this one)    38.1 / 49.6 ms    34.0 / 44.0    18.3 / 20.3    40.6 / 44.2 ms
//	paper-lm (d48)    18.9 / 22.9 ms    17.9 / 19.0    7.7 / 9.9      17.3 / 21.5 ms
//
// (paper-lm in 12 rounds against 6ca8891 alone: 17.5 / 23.5 -> 14.8 / 18.2
// ms). With OpenBLAS's own threads left on (torch.set_num_threads(1) only)
// PyTorch's CPU time is higher (d64 40.6 / 53.7 ms) and its wall time lower
// (33.7 ms).
func BenchmarkStep(b *testing.B) { benchStep(b, text.DefaultOptions(), optim.DefaultSFAdamW()) }

// BenchmarkStepFloat32 is BenchmarkStep with precision: float32 (the
// transformer in float32, the SF-AdamW step in float64).
func BenchmarkStepFloat32(b *testing.B) {
	o := text.DefaultOptions()
	o.Precision = nn.Float32
	benchStep(b, o, optim.DefaultSFAdamW())
}

// paperLM is the model of configs/paper-lm.yaml (d 48, 3 heads, 2 blocks,
// context 48, batch 16) and its SF-AdamW (β2 0.95).
func paperLM() (text.Options, optim.SFConfig) {
	o := text.DefaultOptions()
	o.Context, o.DModel, o.Heads, o.Blocks, o.Batch, o.EvalWindows = 48, 48, 3, 2, 16, 64
	cfg := optim.DefaultSFAdamW()
	cfg.Beta2 = 0.95
	return o, cfg
}

// BenchmarkStepPaperLM is BenchmarkStep at the model of
// configs/paper-lm.yaml, the problem that takes most of make results.
func BenchmarkStepPaperLM(b *testing.B) {
	o, cfg := paperLM()
	benchStep(b, o, cfg)
}

// BenchmarkStepPaperLMFloat32 is BenchmarkStepPaperLM in float32.
func BenchmarkStepPaperLMFloat32(b *testing.B) {
	o, cfg := paperLM()
	o.Precision = nn.Float32
	benchStep(b, o, cfg)
}

func benchStep(b *testing.B, o text.Options, cfg optim.SFConfig) {
	p, err := text.New(o, 1)
	if err != nil {
		b.Fatal(err)
	}
	opt, _ := optim.NewScheduleFree(cfg)
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
}
