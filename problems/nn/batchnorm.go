package nn

import (
	"fmt"
	"math"
	"unsafe"
)

// BNMode selects how a BatchNorm normalizes.
type BNMode int

const (
	// BNTrain normalizes with the batch statistics (biased variance) and
	// updates the running statistics with momentum:
	// run = (1−m)·run + m·batch, using the UNBIASED batch variance
	// n/(n−1)·var for RunVar, as torch.nn.BatchNorm does.
	BNTrain BNMode = iota
	// BNEval normalizes with the running statistics and changes nothing.
	BNEval
	// BNAccumulate normalizes with the batch statistics like BNTrain, leaves
	// RunMean/RunVar alone and adds the batch to an exact population
	// accumulator (count, mean, M2 merged with Chan et al.'s parallel
	// formula); see BeginAccumulate/EndAccumulate.
	BNAccumulate
)

// BatchNorm normalizes each channel of an input [B, C, S] over the B·S values
// of that channel (S = H·W for BatchNorm2D, S = 1 for BatchNorm1D), then
// applies the per-channel affine map y = Gamma·x̂ + Beta.
//
// Parameters (ones / zeros): Gamma: [C], Beta: [C].
// State (not parameters): RunMean, RunVar: [C], initialized to 0 and 1.
//
// The running statistics and the population accumulator are float64 for
// every F (a float32 model's batch statistics are converted), so that a
// model's state is the same []float64 whatever it computes in.
type BatchNormOf[F Float] struct {
	C, S, MaxB    int
	Momentum, Eps float64 // 0.1 and 1e-5 by default
	Gamma, Beta   *ParamOf[F]
	Mode          BNMode
	RunMean       []float64 // RunMean: [C]
	RunVar        []float64 // RunVar: [C]

	accN    float64   // number of values accumulated per channel
	accMean []float64 // accMean: [C]
	accM2   []float64 // accM2: [C] Σ (x − mean)² so far

	b          int
	batchStats bool // last Forward normalized with batch statistics
	mean       []F  // mean: [C] statistics used by the last Forward
	rstd       []F  // rstd: [C] 1/sqrt(var + Eps)
	xhat       []F  // xhat: [MaxB, C, S]
	out        []F  // out: [MaxB, C, S]
	dx         []F  // dx: [MaxB, C, S]
	s4, ss4    [4]F // sums of a group of 4 channels (sums4, sqsums4)
	sdy4, sdx4 [4]F // Backward's sums of a group of 4 channels
}

// BatchNorm is the float64 BatchNorm.
type BatchNorm = BatchNormOf[float64]

// NewBatchNorm2D returns a BatchNorm over c channels of h×w maps.
func NewBatchNorm2D[F Float](p *ParamsOf[F], name string, c, h, w, maxB int) *BatchNormOf[F] {
	return newBatchNorm(p, name, c, h*w, maxB)
}

// NewBatchNorm1D returns a BatchNorm over inputs [B, C].
func NewBatchNorm1D[F Float](p *ParamsOf[F], name string, c, maxB int) *BatchNormOf[F] {
	return newBatchNorm(p, name, c, 1, maxB)
}

func newBatchNorm[F Float](p *ParamsOf[F], name string, c, s, maxB int) *BatchNormOf[F] {
	bn := &BatchNormOf[F]{C: c, S: s, MaxB: maxB, Momentum: 0.1, Eps: 1e-5}
	bn.Gamma = p.New(name+".gamma", Init{Kind: InitOnes}, c)
	bn.Beta = p.New(name+".beta", Init{Kind: InitZeros}, c)
	bn.RunMean = make([]float64, c)
	bn.RunVar = make([]float64, c)
	bn.ResetRunningStats()
	bn.accMean = make([]float64, c)
	bn.accM2 = make([]float64, c)
	bn.mean = make([]F, c)
	bn.rstd = make([]F, c)
	bn.xhat = make([]F, maxB*c*s)
	bn.out = make([]F, maxB*c*s)
	bn.dx = make([]F, maxB*c*s)
	return bn
}

// ResetRunningStats sets RunMean to 0 and RunVar to 1 (torch's reset).
func (bn *BatchNormOf[F]) ResetRunningStats() {
	clear(bn.RunMean)
	for i := range bn.RunVar {
		bn.RunVar[i] = 1
	}
}

// BeginAccumulate empties the population accumulator and switches to
// BNAccumulate: every following Forward adds its inputs to it.
func (bn *BatchNormOf[F]) BeginAccumulate() {
	bn.accN = 0
	clear(bn.accMean)
	clear(bn.accM2)
	bn.Mode = BNAccumulate
}

