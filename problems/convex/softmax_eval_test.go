package convex

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/sfbench/sfbench/internal/vmath"
	"github.com/sfbench/sfbench/problems/data"
)

// meanLossAccRef is meanLossAcc one example at a time, as it was computed
// before the column kernels: z = MatVec(W, x) + b, the loss LogSumExp(z) −
// z_y and the prediction argmax z.
func (p *Softmax) meanLossAccRef(w []float64, ds *data.Dataset) (loss, acc float64) {
	z := make([]float64, p.k)
	correct := 0
	for i := range ds.N {
		vmath.MatVec(z, w[:p.k*p.d], ds.Row(i), w[p.k*p.d:])
		lse := vmath.LogSumExp(z)
		y := ds.Class(i)
		loss += lse - z[y]
		best := 0
		for k, v := range z {
			if v > z[best] {
				best = k
			}
		}
		if best == y {
			correct++
		}
	}
	return loss / float64(ds.N), float64(correct) / float64(ds.N)
}

// TestMeanLossAccColumns checks the chunked evaluation against the one
// example at a time bit for bit, on data sets with chunks of several sizes
// (batch 1, 5 and 16, a last chunk shorter than the others), for weights
// from ordinary to large enough that exp overflows, with ties (all zero)
// and with NaN and ±Inf entries (a diverged run is evaluated too).
func TestMeanLossAccColumns(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for _, ds := range []string{"letter", "iris", "dna", "glass"} {
		for _, batch := range []int{1, 5, 16} {
			p := build(t, "softmax", 1, func(o *SoftmaxOptions) { o.Dataset, o.Batch = ds, batch }).(*Softmax)
			w := make([]float64, p.Dim())
			for trial := range 7 {
				for i := range w {
					switch trial {
					case 0:
						w[i] = 0
					case 1, 2:
						w[i] = r.NormFloat64() * 0.3
					case 3:
						w[i] = r.NormFloat64() * 300
					default:
						w[i] = r.NormFloat64()
					}
				}
				switch trial {
				case 4:
					w[r.IntN(len(w))] = math.NaN()
				case 5:
					w[r.IntN(len(w))] = math.Inf(1)
				case 6:
					w[r.IntN(len(w))] = math.Inf(-1)
				}
				for _, set := range []*data.Dataset{p.train, p.test} {
					if set == nil {
						continue
					}
					gl, ga := p.meanLossAcc(w, set)
					wl, wa := p.meanLossAccRef(w, set)
					if math.Float64bits(gl) != math.Float64bits(wl) || ga != wa {
						t.Fatalf("%s batch %d trial %d: loss %v acc %v, one at a time %v %v", ds, batch, trial, gl, ga, wl, wa)
					}
				}
			}
		}
	}
}
