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
