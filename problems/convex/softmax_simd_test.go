package convex

import (
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/internal/vmath"
	"github.com/sfbench/sfbench/problems"
)

// softmaxRunHash is the FNV-1a hash of the bits of the losses, gradients and
// metrics of a few gradient steps on letter with a batch of 40 (a full
// chunk of 32 examples and a partial one) and L2, then an evaluation.
func softmaxRunHash(t *testing.T) uint64 {
	p := build(t, "softmax", 3, func(o *SoftmaxOptions) {
		o.Dataset = "letter"
		o.Batch = 40
		o.L2 = 1e-3
		o.InitScale = 0.1
	})
	h := fnv.New64a()
	var buf [8]byte
	put := func(vs ...float64) {
		for _, v := range vs {
			b := math.Float64bits(v)
			for i := range buf {
				buf[i] = byte(b >> (8 * i))
			}
			h.Write(buf[:])
		}
	}
	w := make([]float64, p.Dim())
	g := make([]float64, p.Dim())
	p.Init(w)
	for step := range 6 {
		put(p.LossGrad(w, g, step))
		put(g...)
		for i := range w {
			w[i] -= float64(0.5 * g[i]) // converted: never a fused multiply-add
		}
	}
	m := p.Evaluate(w)
	put(m[problems.TrainLoss], m[problems.TrainAcc], m[problems.TestLoss], m[problems.TestAcc])
	return h.Sum64()
}

// TestSoftmaxSameWithoutSIMD checks that the softmax problem gives the same
// bits with internal/vmath's vector kernels as with their pure-Go
// references: it runs softmaxRunHash here and in a copy of this test binary
// started with SFBENCH_SIMD=off. (internal/vmath's golden test checks that
// the references give the same bits in the SIMD and the pure-Go build.)
func TestSoftmaxSameWithoutSIMD(t *testing.T) {
	if os.Getenv("SFBENCH_TEST_SOFTMAX_HASH") == "1" {
		fmt.Printf("softmax hash %#x\n", softmaxRunHash(t))
		return
	}
	if !vmath.SIMD() {
		t.Skip("the vector kernels are off in this build or on this CPU")
	}
	want := softmaxRunHash(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestSoftmaxSameWithoutSIMD$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SFBENCH_SIMD=off", "SFBENCH_TEST_SOFTMAX_HASH=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("running the test binary with SFBENCH_SIMD=off: %v\n%s", err, out)
	}
	var got uint64
	found := false
	for line := range strings.Lines(string(out)) {
		if _, err := fmt.Sscanf(line, "softmax hash %v", &got); err == nil {
			found = true
			break
		}
	}
	if !found {
		t.Fatalf("no hash in the output of the test binary run with SFBENCH_SIMD=off:\n%s", out)
	}
	if got != want {
		t.Errorf("hash of the run: %#x with the vector kernels, %#x without (output: %q)", want, got, out)
	}
}

// lossGradPerExample is LossGrad as it was written before the column
// kernels: MatVec, SoftmaxSum and Axpy per example, then Log and GerBatch
// per chunk of gradChunk examples. It is the reference the column form
// must match bit for bit.
func (p *Softmax) lossGradPerExample(w, g []float64, step int) float64 {
	idx := p.batches.Indices(step)
	clear(g)
	W, b := w[:p.k*p.d], w[p.k*p.d:]
	gW, gb := g[:p.k*p.d], g[p.k*p.d:]
	inv := 1 / float64(len(idx))
	loss := 0.0
	dz := make([]float64, gradChunk*p.k)
	xs := make([]float64, gradChunk*p.d)
	ls := make([]float64, gradChunk)
	for len(idx) > 0 {
		n := min(len(idx), gradChunk)
		for r, i := range idx[:n] {
			x, y := p.train.Row(i), p.train.Class(i)
			z := dz[r*p.k : (r+1)*p.k]
			copy(xs[r*p.d:(r+1)*p.d], x)
			vmath.MatVec(z, W, x, b)
			zy := z[y]
			m, s := vmath.SoftmaxSum(z)
			loss += m - zy
			ls[r] = s
			z[y]--
			vmath.Axpy(gb, z, inv)
		}
		vmath.Log(ls[:n], ls[:n])
		for _, l := range ls[:n] {
			loss += l
		}
		vmath.GerBatch(gW, p.k, p.d, dz[:n*p.k], xs[:n*p.d], inv)
		idx = idx[n:]
	}
	return float64(loss*inv) + p.addL2(w, g) // converted: never a fused multiply-add
}

// TestSoftmaxLossGradMatchesPerExample compares LossGrad with
// lossGradPerExample, bit for bit, on batches that fill whole groups of
// four examples, leave a partial group (13, 3) or span two chunks (40),
// across an epoch boundary (letter's last batch of 16 has 8 rows).
func TestSoftmaxLossGradMatchesPerExample(t *testing.T) {
	for _, batch := range []int{16, 13, 3, 40} {
		p := build(t, "softmax", 5, func(o *SoftmaxOptions) {
			o.Dataset = "letter"
			o.Batch = batch
			o.L2 = 1e-4
			o.InitScale = 0.3
		}).(*Softmax)
		w := make([]float64, p.Dim())
		g, gr := make([]float64, p.Dim()), make([]float64, p.Dim())
		p.Init(w)
		nb := p.BatchesPerEpoch()
		for _, step := range []int{0, 1, 2, nb - 2, nb - 1, nb, nb + 1, 5 * nb / 2} {
			l := p.LossGrad(w, g, step)
			lr := p.lossGradPerExample(w, gr, step)
			if math.Float64bits(l) != math.Float64bits(lr) {
				t.Fatalf("batch %d step %d: loss %v, per example %v", batch, step, l, lr)
			}
			for i := range g {
				if math.Float64bits(g[i]) != math.Float64bits(gr[i]) {
					t.Fatalf("batch %d step %d: g[%d] = %v, per example %v", batch, step, i, g[i], gr[i])
				}
			}
			for i := range w {
				w[i] -= float64(0.5 * g[i]) // converted: never a fused multiply-add
			}
		}
	}
}
