package nn

import (
	"fmt"
	"unsafe"
)

// Conv2D is a 3×3 convolution with stride 1 and zero padding 1 on NCHW
// tensors (the output has the same H×W as the input):
//
//	out[b, co, y, x] = bias[co] + Σ_{ci, ky, kx} Weight[co, ci, ky, kx]·in[b, ci, y+ky−1, x+kx−1]
//
// Parameters (He-uniform weights with fan-in Cin·9, zero bias):
//
//	Weight: [Cout, Cin, 3, 3]
//	Bias:   [Cout]             (nil when constructed without bias)
//
// The optimized path is im2col + gemm per image: col[Cin·9, H·W] holds the
// 3×3 neighbourhoods, out[b] = Weight[Cout, Cin·9]·col. The direct loops in
// forwardNaive/backwardNaive are the reference. Measured at the CNN's shapes
// (batch 32, forward+backward, ns/op, BenchmarkConv in bench_test.go; the
// direct loops also allocate their outputs):
//
//	shape              im2col+gemm (blas64)  (AVX2)   direct loops
//	1→8,  8×8                     101 633    66 812        683 143
//	8→16, 4×4                     563 229   188 574      2 388 261
//
// so im2col+gemm is kept.
type Conv2DOf[F Float] struct {
	Cin, Cout, H, W, MaxB int
	Weight, Bias          *ParamOf[F]
	// NoInputGrad skips computing dx in Backward (first layer of a model);
	// Backward then returns nil.
	NoInputGrad bool

	b       int
	col     []F // col: [MaxB, Cin·9, H·W] im2col of the input, kept for Backward
	out     []F // out: [MaxB, Cout, H, W]
	dx      []F // dx: [MaxB, Cin, H, W]
	dcol    []F // dcol: [Cin·9, H·W] per-image scratch
	scratch []F // scratch: [H·W, Cin·9] colᵀ of one image (AVX2 gemmNT); im2col's and col2im's padded image
}

// Conv2D is the float64 convolution.
type Conv2D = Conv2DOf[float64]

// NewConv2D declares a 3×3/stride 1/pad 1 convolution on cin×h×w inputs.
func NewConv2D[F Float](p *ParamsOf[F], name string, cin, cout, h, w, maxB int, bias bool) *Conv2DOf[F] {
	c := &Conv2DOf[F]{Cin: cin, Cout: cout, H: h, W: w, MaxB: maxB}
	c.Weight = p.New(name+".W", Init{Kind: InitHeUniform, FanIn: cin * 9}, cout, cin, 3, 3)
	if bias {
		c.Bias = p.New(name+".b", Init{Kind: InitZeros}, cout)
	}
	k9, hw := cin*9, h*w
	c.col = make([]F, maxB*k9*hw)
	c.out = make([]F, maxB*cout*hw)
	c.dx = make([]F, maxB*cin*hw)
	c.dcol = make([]F, k9*hw)
	c.scratch = make([]F, hw*k9)
	return c
}

// OutLen is the number of output values per image (Cout·H·W).
func (c *Conv2DOf[F]) OutLen() int { return c.Cout * c.H * c.W }

// im2col fills col[Cin·9, H·W] from one image in[Cin, H, W]:
// col[ci·9 + ky·3 + kx, y·W + x] = in[ci, y+ky−1, x+kx−1] (0 outside).
//
// It first copies the image into pad[Cin, H+2, W+2] with a zero border
// (pad needs Cin·(H+2)·(W+2) ≤ Cin·9·H·W values), so that every row of col
// is a plain copy of W values. The values are moved as integers of their
// width (float moves would be legacy-SSE MOVSD/MOVSS, upper.go).
func im2col[F Float](col, in, pad []F, cin, h, w int) {
	if is64[F]() {
		im2colBits(bitsOf[F, uint64](col), bitsOf[F, uint64](in), bitsOf[F, uint64](pad), cin, h, w)
	} else {
		im2colBits(bitsOf[F, uint32](col), bitsOf[F, uint32](in), bitsOf[F, uint32](pad), cin, h, w)
	}
}

