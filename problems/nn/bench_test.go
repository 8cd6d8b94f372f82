package nn

import (
	"math/rand/v2"
	"testing"
)

// Per-step benchmarks: one LossGrad = forward + backward on a batch (no
// optimizer step). Run single-threaded for comparison with PyTorch 1.13 CPU
// single-thread on this machine (per step including an optimizer step):
// MLP ~850 µs, CNN ~2.2 ms, transformer ~260 ms.
//
//	go test ./problems/nn/ -run XXX -bench Step -cpu 1
//	GOEXPERIMENT=simd go test ./problems/nn/ -run XXX -bench Step -cpu 1
//
// Besides ns/op (wall) they report cpu-ns/op, the process CPU time per step,
// which is what to read on a machine shared with other jobs.
//
// Measured (best of 3, cpu-ns/op; forward + backward, no optimizer step):
//
//	model                              default (blas64)   GOEXPERIMENT=simd (AVX2)   PyTorch 1.13
//	MLP 64-128-10, batch 32                  98 897 ns           59 282 ns             ~850 µs
//	CNN 1×8×8, 8/16 channels, batch 32      787 890 ns          398 913 ns             ~2.2 ms
//	Transformer V80 d64 h4 L2 T64 B16    78 377 867 ns       35 965 469 ns             ~260 ms
//
// (that on an AMD EPYC Zen 5). On an AMD EPYC Zen 3 (family 25 model 1,
// AVX2, no AVX-512; 2026-12-01, a machine busy with other jobs, cpu-ns/op,
// GOEXPERIMENT=simd), before → after the assembly gemm kernels, the vector
// layer loops and the bit-exact vector exp (the float64 results unchanged,
// TestModelsGolden):
//
//	MLP            ~190 µs → ~57–75 µs
//	CNN            ~1.37 ms → ~0.31–0.45 ms
//	Transformer    ~120 ms → ~38–50 ms
//
// The steps with the optimizer, against PyTorch with one-thread OpenBLAS,
// and the float32 models (precision: float32), are in the vision and text
// packages' BenchmarkStep comments.

func BenchmarkMLPStep(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	m := NewMLP([]int{64, 128, 10}, 32, 1)
	x, y := randSlice(r, 32*64), randLabels(r, 32, 10)
	b.ReportAllocs()
	c0 := processCPUNanos()
	for b.Loop() {
		m.LossGrad(x, y)
	}
	reportCPU(b, c0)
}

func BenchmarkCNNStep(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	m := NewCNN(DefaultCNNConfig, 1)
	x, y := randSlice(r, 32*m.InputLen()), randLabels(r, 32, 10)
	b.ReportAllocs()
	c0 := processCPUNanos()
	for b.Loop() {
		m.LossGrad(x, y)
	}
	reportCPU(b, c0)
}

func BenchmarkTransformerStep(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	cfg := DefaultTransformerConfig
	m := NewTransformer(cfg, 1)
	tok := randLabels(r, cfg.MaxBatch*(cfg.Ctx+1), cfg.Vocab)
	b.ReportAllocs()
	c0 := processCPUNanos()
	for b.Loop() {
		m.LossGrad(tok)
	}
	reportCPU(b, c0)
}

func reportCPU(b *testing.B, c0 int64) {
	b.ReportMetric(float64(processCPUNanos()-c0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkConv compares im2col+gemm with the direct loops (forward +
// backward, batch 32) at the CNN's two convolution shapes.
func BenchmarkConv(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 2))
	for _, sh := range []struct {
		name            string
		cin, cout, h, w int
	}{{"1to8_8x8", 1, 8, 8, 8}, {"8to16_4x4", 8, 16, 4, 4}} {
		p := NewParams()
		c := NewConv2D(p, "c", sh.cin, sh.cout, sh.h, sh.w, 32, false)
		p.Finalize(1)
		x := randSlice(r, 32*sh.cin*sh.h*sh.w)
		dy := randSlice(r, 32*sh.cout*sh.h*sh.w)
		b.Run(sh.name+"/im2col-"+GemmKernel(), func(b *testing.B) {
			for b.Loop() {
				c.Forward(x, 32)
				c.Backward(dy)
			}
		})
		b.Run(sh.name+"/direct", func(b *testing.B) {
			for b.Loop() {
				c.forwardNaive(x, 32)
				c.backwardNaive(x, dy, 32)
			}
		})
	}
}

// BenchmarkAttentionCore compares the blocked-gemm attention core with the
// llm.c-style loops (forward + backward) at the benchmark transformer's
// shape: 16 sequences, T 64, d 64, 4 heads.
func BenchmarkAttentionCore(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 3))
	const B, T, C, H = 16, 64, 64, 4
	p := NewParams()
	a := NewCausalSelfAttention(p, "a", C, H, T, B)
	p.Finalize(1)
	a.qkv = randSlice(r, B*T*3*C)
	dy := randSlice(r, B*T*C)
	b.Run("gemm-"+GemmKernel(), func(b *testing.B) {
		for b.Loop() {
			a.attend(B)
			a.attendBackward(dy, B)
		}
	})
	b.Run("loops", func(b *testing.B) {
		for b.Loop() {
			a.attendNaive(B)
			a.attendBackwardNaive(dy, B)
		}
	})
}