// EndAccumulate sets RunMean and RunVar to the exact population mean and
// (biased, divide-by-N) variance of everything forwarded since
// BeginAccumulate, and switches to BNEval.
func (bn *BatchNormOf[F]) EndAccumulate() {
	if bn.accN == 0 {
		panic("nn: BatchNorm.EndAccumulate with nothing accumulated")
	}
	copy(bn.RunMean, bn.accMean)
	for c := range bn.RunVar {
		bn.RunVar[c] = bn.accM2[c] / bn.accN
	}
	bn.Mode = BNEval
}

// Forward normalizes the first b samples of x according to Mode.
//
//	x:   [b, C, S]
//	out: [b, C, S]
func (bn *BatchNormOf[F]) Forward(x []F, b int) []F {
	C, S := bn.C, bn.S
	if b > bn.MaxB || len(x) < b*C*S || b < 1 {
		panic(fmt.Sprintf("nn: BatchNorm.Forward: b=%d (max %d), len(x)=%d, want %d per sample", b, bn.MaxB, len(x), C*S))
	}
	bn.b = b
	n := F(b * S)
	bn.batchStats = bn.Mode != BNEval
	if bn.batchStats {
		// the sums of the group of channels g0…g0+gn−1 (groupSums), each
		// in the order of the one-channel loops below
		var sum, sq [8]F
		g0, gn := 0, 0
		for c := 0; c < C; c++ {
			clearUpper() // once per channel (upper.go)
			if c >= g0+gn {
				g0, gn = c, bn.groupSums(x, b, c, &sum)
			}
			var s, ss F
			if c < g0+gn {
				s = sum[c-g0]
			} else {
				for i := 0; i < b; i++ {
					for _, v := range x[(i*C+c)*S : (i*C+c+1)*S] {
						s += v
					}
				}
			}
			// two-pass mean and biased variance over the b·S values
			m := s / n
			if c < g0+gn {
				if c == g0 {
					bn.groupSqSums(x, b, g0, gn, &sum, n, &sq)
				}
				ss = sq[c-g0]
			} else {
				for i := 0; i < b; i++ {
					for _, v := range x[(i*C+c)*S : (i*C+c+1)*S] {
						d := v - m
						ss += d * d
					}
				}
			}
			v := ss / n
			bn.mean[c] = m
			bn.rstd[c] = F(1 / math.Sqrt(float64(v)+bn.Eps))
			switch bn.Mode {
			case BNTrain:
				unbiased := v
				if n > 1 {
					unbiased = ss / (n - 1)
				}
				bn.RunMean[c] = (1-bn.Momentum)*bn.RunMean[c] + bn.Momentum*float64(m)
				bn.RunVar[c] = (1-bn.Momentum)*bn.RunVar[c] + bn.Momentum*float64(unbiased)
			case BNAccumulate:
				// Chan et al.: merge (accN, accMean, accM2) with (n, m, ss)
				n, m, ss := float64(n), float64(m), float64(ss)
				tot := bn.accN + n
				d := m - bn.accMean[c]
				bn.accMean[c] += d * n / tot
				bn.accM2[c] += ss + d*d*bn.accN*n/tot
			}
		}
		if bn.Mode == BNAccumulate {
			bn.accN += float64(n)
		}
	} else {
		for c := 0; c < C; c++ {
			bn.mean[c] = F(bn.RunMean[c])
			bn.rstd[c] = F(1 / math.Sqrt(bn.RunVar[c]+bn.Eps))
		}
	}
	out := bn.out[:b*C*S]
	xhat := bn.xhat[:b*C*S]
	g, be := bn.Gamma.W, bn.Beta.W
	if is64[F]() && bnVec(S) {
		// a channel of all samples per call (bn_simd.go, the same values)
		for c := 0; c < C; c++ {
			bnFwdChan(as64(xhat), as64(out), as64(x), b, C, S, c, float64(bn.mean[c]), float64(bn.rstd[c]), float64(g[c]), float64(be[c]))
		}
		return out
	}
	for i := 0; i < b; i++ {
		clearUpper() // once per sample (upper.go)
		for c := 0; c < C; c++ {
			m, r, gc, bc := bn.mean[c], bn.rstd[c], g[c], be[c]
			off := (i*C + c) * S
			xs := x[off : off+S]
			xh := xhat[off : off+S]
			o := out[off : off+S]
			// vector loop (elem_simd.go, the same values), then the rest
			for j := vBNFwd(xh, o, xs, m, r, gc, bc); j < len(xs); j++ {
				h := (xs[j] - m) * r
				xh[j] = h
				o[j] = gc*h + bc
			}
		}
	}
	return out
}

