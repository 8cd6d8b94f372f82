package nn

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// goldenModels are digests (first 16 hex digits of SHA-256 over the
// float64 bits) of one LossGrad of each benchmark model at fixed inputs,
// recorded at commit 100f4fa before the gemm micro-kernels, the vector
// transposes, the vector ReLU and the BatchNorm sums of four channels, per
// gemm kernel (GemmKernel): every later speed change of the float64 path must
// leave these bits alone, so that recorded results stay reproducible. They
// were recorded on x86-64 CPUs with FMA (AMD Zen 3), where math.Exp takes its
// FMA path; elsewhere the test is skipped.
var goldenModels = map[string]map[string]string{
	"avx2": {
		"mlp": "3436ecc3890c4d7f",
		"cnn": "12c8d3e94012a744",
		"tr":  "c387cd81c8804c61",
	},
	"blas64": {
		"mlp": "113ffbba7862851a",
		"cnn": "1abfc3a4ce3594e5",
		"tr":  "dfc58f5f3a3209bb",
	},
}

func digest(xs ...[]float64) string {
	h := sha256.New()
	var buf [8]byte
	for _, x := range xs {
		for _, v := range x {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
			h.Write(buf[:])
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:16]
}

// TestModelsGolden checks the float64 models bit for bit against the digests
// above: the gradient of the MLP; the CNN's gradient and BatchNorm statistics
// (after an evaluation and a recomputation); the transformer's gradient.
func TestModelsGolden(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("digests recorded on amd64")
	}
	want, ok := goldenModels[GemmKernel()]
	if !ok {
		t.Skipf("no digests for gemm kernel %q", GemmKernel())
	}
	r := rand.New(rand.NewPCG(1, 1))
	got := map[string]string{}
	mlp := NewMLP([]int{64, 128, 10}, 32, 1)
	x, y := randSlice(r, 32*64), randLabels(r, 32, 10)
	mlp.LossGrad(x, y)
	got["mlp"] = digest(mlp.Grad())
	cnn := NewCNN(DefaultCNNConfig, 1)
	cx, cy := randSlice(r, 32*cnn.InputLen()), randLabels(r, 32, 10)
	cnn.LossGrad(cx, cy)
	cnn.Evaluate(cx, cy)
	cnn.RecomputeBNStats(cx)
	got["cnn"] = digest(cnn.Grad(), cnn.BN1.RunVar, cnn.BN2.RunMean)
	cfg := DefaultTransformerConfig
	tr := NewTransformer(cfg, 1)
	tok := randLabels(r, cfg.MaxBatch*(cfg.Ctx+1), cfg.Vocab)
	tr.LossGrad(tok)
	got["tr"] = digest(tr.Grad())
	for _, m := range []string{"mlp", "cnn", "tr"} {
		if got[m] != want[m] {
			t.Errorf("%s (gemm %s): digest %s, want %s: the float64 results changed", m, GemmKernel(), got[m], want[m])
		}
	}
}

// TestUseIsCopy checks that a model running on vectors given with Use
// computes bit for bit what it computes on its own vectors, leaves the
// given parameters unchanged, writes the gradient into the given buffer, and
// that Use rejects vectors of the wrong length.
func TestUseIsCopy(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 3))
	cnn := NewCNN(DefaultCNNConfig, 4)
	x, y := randSlice(r, 32*cnn.InputLen()), randLabels(r, 32, 10)
	cnn.LossGrad(x, y)
	want := append([]float64(nil), cnn.Grad()...)
	w := append([]float64(nil), cnn.Params()...)
	w0 := append([]float64(nil), w...)
	g := randSlice(r, len(w))
	fresh := NewCNN(DefaultCNNConfig, 99) // other initial weights, replaced by w
	fresh.Use(w, g)
	fresh.LossGrad(x, y)
	sameBits64(t, "gradient", g, want)
	sameBits64(t, "parameters", w, w0)
	defer func() {
		if recover() == nil {
			t.Error("Use with a short gradient did not panic")
		}
	}()
	fresh.Use(w, g[1:])
}

func sameBits64(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}
