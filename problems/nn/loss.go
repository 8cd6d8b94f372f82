package nn

import (
	"fmt"
	"math"
)

// SoftmaxCrossEntropy is the mean over N rows of −log softmax(logits)[target],
// computed stably (log-sum-exp with the row max subtracted). It also reports
// the accuracy (argmax == target, ties resolved to the first maximum). For
// a language model N = B·T and the loss is the per-token mean in nats.
type SoftmaxCrossEntropyOf[F Float] struct {
	K, MaxN int

	n       int
	targets []int // targets of the last Forward (not owned): [N]
	probs   []F   // probs: [MaxN, K] softmax of the last Forward
	dlogits []F   // dlogits: [MaxN, K]
}

// SoftmaxCrossEntropy is the float64 loss.
type SoftmaxCrossEntropy = SoftmaxCrossEntropyOf[float64]

// NewSoftmaxCrossEntropy allocates the float64 loss for up to maxN rows of
// k classes.
func NewSoftmaxCrossEntropy(k, maxN int) *SoftmaxCrossEntropy {
	return NewSoftmaxCrossEntropyOf[float64](k, maxN)
}

// NewSoftmaxCrossEntropyOf allocates the F loss for up to maxN rows of k
// classes.
func NewSoftmaxCrossEntropyOf[F Float](k, maxN int) *SoftmaxCrossEntropyOf[F] {
	return &SoftmaxCrossEntropyOf[F]{K: k, MaxN: maxN, probs: make([]F, maxN*k), dlogits: make([]F, maxN*k)}
}

// Forward returns the mean loss and the accuracy over n rows.
//
//	logits:  [n, K]
//	targets: [n] in [0, K)
func (l *SoftmaxCrossEntropyOf[F]) Forward(logits []F, targets []int, n int) (loss, acc float64) {
	K := l.K
	if n > l.MaxN || n < 1 || len(logits) < n*K || len(targets) < n {
		panic(fmt.Sprintf("nn: SoftmaxCrossEntropy.Forward: n=%d (max %d), len(logits)=%d, len(targets)=%d", n, l.MaxN, len(logits), len(targets)))
	}
	l.n, l.targets = n, targets[:n]
	sum, correct := 0.0, 0
	for r := 0; r < n; r++ {
		clearUpper() // once per row (upper.go)
		z := logits[r*K : (r+1)*K]
		y := targets[r]
		if y < 0 || y >= K {
			panic(fmt.Sprintf("nn: SoftmaxCrossEntropy: target %d outside [0, %d)", y, K))
		}
		mx, am := z[0], 0
		for j, v := range z {
			if v > mx {
				mx, am = v, j
			}
		}
		if am == y {
			correct++
		}
		p := l.probs[r*K : (r+1)*K]
		// p[j] = exp(z[j] − mx) (the vector exp gives math.Exp's values,
		// exp_simd.go), then the sum in the same order
		vExpSub(p, z, mx)
		clearUpper()
		var s F
		for _, e := range p {
			s += e
		}
		inv := 1 / s
		for j := range p {
			p[j] *= inv
		}
		// −log p[y] = log Σ exp(z − mx) − (z[y] − mx)
		sum += math.Log(float64(s)) - float64(z[y]-mx)
	}
	return sum / float64(n), float64(correct) / float64(n)
}

// Backward returns d(mean loss)/d logits = (softmax − onehot)/n.
//
//	dlogits: [n, K]
func (l *SoftmaxCrossEntropyOf[F]) Backward() []F {
	K, n := l.K, l.n
	inv := 1 / F(n)
	d := l.dlogits[:n*K]
	for r := 0; r < n; r++ {
		clearUpper() // once per row (upper.go)
		p := l.probs[r*K : (r+1)*K]
		dr := d[r*K : (r+1)*K]
		for j, v := range p {
			dr[j] = v * inv
		}
		dr[l.targets[r]] -= inv
	}
	return d
}