// Backward accumulates dGamma, dBeta and returns dx. With batch statistics
// (BNTrain/BNAccumulate) the mean and variance depend on x:
//
//	dx = Gamma·rstd/n · (n·dy − Σdy − x̂·Σ(dy·x̂))   (sums over the channel's n = b·S values)
//
// with running statistics (BNEval) dx = Gamma·rstd·dy.
//
//	dout, dx: [b, C, S]
func (bn *BatchNormOf[F]) Backward(dout []F) []F {
	b, C, S := bn.b, bn.C, bn.S
	n := F(b * S)
	xhat := bn.xhat[:b*C*S]
	dx := bn.dx[:b*C*S]
	dout = dout[:b*C*S]
	var sdyG, sdxG [8]F // the sums of the group of channels g0… (groupBwdSums)
	g0, gn := 0, 0
	for c := 0; c < C; c++ {
		clearUpper() // once per channel (upper.go)
		// reverse of out = Gamma·x̂ + Beta
		var sdy, sdyx F
		if c >= g0+gn {
			g0, gn = c, bn.groupBwdSums(dout, xhat, b, c, &sdyG, &sdxG)
		}
		if c < g0+gn {
			sdy, sdyx = sdyG[c-g0], sdxG[c-g0]
		} else {
			for i := 0; i < b; i++ {
				off := (i*C + c) * S
				xh := xhat[off : off+S]
				for j, g := range dout[off : off+S] {
					sdy += g
					sdyx += g * xh[j]
				}
			}
		}
		bn.Gamma.G[c] += sdyx
		bn.Beta.G[c] += sdy
		// reverse of x̂ = (x − mean)·rstd
		k := bn.Gamma.W[c] * bn.rstd[c]
		if bn.batchStats && is64[F]() && bnBwdChan(as64(dx), as64(dout), as64(xhat), b, C, S, c, float64(k), float64(sdy/n), float64(sdyx), float64(n)) {
			continue // a channel of all samples in one call (bn_simd.go, the same values)
		}
		for i := 0; i < b; i++ {
			off := (i*C + c) * S
			xh := xhat[off : off+S]
			d := dx[off : off+S]
			if bn.batchStats {
				dy := dout[off : off+S]
				// vector loop (elem_simd.go, the same values), then the rest
				for j := vBNBwd(d, dy, xh, k, sdy/n, sdyx, n); j < len(dy); j++ {
					d[j] = k * (dy[j] - sdy/n - xh[j]*sdyx/n)
				}
			} else {
				for j, g := range dout[off : off+S] {
					d[j] = k * g
				}
			}
		}
	}
	return dx
}

// groupSums sets sum[q] to the sums of channels c+q (sums4's) for the group
// of channels starting at c and returns its size: 8 or 4 with the vector
// sums (bn_simd.go), else 4 with sums4, or 0 when fewer than 4 channels
// are left (the caller's one-channel loops take them).
func (bn *BatchNormOf[F]) groupSums(x []F, b, c int, sum *[8]F) int {
	C, S := bn.C, bn.S
	if is64[F]() {
		s64 := (*[8]float64)(unsafe.Pointer(sum))
		if c+8 <= C && bnSums(as64(x), b, C, S, c, 2, s64) {
			return 8
		}
		if c+4 <= C && bnSums(as64(x), b, C, S, c, 1, s64) {
			return 4
		}
	}
	if c+4 > C {
		return 0
	}
	bn.sums4(x, b, c)
	copy(sum[:4], bn.s4[:])
	return 4
}

// groupSqSums sets sq[q] to the sums of squared deviations of the gn
// channels starting at c (sqsums4's, with the means sum[q]/n).
func (bn *BatchNormOf[F]) groupSqSums(x []F, b, c, gn int, sum *[8]F, n F, sq *[8]F) {
	if is64[F]() {
		var means [8]F
		for q := range gn {
			means[q] = sum[q] / n
		}
		if bnSqSums(as64(x), b, bn.C, bn.S, c, gn/4, (*[8]float64)(unsafe.Pointer(&means)), (*[8]float64)(unsafe.Pointer(sq))) {
			return
		}
	}
	bn.sqsums4(x, b, c, n)
	copy(sq[:4], bn.ss4[:])
}

