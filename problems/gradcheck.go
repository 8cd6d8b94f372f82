package problems

import (
	"math"
	"math/rand/v2"
)

// CheckGradient compares p's gradient at w for minibatch step with central
// finite differences on n random coordinates (drawn from seed) and returns
// the largest relative error |a−f| / max(|a|+|f|, floor) and where it
// occurred. Tests of every problem package use it.
func CheckGradient(p Problem, w []float64, step, n int, seed uint64, h, floor float64) (worst float64, at int) {
	g := make([]float64, len(w))
	scratch := make([]float64, len(w))
	wp := append([]float64(nil), w...)
	p.LossGrad(w, g, step)
	rng := rand.New(rand.NewPCG(seed, 3))
	for range min(n, len(w)) {
		i := rng.IntN(len(w))
		wp[i] = w[i] + h
		fp := p.LossGrad(wp, scratch, step)
		wp[i] = w[i] - h
		fm := p.LossGrad(wp, scratch, step)
		wp[i] = w[i]
		fd := (fp - fm) / (2 * h)
		if e := math.Abs(fd-g[i]) / math.Max(math.Abs(fd)+math.Abs(g[i]), floor); e > worst {
			worst, at = e, i
		}
	}
	return worst, at
}

// TrainSGD runs plain gradient steps w -= lr·g from p's initial point for
// steps minibatches and returns the parameters: the yardstick tests use to
// check that a problem can be learned.
func TrainSGD(p Problem, lr float64, steps int) []float64 {
	w := make([]float64, p.Dim())
	g := make([]float64, p.Dim())
	p.Init(w)
	for k := range steps {
		p.LossGrad(w, g, k)
		for i := range w {
			w[i] -= lr * g[i]
		}
	}
	return w
}