func im2colBits[U uint32 | uint64](col, in, pad []U, cin, h, w int) {
	hw, hp, wp := h*w, h+2, w+2
	cu := col[:cin*9*hw]
	iu := in[:cin*hw]
	pu := pad[:cin*hp*wp]
	clear(pu)
	for ci := 0; ci < cin; ci++ {
		for y := 0; y < h; y++ {
			d := pu[(ci*hp+y+1)*wp+1:][:w]
			for x, v := range iu[(ci*h+y)*w:][:len(d)] {
				d[x] = v
			}
		}
	}
	if is64bits(cu) {
		if im2colRowsVec(u64bits(cu), u64bits(pu), cin, h, w) { // vector moves (elem_simd.go)
			return
		}
	} else if im2colRowsVec32(u32bits(cu), u32bits(pu), cin, h, w) { // (vec32_simd.go)
		return
	}
	for ci := 0; ci < cin; ci++ {
		for ky := 0; ky < 3; ky++ {
			for kx := 0; kx < 3; kx++ {
				row := cu[(ci*9+ky*3+kx)*hw:][:hw]
				for y := 0; y < h; y++ {
					d := row[y*w:][:w]
					for x, v := range pu[(ci*hp+y+ky)*wp+kx:][:len(d)] {
						d[x] = v
					}
				}
			}
		}
	}
}

// is64bits reports whether U is uint64; u64bits views s as []uint64 (U
// must be uint64).
func is64bits[U uint32 | uint64](s []U) bool { return unsafe.Sizeof(s[0]) == 8 }

