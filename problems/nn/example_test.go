package nn_test

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"

	"github.com/sfbench/sfbench/problems/nn"
)

// Build a 64→128→10 MLP, evaluate the loss and gradient of one batch of 32,
// and take one plain gradient step on the flat parameter vector.
func ExampleMLP() {
	m := nn.NewMLP([]int{64, 128, 10}, 32, 1)
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 32*64) // [32, 64]
	y := make([]int, 32)        // [32]
	for i := range x {
		x[i] = r.NormFloat64()
	}
	for i := range y {
		y[i] = r.IntN(10)
	}
	loss, acc := m.LossGrad(x, y)
	fmt.Printf("parameters: %d (= len(Grad): %v)\n", len(m.Params()), len(m.Grad()) == len(m.Params()))
	fmt.Printf("loss %.4f nats, accuracy %.4f, |grad| %.4f\n", loss, acc, floats.Norm(m.Grad(), 2))

	floats.AddScaled(m.Params(), -0.1, m.Grad()) // w ← w − 0.1·g
	loss, _ = m.LossGrad(x, y)
	fmt.Printf("after one step: loss %.4f\n", loss)
	// Output:
	// parameters: 9610 (= len(Grad): true)
	// loss 3.2579 nats, accuracy 0.0938, |grad| 2.9901
	// after one step: loss 2.4882
}
