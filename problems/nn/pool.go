package nn

import "fmt"

// MaxPool2 is 2×2 max pooling with stride 2 on NCHW tensors (odd trailing
// rows/columns are dropped, like torch's floor mode). Ties pick the first
// maximum in row-major window order; the gradient goes to that element only.
type MaxPoolOf[F Float] struct {
	C, H, W, MaxB int
	Ho, Wo        int // H/2, W/2

	b      int
	argmax []int32 // argmax: [MaxB, C, Ho, Wo] index into the image's [C, H, W] plane set
	out    []F     // out: [MaxB, C, Ho, Wo]
	dx     []F     // dx: [MaxB, C, H, W]
}

// MaxPool2 is the float64 max pool.
type MaxPool2 = MaxPoolOf[float64]

// NewMaxPool2 allocates a float64 2×2/stride-2 max pool for c×h×w inputs.
func NewMaxPool2(c, h, w, maxB int) *MaxPool2 { return NewMaxPoolOf[float64](c, h, w, maxB) }

// NewMaxPoolOf allocates an F 2×2/stride-2 max pool for c×h×w inputs.
func NewMaxPoolOf[F Float](c, h, w, maxB int) *MaxPoolOf[F] {
	ho, wo := h/2, w/2
	return &MaxPoolOf[F]{C: c, H: h, W: w, MaxB: maxB, Ho: ho, Wo: wo,
		argmax: make([]int32, maxB*c*ho*wo),
		out:    make([]F, maxB*c*ho*wo),
		dx:     make([]F, maxB*c*h*w),
	}
}

// OutLen is the number of output values per image (C·Ho·Wo).
func (p *MaxPoolOf[F]) OutLen() int { return p.C * p.Ho * p.Wo }

// Forward pools the first b images.
//
//	x:   [b, C, H, W]
//	out: [b, C, Ho, Wo]
func (p *MaxPoolOf[F]) Forward(x []F, b int) []F {
	H, W, Ho, Wo := p.H, p.W, p.Ho, p.Wo
	if b > p.MaxB || len(x) < b*p.C*H*W {
		panic(fmt.Sprintf("nn: MaxPool2.Forward: b=%d (max %d), len(x)=%d", b, p.MaxB, len(x)))
	}
	p.b = b
	out := p.out[:b*p.C*Ho*Wo]
	if vMaxPool(p, x, out, b) { // vector rows (elem_simd.go), the same results
		return out
	}
	for pl := 0; pl < b*p.C; pl++ { // pl: one (image, channel) plane
		clearUpper() // once per plane (upper.go)
		img := x[pl*H*W : (pl+1)*H*W]
		for y := 0; y < Ho; y++ {
			for xx := 0; xx < Wo; xx++ {
				// window a b / c d; integer selects (compiled to CMOV)
				// instead of data-dependent branches; ties keep the first.
				i0 := (2*y)*W + 2*xx
				j1 := i0
				if img[i0+1] > img[i0] {
					j1 = i0 + 1
				}
				j2 := i0 + W
				if img[i0+W+1] > img[i0+W] {
					j2 = i0 + W + 1
				}
				j := j1
				if img[j2] > img[j1] {
					j = j2
				}
				o := (pl*Ho+y)*Wo + xx
				out[o] = img[j]
				p.argmax[o] = int32(pl*H*W + j)
			}
		}
	}
	return out
}

// Backward routes each output gradient to its window's argmax.
//
//	dout: [b, C, Ho, Wo]
//	dx:   [b, C, H, W]
func (p *MaxPoolOf[F]) Backward(dout []F) []F {
	n := p.b * p.C * p.Ho * p.Wo
	dx := p.dx[:p.b*p.C*p.H*p.W]
	if vMaxPoolBwd(p, dout) { // vector kernel (elem_simd.go), the same values
		return dx
	}
	clear(dx)
	for lo := 0; lo < n; lo += clearEvery {
		clearUpper() // upper.go
		for o := lo; o < min(lo+clearEvery, n); o++ {
			dx[p.argmax[o]] += dout[o]
		}
	}
	return dx
}
