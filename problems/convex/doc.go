// Package convex holds the convex problems of the paper's convex
// experiments and the studies around them: multinomial (softmax) and binary
// logistic regression on the shipped LIBSVM data sets, least-squares
// regression (diabetes, and a synthetic one with a known optimum), and noisy
// quadratics with a chosen spectrum (the β × γ study).
//
// Importing the package registers the problems (see problems.Register).
// Gradients are hand-written and checked against finite differences.
package convex

import "math/rand/v2"

// initRNG is the generator of a problem's initial point (stream 1 of its
// seed); data order and sampled noise use other streams.
func initRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

// fillNormal writes scale·N(0, 1) samples into w (zeros when scale is 0).
func fillNormal(w []float64, scale float64, rng *rand.Rand) {
	for i := range w {
		w[i] = 0
		if scale != 0 {
			w[i] = scale * rng.NormFloat64()
		}
	}
}