func u64bits[U uint32 | uint64](s []U) []uint64 {
	return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// u32bits views s as []uint32 (U must be uint32).
func u32bits[U uint32 | uint64](s []U) []uint32 {
	return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// col2im is the adjoint of im2col: dx[Cin, H, W] (overwritten) receives the
// sum of every dcol entry that im2col copied from it, each dx element's terms
// added in (ky, kx) order starting from 0. It accumulates into
// dpad[Cin, H+2, W+2] (scratch, as im2col's pad), whose border collects the
// terms im2col took from outside the image and is dropped.
func col2im[F Float](dx, dcol, dpad []F, cin, h, w int) {
	if vCol2im(dx, dcol, cin, h, w) { // gathered in vector registers (elem_simd.go), the same sums
		return
	}
	hw, hp, wp := h*w, h+2, w+2
	dp := dpad[:cin*hp*wp]
	clear(dp)
	for ci := 0; ci < cin; ci++ {
		clearUpper() // once per channel (upper.go)
		for ky := 0; ky < 3; ky++ {
			for kx := 0; kx < 3; kx++ {
				row := dcol[(ci*9+ky*3+kx)*hw:][:hw]
				for y := 0; y < h; y++ {
					d := dp[(ci*hp+y+ky)*wp+kx:][:w]
					for x, v := range row[y*w:][:len(d)] {
						d[x] += v
					}
				}
			}
		}
	}
	if is64[F]() {
		unpad(bitsOf[F, uint64](dx[:cin*hw]), bitsOf[F, uint64](dp), cin, h, w)
	} else {
		unpad(bitsOf[F, uint32](dx[:cin*hw]), bitsOf[F, uint32](dp), cin, h, w)
	}
}

// unpad copies the inner [cin, h, w] of pad[cin, h+2, w+2] into dst, as
// integers (see im2col).
func unpad[U uint32 | uint64](dst, pad []U, cin, h, w int) {
	hp, wp := h+2, w+2
	for ci := 0; ci < cin; ci++ {
		for y := 0; y < h; y++ {
			d := dst[(ci*h+y)*w:][:w]
			for x, v := range pad[(ci*hp+y+1)*wp+1:][:len(d)] {
				d[x] = v
			}
		}
	}
}

// Forward convolves the first b images of x.
//
//	x:   [b, Cin, H, W]
//	out: [b, Cout, H, W]
func (c *Conv2DOf[F]) Forward(x []F, b int) []F {
	k9, hw := c.Cin*9, c.H*c.W
	if b > c.MaxB || len(x) < b*c.Cin*hw {
		panic(fmt.Sprintf("nn: Conv2D.Forward: b=%d (max %d), len(x)=%d, want %d per image", b, c.MaxB, len(x), c.Cin*hw))
	}
	c.b = b
	out := c.out[:b*c.Cout*hw]
	for i := 0; i < b; i++ {
		col := c.col[i*k9*hw : (i+1)*k9*hw]
		im2col(col, x[i*c.Cin*hw:(i+1)*c.Cin*hw], c.scratch, c.Cin, c.H, c.W)
		o := out[i*c.Cout*hw : (i+1)*c.Cout*hw]
		// o[Cout, HW] = Weight[Cout, K9] · col[K9, HW]
		gemmNN(c.Cout, hw, k9, c.Weight.W, k9, col, hw, o, hw, false)
		if c.Bias != nil {
			for co, bv := range c.Bias.W {
				row := o[co*hw : (co+1)*hw]
				for j := range row {
					row[j] += bv
				}
			}
		}
	}
	return out
}

// Backward accumulates dWeight, dBias and returns dx (nil when NoInputGrad).
//
//	dout: [b, Cout, H, W]
//	dx:   [b, Cin, H, W]
func (c *Conv2DOf[F]) Backward(dout []F) []F {
	b := c.b
	k9, hw := c.Cin*9, c.H*c.W
	dout = dout[:b*c.Cout*hw]
	for i := 0; i < b; i++ {
		do := dout[i*c.Cout*hw : (i+1)*c.Cout*hw]
		// reverse of the bias add
		if c.Bias != nil {
			clearUpper() // upper.go
			for co := range c.Bias.G {
				var s F
				for _, g := range do[co*hw : (co+1)*hw] {
					s += g
				}
				c.Bias.G[co] += s
			}
		}
		// reverse of o = Weight·col
		col := c.col[i*k9*hw : (i+1)*k9*hw]
		// dWeight[Cout, K9] += do[Cout, HW] · col[K9, HW]ᵀ
		gemmNT(c.Cout, k9, hw, do, hw, col, hw, c.Weight.G, k9, true, c.scratch)
		if c.NoInputGrad {
			continue
		}
		// dcol[K9, HW] = Weight[Cout, K9]ᵀ · do[Cout, HW]
		gemmTN(k9, hw, c.Cout, c.Weight.W, k9, do, hw, c.dcol, hw, false)
		// reverse of im2col
		col2im(c.dx[i*c.Cin*hw:(i+1)*c.Cin*hw], c.dcol, c.scratch, c.Cin, c.H, c.W)
	}
	if c.NoInputGrad {
		return nil
	}
	return c.dx[:b*c.Cin*hw]
}

// forwardNaive is the reference for Forward: direct 7-deep loop.
func (c *Conv2DOf[F]) forwardNaive(x []F, b int) []F {
	H, W := c.H, c.W
	out := make([]F, b*c.Cout*H*W)
	for n := 0; n < b; n++ {
		for co := 0; co < c.Cout; co++ {
			for y := 0; y < H; y++ {
				for xx := 0; xx < W; xx++ {
					var s F
					if c.Bias != nil {
						s = c.Bias.W[co]
					}
					for ci := 0; ci < c.Cin; ci++ {
						for ky := 0; ky < 3; ky++ {
							for kx := 0; kx < 3; kx++ {
								iy, ix := y+ky-1, xx+kx-1
								if iy < 0 || iy >= H || ix < 0 || ix >= W {
									continue
								}
								s += c.Weight.W[((co*c.Cin+ci)*3+ky)*3+kx] * x[((n*c.Cin+ci)*H+iy)*W+ix]
							}
						}
					}
					out[((n*c.Cout+co)*H+y)*W+xx] = s
				}
			}
		}
	}
	return out
}

// backwardNaive is the reference for Backward: returns fresh (dx, dW, db)
// for input x of b images.
func (c *Conv2DOf[F]) backwardNaive(x, dout []F, b int) (dx, dW, db []F) {
	H, W := c.H, c.W
	dx = make([]F, b*c.Cin*H*W)
	dW = make([]F, c.Cout*c.Cin*9)
	db = make([]F, c.Cout)
	for n := 0; n < b; n++ {
		for co := 0; co < c.Cout; co++ {
			for y := 0; y < H; y++ {
				for xx := 0; xx < W; xx++ {
					g := dout[((n*c.Cout+co)*H+y)*W+xx]
					db[co] += g
					for ci := 0; ci < c.Cin; ci++ {
						for ky := 0; ky < 3; ky++ {
							for kx := 0; kx < 3; kx++ {
								iy, ix := y+ky-1, xx+kx-1
								if iy < 0 || iy >= H || ix < 0 || ix >= W {
									continue
								}
								wi := ((co*c.Cin+ci)*3+ky)*3 + kx
								xi := ((n*c.Cin+ci)*H+iy)*W + ix
								dW[wi] += g * x[xi]
								dx[xi] += g * c.Weight.W[wi]
							}
						}
					}
				}
			}
		}
	}
	return dx, dW, db
}
