package nn

import (
	"fmt"
	"math"
)

// LayerNorm normalizes each row of [N, C] over its C values (biased variance,
// Eps = 1e-5) and applies y = Gamma·x̂ + Beta.
//
// Parameters (ones / zeros): Gamma: [C], Beta: [C].
type LayerNorm struct {
	C, MaxN     int
	Eps         float64
	Gamma, Beta *Param

	n    int
	x    []float64  // input of the last Forward (not owned): [N, C]
	mean []float64  // mean: [MaxN]
	rstd []float64  // rstd: [MaxN]
	out  []float64  // out: [MaxN, C]
	dx   []float64  // dx: [MaxN, C]
	sums [8]float64 // scratch of the vector backward (ln_simd.go)
}

// NewLayerNorm declares a LayerNorm over the last dimension c.
func NewLayerNorm(p *Params, name string, c, maxN int) *LayerNorm {
	return &LayerNorm{C: c, MaxN: maxN, Eps: 1e-5,
		Gamma: p.New(name+".gamma", Init{Kind: InitOnes}, c),
		Beta:  p.New(name+".beta", Init{Kind: InitZeros}, c),
		mean:  make([]float64, maxN),
		rstd:  make([]float64, maxN),
		out:   make([]float64, maxN*c),
		dx:    make([]float64, maxN*c),
	}
}

// Forward normalizes the first n rows of x.
//
//	x, out: [n, C]
func (l *LayerNorm) Forward(x []float64, n int) []float64 {
	C := l.C
	if n > l.MaxN || len(x) < n*C {
		panic(fmt.Sprintf("nn: LayerNorm.Forward: n=%d (max %d), len(x)=%d", n, l.MaxN, len(x)))
	}
	l.n, l.x = n, x[:n*C]
	g, be := l.Gamma.W[:C], l.Beta.W[:C]
	// vector kernel on the first rows (ln_simd.go; bit for bit this
	// loop), then this loop on the rest
	for r := l.lnForwardVec(x, n); r < n; r++ {
		clearUpper() // once per row (upper.go)
		xs := x[r*C : (r+1)*C]
		s := 0.0
		for _, v := range xs {
			s += v
		}
		m := s / float64(C)
		ss := 0.0
		for _, v := range xs {
			d := v - m
			ss += d * d
		}
		rs := 1 / math.Sqrt(ss/float64(C)+l.Eps)
		l.mean[r], l.rstd[r] = m, rs
		o := l.out[r*C : (r+1)*C]
		for j, v := range xs {
			o[j] = (v-m)*rs*g[j] + be[j]
		}
	}
	return l.out[:n*C]
}

// Backward accumulates dGamma, dBeta and returns
//
//	dx = rstd·(dŷ − mean(dŷ) − x̂·mean(dŷ·x̂)),  dŷ = Gamma·dy
//
//	dout, dx: [n, C]
func (l *LayerNorm) Backward(dout []float64) []float64 {
	C := l.C
	g, dg, db := l.Gamma.W[:C], l.Gamma.G[:C], l.Beta.G[:C]
	// vector kernel on the first rows (ln_simd.go; bit for bit this
	// loop), then this loop on the rest, in row order
	for r := l.lnBackwardVec(dout); r < l.n; r++ {
		clearUpper() // once per row (upper.go)
		xs := l.x[r*C : (r+1)*C]
		dy := dout[r*C : (r+1)*C]
		m, rs := l.mean[r], l.rstd[r]
		// reverse of out = Gamma·x̂ + Beta, and the two row means
		sd, sdx := 0.0, 0.0
		for j, v := range xs {
			xh := (v - m) * rs
			d := dy[j]
			dg[j] += d * xh
			db[j] += d
			dn := d * g[j]
			sd += dn
			sdx += dn * xh
		}
		sd /= float64(C)
		sdx /= float64(C)
		// reverse of x̂ = (x − mean)·rstd
		dx := l.dx[r*C : (r+1)*C]
		for j, v := range xs {
			xh := (v - m) * rs
			dx[j] = rs * (dy[j]*g[j] - sd - xh*sdx)
		}
	}
	return l.dx[:l.n*C]
}
