package nn

import (
	"fmt"
	"math"
)

// LayerNorm normalizes each row of [N, C] over its C values (biased variance,
// Eps = 1e-5) and applies y = Gamma·x̂ + Beta.
//
// Parameters (ones / zeros): Gamma: [C], Beta: [C].
type LayerNormOf[F Float] struct {
	C, MaxN     int
	Eps         float64
	Gamma, Beta *ParamOf[F]

	n    int
	x    []F  // input of the last Forward (not owned): [N, C]
	mean []F  // mean: [MaxN]
	rstd []F  // rstd: [MaxN]
	out  []F  // out: [MaxN, C]
	dx   []F  // dx: [MaxN, C]
	sums [8]F // scratch of the vector backward (ln_simd.go)
}

// LayerNorm is the float64 LayerNorm.
type LayerNorm = LayerNormOf[float64]

// NewLayerNorm declares a LayerNorm over the last dimension c.
func NewLayerNorm[F Float](p *ParamsOf[F], name string, c, maxN int) *LayerNormOf[F] {
	return &LayerNormOf[F]{C: c, MaxN: maxN, Eps: 1e-5,
		Gamma: p.New(name+".gamma", Init{Kind: InitOnes}, c),
		Beta:  p.New(name+".beta", Init{Kind: InitZeros}, c),
		mean:  make([]F, maxN),
		rstd:  make([]F, maxN),
		out:   make([]F, maxN*c),
		dx:    make([]F, maxN*c),
	}
}

// Forward normalizes the first n rows of x.
//
//	x, out: [n, C]
func (l *LayerNormOf[F]) Forward(x []F, n int) []F {
	C := l.C
	if n > l.MaxN || len(x) < n*C {
		panic(fmt.Sprintf("nn: LayerNorm.Forward: n=%d (max %d), len(x)=%d", n, l.MaxN, len(x)))
	}
	l.n, l.x = n, x[:n*C]
	g, be := l.Gamma.W[:C], l.Beta.W[:C]
	// vector kernel on the first rows (ln_simd.go; bit for bit this
	// loop), then this loop on the rest
	for r := vLNFwd(l, x, n); r < n; r++ {
		clearUpper() // once per row (upper.go)
		xs := x[r*C : (r+1)*C]
		var s F
		for _, v := range xs {
			s += v
		}
		m := s / F(C)
		var ss F
		for _, v := range xs {
			d := v - m
			ss += d * d
		}
		rs := 1 / F(math.Sqrt(float64(ss/F(C)+F(l.Eps))))
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
func (l *LayerNormOf[F]) Backward(dout []F) []F {
	C := l.C
	g, dg, db := l.Gamma.W[:C], l.Gamma.G[:C], l.Beta.G[:C]
	// vector kernel on the first rows (ln_simd.go; bit for bit this
	// loop), then this loop on the rest, in row order
	for r := vLNBwd(l, dout); r < l.n; r++ {
		clearUpper() // once per row (upper.go)
		xs := l.x[r*C : (r+1)*C]
		dy := dout[r*C : (r+1)*C]
		m, rs := l.mean[r], l.rstd[r]
		// reverse of out = Gamma·x̂ + Beta, and the two row means
		var sd, sdx F
		for j, v := range xs {
			xh := (v - m) * rs
			d := dy[j]
			dg[j] += d * xh
			db[j] += d
			dn := d * g[j]
			sd += dn
			sdx += dn * xh
		}
		sd /= F(C)
		sdx /= F(C)
		// reverse of x̂ = (x − mean)·rstd
		dx := l.dx[r*C : (r+1)*C]
		for j, v := range xs {
			xh := (v - m) * rs
			dx[j] = rs * (dy[j]*g[j] - sd - xh*sdx)
		}
	}
	return l.dx[:l.n*C]
}
