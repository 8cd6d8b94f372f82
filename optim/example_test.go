package optim_test

import (
	"fmt"
	"math"

	"github.com/sfbench/sfbench/optim"
)

// loss and gradient of f(w) = ½ Σ a_i (w_i − b_i)², a toy problem.
var (
	curv   = []float64{1, 10, 0.1}
	target = []float64{1, -2, 3}
)

func loss(w []float64) float64 {
	s := 0.0
	for i := range w {
		s += 0.5 * curv[i] * (w[i] - target[i]) * (w[i] - target[i])
	}
	return s
}

func grad(g, w []float64, k int) {
	for i := range w {
		// A deterministic "noise" term keeps the example stochastic-looking.
		g[i] = curv[i]*(w[i]-target[i]) + 0.1*math.Sin(float64(7*k+i))
	}
}

// Schedule-free SGD trains at y; evaluate at x with Eval, then go back to
// training with Train (or write x elsewhere with EvalPoint).
func Example_scheduleFreeSGD() {
	cfg := optim.DefaultSFSGD()
	cfg.LR = 0.1
	cfg.Warmup = 10
	opt, err := optim.NewScheduleFree(cfg)
	if err != nil {
		panic(err)
	}
	w := []float64{0, 0, 0} // the parameters: y while training
	g := make([]float64, len(w))
	for k := 0; k < 300; k++ {
		grad(g, w, k)
		opt.Step(w, g)
		if (k+1)%100 == 0 {
			opt.Eval(w) // w now holds x, the point to evaluate
			fmt.Printf("step %d: loss at x %.4f\n", k+1, loss(w))
			opt.Train(w) // back to y
		}
	}
	// Output:
	// step 100: loss at x 0.1586
	// step 200: loss at x 0.0431
	// step 300: loss at x 0.0071
}

// Schedule-free AdamW, evaluated at x without touching the parameters.
func Example_scheduleFreeAdamW() {
	cfg := optim.DefaultSFAdamW()
	cfg.LR = 0.05
	cfg.Warmup = 20
	opt, err := optim.NewScheduleFree(cfg)
	if err != nil {
		panic(err)
	}
	w := []float64{0, 0, 0}
	g := make([]float64, len(w))
	x := make([]float64, len(w))
	for k := 0; k < 400; k++ {
		grad(g, w, k)
		opt.Step(w, g)
	}
	opt.EvalPoint(x, w)
	fmt.Printf("loss at y %.4f, at x %.4f\n", loss(w), loss(x))
	fmt.Printf("x = [%.2f %.2f %.2f]\n", x[0], x[1], x[2])
	// Output:
	// loss at y 0.0095, at x 0.0084
	// x = [1.00 -1.96 3.18]
}

// Baselines compose: AdamW with a warmup + cosine schedule, evaluated at the
// Polyak average of its iterates. The uniform average still carries the
// early iterates, so here it is worse than the annealed last iterate.
func Example_composedBaseline() {
	base, err := optim.NewAdamW(optim.AdamWConfig{
		LR: 0.05, Beta1: 0.9, Beta2: 0.95, Eps: 1e-8,
		Schedule: optim.WarmupCosine{Warmup: 20, Horizon: 400},
	})
	if err != nil {
		panic(err)
	}
	opt, err := optim.NewAveraged(base, optim.AveragingConfig{Kind: optim.Polyak})
	if err != nil {
		panic(err)
	}
	w := []float64{0, 0, 0}
	g := make([]float64, len(w))
	for k := 0; k < 400; k++ {
		grad(g, w, k)
		opt.Step(w, g)
	}
	x := make([]float64, len(w))
	opt.EvalPoint(x, w)
	fmt.Printf("last iterate %.4f, average %.4f\n", loss(w), loss(x))
	// Output:
	// last iterate 0.0000, average 0.1163
}
