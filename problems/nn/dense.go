package nn

import "fmt"

// Dense is a fully connected layer applied to N rows:
//
//	y[n, o] = Σ_i x[n, i]·W[o, i] + b[o]     (y = x·Wᵀ + b, PyTorch's layout)
//
// Parameters (He-uniform weights with fan-in In, zero bias):
//
//	Weight: [Out, In]
//	Bias:   [Out]     (nil when constructed without bias)
type DenseOf[F Float] struct {
	In, Out, MaxN int
	Weight, Bias  *ParamOf[F]
	// NoInputGrad skips computing dx in Backward (first layer of a model);
	// Backward then returns nil.
	NoInputGrad bool

	x       []F // input of the last Forward (not owned): [N, In]
	n       int // N of the last Forward
	out     []F // out: [MaxN, Out]
	dx      []F // dx: [MaxN, In]
	scratch []F // scratch: [In, Out] Wᵀ for the AVX2 gemmNT
}

// Dense is the float64 Dense layer.
type Dense = DenseOf[float64]

// NewDense declares a Dense layer's parameters in p and allocates its
// workspace for up to maxN rows.
func NewDense[F Float](p *ParamsOf[F], name string, in, out, maxN int, bias bool) *DenseOf[F] {
	d := &DenseOf[F]{In: in, Out: out, MaxN: maxN}
	d.Weight = p.New(name+".W", Init{Kind: InitHeUniform, FanIn: in}, out, in)
	if bias {
		d.Bias = p.New(name+".b", Init{Kind: InitZeros}, out)
	}
	d.out = make([]F, maxN*out)
	d.dx = make([]F, maxN*in)
	d.scratch = make([]F, in*out)
	return d
}

// Forward computes y = x·Wᵀ + b for the first n rows of x.
//
//	x:   [n, In]
//	out: [n, Out]
func (d *DenseOf[F]) Forward(x []F, n int) []F {
	if n > d.MaxN || len(x) < n*d.In {
		panic(fmt.Sprintf("nn: Dense.Forward: n=%d (max %d), len(x)=%d, In=%d", n, d.MaxN, len(x), d.In))
	}
	d.x, d.n = x[:n*d.In], n
	out := d.out[:n*d.Out]
	// out[n, Out] = x[n, In] · W[Out, In]ᵀ
	gemmNT(n, d.Out, d.In, x, d.In, d.Weight.W, d.In, out, d.Out, false, d.scratch)
	if d.Bias != nil {
		b := d.Bias.W
		// vector loop over the first c columns (elem_simd.go, the same sums)
		c := vBiasAdd(out, b, n)
		for r := 0; r < n && c < d.Out; r++ {
			if r%16 == 0 {
				clearUpper() // every 16 rows (upper.go)
			}
			row := out[r*d.Out : (r+1)*d.Out]
			for o := c; o < len(row); o++ {
				row[o] += b[o]
			}
		}
	}
	return out
}

// Backward accumulates dW += doutᵀ·x, db += Σ_rows dout and returns
// dx = dout·W (nil when NoInputGrad).
//
//	dout: [n, Out]
//	dx:   [n, In]
func (d *DenseOf[F]) Backward(dout []F) []F {
	n := d.n
	dout = dout[:n*d.Out]
	// reverse of the bias add
	if d.Bias != nil {
		db := d.Bias.G
		// vector loop over the first c columns (elem_simd.go, each column's
		// sum in row order as here)
		c := vBiasGrad(db, dout, n)
		for r := 0; r < n && c < d.Out; r++ {
			if r%16 == 0 {
				clearUpper() // every 16 rows (upper.go)
			}
			row := dout[r*d.Out : (r+1)*d.Out]
			for o := c; o < len(row); o++ {
				db[o] += row[o]
			}
		}
	}
	// reverse of out = x·Wᵀ
	// dW[Out, In] += dout[n, Out]ᵀ · x[n, In]
	// (scratch, Wᵀ in Forward, holds the chunked partial sums here)
	gemmTNLong(d.Out, d.In, n, dout, d.Out, d.x, d.In, d.Weight.G, d.In, true, d.scratch)
	if d.NoInputGrad {
		return nil
	}
	dx := d.dx[:n*d.In]
	// dx[n, In] = dout[n, Out] · W[Out, In]
	gemmNN(n, d.In, d.Out, dout, d.Out, d.Weight.W, d.In, dx, d.In, false)
	return dx
}

// forwardNaive is the reference for Forward (triple loop, no scratch).
func (d *DenseOf[F]) forwardNaive(x []F, n int) []F {
	out := make([]F, n*d.Out)
	for r := 0; r < n; r++ {
		for o := 0; o < d.Out; o++ {
			var s F
			if d.Bias != nil {
				s = d.Bias.W[o]
			}
			for i := 0; i < d.In; i++ {
				s += x[r*d.In+i] * d.Weight.W[o*d.In+i]
			}
			out[r*d.Out+o] = s
		}
	}
	return out
}

// backwardNaive is the reference for Backward: it returns (dx, dW, db)
// freshly computed (not accumulated) from the input x of n rows.
func (d *DenseOf[F]) backwardNaive(x, dout []F, n int) (dx, dW, db []F) {
	dx = make([]F, n*d.In)
	dW = make([]F, d.Out*d.In)
	db = make([]F, d.Out)
	for r := 0; r < n; r++ {
		for o := 0; o < d.Out; o++ {
			g := dout[r*d.Out+o]
			db[o] += g
			for i := 0; i < d.In; i++ {
				dW[o*d.In+i] += g * x[r*d.In+i]
				dx[r*d.In+i] += g * d.Weight.W[o*d.In+i]
			}
		}
	}
	return dx, dW, db
}