// groupBwdSums is groupSums for Backward's sums (bwdSums4's).
func (bn *BatchNormOf[F]) groupBwdSums(dout, xhat []F, b, c int, sdy, sdx *[8]F) int {
	C, S := bn.C, bn.S
	if is64[F]() {
		a, p := (*[8]float64)(unsafe.Pointer(sdy)), (*[8]float64)(unsafe.Pointer(sdx))
		if c+8 <= C && bnBwdSums(as64(dout), as64(xhat), b, C, S, c, 2, a, p) {
			return 8
		}
		if c+4 <= C && bnBwdSums(as64(dout), as64(xhat), b, C, S, c, 1, a, p) {
			return 4
		}
	}
	if c+4 > C {
		return 0
	}
	bn.bwdSums4(dout, xhat, b, c)
	copy(sdy[:4], bn.sdy4[:])
	copy(sdx[:4], bn.sdx4[:])
	return 4
}

// sums4 sets s4[q] = Σ x over channel c+q (q < 4) of the first b samples,
// each sum in the order of the one-channel loop (samples, then positions):
// the four chains are independent, so they run side by side (a single
// chain of dependent adds is latency-bound), and each is bit for bit the
// one-channel sum.
func (bn *BatchNormOf[F]) sums4(x []F, b, c int) {
	C, S := bn.C, bn.S
	var s0, s1, s2, s3 F
	for i := 0; i < b; i++ {
		clearUpper() // once per sample (upper.go)
		off := (i*C + c) * S
		x0 := x[off : off+S]
		x1 := x[off+S : off+2*S][:len(x0)]
		x2 := x[off+2*S : off+3*S][:len(x0)]
		x3 := x[off+3*S : off+4*S][:len(x0)]
		for j, v := range x0 {
			s0 += v
			s1 += x1[j]
			s2 += x2[j]
			s3 += x3[j]
		}
	}
	bn.s4 = [4]F{s0, s1, s2, s3}
}

// sqsums4 sets ss4[q] = Σ (x − m_q)² over channel c+q with m_q = s4[q]/n, in
// the one-channel loop's order (as sums4).
func (bn *BatchNormOf[F]) sqsums4(x []F, b, c int, n F) {
	C, S := bn.C, bn.S
	m0, m1, m2, m3 := bn.s4[0]/n, bn.s4[1]/n, bn.s4[2]/n, bn.s4[3]/n
	var s0, s1, s2, s3 F
	for i := 0; i < b; i++ {
		clearUpper() // once per sample (upper.go)
		off := (i*C + c) * S
		x0 := x[off : off+S]
		x1 := x[off+S : off+2*S][:len(x0)]
		x2 := x[off+2*S : off+3*S][:len(x0)]
		x3 := x[off+3*S : off+4*S][:len(x0)]
		for j, v := range x0 {
			d0 := v - m0
			d1 := x1[j] - m1
			d2 := x2[j] - m2
			d3 := x3[j] - m3
			s0 += d0 * d0
			s1 += d1 * d1
			s2 += d2 * d2
			s3 += d3 * d3
		}
	}
	bn.ss4 = [4]F{s0, s1, s2, s3}
}

// bwdSums4 sets sdy4[q] = Σ dy and sdx4[q] = Σ dy·x̂ over channel c+q, in the
// one-channel loop's order (as sums4).
func (bn *BatchNormOf[F]) bwdSums4(dout, xhat []F, b, c int) {
	C, S := bn.C, bn.S
	var a0, a1, a2, a3, p0, p1, p2, p3 F
	for i := 0; i < b; i++ {
		clearUpper() // once per sample (upper.go)
		off := (i*C + c) * S
		g0 := dout[off : off+S]
		g1 := dout[off+S : off+2*S][:len(g0)]
		g2 := dout[off+2*S : off+3*S][:len(g0)]
		g3 := dout[off+3*S : off+4*S][:len(g0)]
		h0 := xhat[off : off+S][:len(g0)]
		h1 := xhat[off+S : off+2*S][:len(g0)]
		h2 := xhat[off+2*S : off+3*S][:len(g0)]
		h3 := xhat[off+3*S : off+4*S][:len(g0)]
		for j, g := range g0 {
			a0 += g
			p0 += g * h0[j]
			a1 += g1[j]
			p1 += g1[j] * h1[j]
			a2 += g2[j]
			p2 += g2[j] * h2[j]
			a3 += g3[j]
			p3 += g3[j] * h3[j]
		}
	}
	bn.sdy4 = [4]F{a0, a1, a2, a3}
	bn.sdx4 = [4]F{p0, p1, p2, p3}
}
