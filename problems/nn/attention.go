package nn

import (
	"fmt"
	"math"
)

// CausalSelfAttention is multi-head self-attention with a causal mask on
// sequences x[B, T, C]:
//
//	qkv = x·Wqkvᵀ + bqkv                       QKV: Dense C → 3C, columns [q | k | v]
//	                                           (the Q, K and V projections stacked; head h
//	                                           uses columns h·hs … (h+1)·hs−1 of each part)
//	att[b,h,t,s] = softmax_{s ≤ t}( q[b,t,h]·k[b,s,h] / sqrt(hs) ),  0 for s > t
//	y[b,t,h]     = Σ_{s ≤ t} att[b,h,t,s]·v[b,s,h]
//	out          = y·Woᵀ + bo                  Proj: Dense C → C (the O projection)
//
// with hs = C/Heads.
type CausalSelfAttentionOf[F Float] struct {
	C, Heads, T, MaxB int
	QKV, Proj         *DenseOf[F]

	b    int
	qkv  []F // qkv: [b, T, 3C] view of QKV's output
	att  []F // att: [MaxB, Heads, T, T] probabilities (s > t entries are 0)
	y    []F // y: [MaxB, T, C] attention output before Proj
	dqkv []F // dqkv: [MaxB, T, 3C]
	datt []F // datt: [T] scratch for one row of d(att) (naive path)
	ds   []F // ds: [T, T] d(att) then d(scores) of one (sequence, head)
	scr  []F // scr: [hs, T] gemmNT scratch (Kᵀ, Vᵀ blocks)
}

// CausalSelfAttention is the float64 attention.
type CausalSelfAttention = CausalSelfAttentionOf[float64]

// attBlock is the row-block size of the blocked causal gemms: query rows
// t0…t1−1 only need key columns 0…t1−1, which skips most of the masked
// upper triangle (work ≈ (1/2 + attBlock/2T) of the full T×T products).
//
// Core forward+backward at the benchmark shape (16 sequences, T 64, d 64, 4
// heads; BenchmarkAttentionCore, best of 3, ns/op): gemm path 2 691 333 with
// the AVX2 kernel vs 5 763 529 for the loops; with blas64 (default build)
// 5 682 733 vs 5 258 465, i.e. the loops are 8% faster there, which is about
// 0.5% of a transformer step, so only the gemm path is used.
const attBlock = 16

// NewCausalSelfAttention declares the QKV and output projections (with bias)
// for sequences of up to t positions and maxB sequences.
func NewCausalSelfAttention[F Float](p *ParamsOf[F], name string, c, heads, t, maxB int) *CausalSelfAttentionOf[F] {
	if heads <= 0 || c%heads != 0 {
		panic(fmt.Sprintf("nn: attention: C=%d not divisible by heads=%d", c, heads))
	}
	return &CausalSelfAttentionOf[F]{C: c, Heads: heads, T: t, MaxB: maxB,
		QKV:  NewDense(p, name+".qkv", c, 3*c, maxB*t, true),
		Proj: NewDense(p, name+".proj", c, c, maxB*t, true),
		att:  make([]F, maxB*heads*t*t),
		y:    make([]F, maxB*t*c),
		dqkv: make([]F, maxB*t*3*c),
		datt: make([]F, t),
		ds:   make([]F, t*t),
		scr:  make([]F, t*(c/heads)),
	}
}

// Forward applies attention to b sequences.
//
//	x:   [b, T, C]
//	out: [b, T, C]
func (a *CausalSelfAttentionOf[F]) Forward(x []F, b int) []F {
	if b > a.MaxB || len(x) < b*a.T*a.C {
		panic(fmt.Sprintf("nn: attention.Forward: b=%d (max %d), len(x)=%d", b, a.MaxB, len(x)))
	}
	a.b = b
	a.qkv = a.QKV.Forward(x, b*a.T)
	a.attend(b)
	return a.Proj.Forward(a.y[:b*a.T*a.C], b*a.T)
}

// attend computes att and y from qkv (the core between the projections)
// with gemms per (sequence, head), blocked over query rows so that the masked
// upper triangle is mostly skipped:
//
//	S[t0:t1, 0:t1] = Q[t0:t1]·K[0:t1]ᵀ      then row softmax of scale·S over s ≤ t
//	Y[t0:t1]       = P[t0:t1, 0:t1]·V[0:t1]
//
// where Q, K, V, Y are the head's [T, hs] column slices of qkv and y.
func (a *CausalSelfAttentionOf[F]) attend(b int) {
	T, C, H := a.T, a.C, a.Heads
	hs := C / H
	C3 := 3 * C
	scale := F(1 / math.Sqrt(float64(hs)))
	for bi := 0; bi < b; bi++ {
		bo := bi * T * C3
		for h := 0; h < H; h++ {
			q := a.qkv[bo+h*hs:]                      // Q: [T, hs] stride 3C
			k := a.qkv[bo+C+h*hs:]                    // K: [T, hs] stride 3C
			v := a.qkv[bo+2*C+h*hs:]                  // V: [T, hs] stride 3C
			P := a.att[(bi*H+h)*T*T : (bi*H+h+1)*T*T] // P: [T, T]
			y := a.y[bi*T*C+h*hs:]                    // Y: [T, hs] stride C
			if useAVX2 {
				// Kᵀ once for all row blocks (the AVX2 gemm gives the
				// same chains for every operand layout)
				kt := a.scr[:hs*T] // Kᵀ: [hs, T]
				transposeAVX(kt, k, T, hs, C3)
				for t0 := 0; t0 < T; t0 += attBlock {
					t1 := min(t0+attBlock, T)
					gemmNN(t1-t0, t1, hs, q[t0*C3:], C3, kt, T, P[t0*T:], T, false)
				}
			} else {
				for t0 := 0; t0 < T; t0 += attBlock {
					t1 := min(t0+attBlock, T)
					gemmNT(t1-t0, t1, hs, q[t0*C3:], C3, k, C3, P[t0*T:], T, false, a.scr)
				}
			}
			for t := 0; t < T; t++ {
				row := P[t*T : (t+1)*T]
				if !vSoftmaxRow(row[:t+1], scale) { // vector kernels (attn_simd.go), the same values
					softmaxRow(row[:t+1], scale)
				}
				clear(row[t+1:])
			}
			for t0 := 0; t0 < T; t0 += attBlock {
				t1 := min(t0+attBlock, T)
				gemmNN(t1-t0, hs, t1, P[t0*T:], T, v, C3, y[t0*C:], C, false)
			}
		}
	}
}

// softmaxRow is attend's scalar row: row[s] *= scale, then the numerically
// stable softmax of row (softmaxRowVec is its vector twin).
func softmaxRow[F Float](row []F, scale F) {
	clearUpper() // once per row (upper.go)
	for s := range row {
		row[s] *= scale
	}
	softmaxRest(row)
}

// softmaxRest is softmaxRow after the scaling: the softmax of row in place.
func softmaxRest[F Float](row []F) {
	mx := F(math.Inf(-1))
	for _, v := range row {
		mx = max(mx, v)
	}
	// row[s] = exp(row[s] − mx) (the vector exp gives math.Exp's values,
	// exp_simd.go), then the sum in the same order
	vExpSub(row, row, mx)
	clearUpper()
	var sum F
	for _, e := range row {
		sum += e
	}
	inv := 1 / sum
	for s := range row {
		row[s] *= inv
	}
}

// softmaxRowBackward is attendBackward's scalar row: the reverse of the
// softmax (and of the scale) on d, from the probabilities p (its vector
// twin is softmaxBwdRowVec).
func softmaxRowBackward[F Float](p, d []F, scale F) {
	clearUpper() // once per row (upper.go)
	d = d[:len(p)]
	var dot F
	for s, pv := range p {
		dot += pv * d[s]
	}
	for s, pv := range p {
		d[s] = scale * pv * (d[s] - dot)
	}
}

// attendBackward computes dqkv from dy (reverse of attend), per (sequence,
// head), blocked like attend:
//
//	dP[t0:t1, 0:t1] = dY[t0:t1]·V[0:t1]ᵀ
//	dV[s0:s1]       = P[s0:T, s0:s1]ᵀ·dY[s0:T]          (P[t, s] = 0 for t < s)
//	dS[t, s]        = scale·P[t,s]·(dP[t,s] − Σ_r P[t,r]·dP[t,r])   (s ≤ t, else 0)
//	dQ[t0:t1]       = dS[t0:t1, 0:t1]·K[0:t1]
//	dK[s0:s1]       = dS[s0:T, s0:s1]ᵀ·Q[s0:T]
//
//	dy:   [b, T, C]
//	dqkv: [b, T, 3C] (every entry overwritten)
func (a *CausalSelfAttentionOf[F]) attendBackward(dy []F, b int) {
	T, C, H := a.T, a.C, a.Heads
	hs := C / H
	C3 := 3 * C
	scale := F(1 / math.Sqrt(float64(hs)))
	ds := a.ds
	for bi := 0; bi < b; bi++ {
		bo := bi * T * C3
		for h := 0; h < H; h++ {
			q := a.qkv[bo+h*hs:]
			k := a.qkv[bo+C+h*hs:]
			v := a.qkv[bo+2*C+h*hs:]
			dq := a.dqkv[bo+h*hs:]
			dk := a.dqkv[bo+C+h*hs:]
			dv := a.dqkv[bo+2*C+h*hs:]
			P := a.att[(bi*H+h)*T*T : (bi*H+h+1)*T*T]
			dY := dy[bi*T*C+h*hs:] // dY: [T, hs] stride C
			// reverse of Y = P·V
			if useAVX2 {
				vt := a.scr[:hs*T] // Vᵀ: [hs, T], once for all row blocks (see attend)
				transposeAVX(vt, v, T, hs, C3)
				for t0 := 0; t0 < T; t0 += attBlock {
					t1 := min(t0+attBlock, T)
					gemmNN(t1-t0, t1, hs, dY[t0*C:], C, vt, T, ds[t0*T:], T, false)
				}
			} else {
				for t0 := 0; t0 < T; t0 += attBlock {
					t1 := min(t0+attBlock, T)
					gemmNT(t1-t0, t1, hs, dY[t0*C:], C, v, C3, ds[t0*T:], T, false, a.scr)
				}
			}
			for s0 := 0; s0 < T; s0 += attBlock {
				s1 := min(s0+attBlock, T)
				gemmTN(s1-s0, hs, T-s0, P[s0*T+s0:], T, dY[s0*C:], C, dv[s0*C3:], C3, false)
			}
			// reverse of the softmax (and of the scale)
			for t := 0; t < T; t++ {
				p := P[t*T : t*T+t+1]
				d := ds[t*T : (t+1)*T]
				if !vSoftmaxBwdRow(p, d[:t+1], scale) { // vector kernel (attn_simd.go), the same values
					softmaxRowBackward(p, d, scale)
				}
				clear(d[t+1:])
			}
			// reverse of S = Q·Kᵀ
			for t0 := 0; t0 < T; t0 += attBlock {
				t1 := min(t0+attBlock, T)
				gemmNN(t1-t0, hs, t1, ds[t0*T:], T, k, C3, dq[t0*C3:], C3, false)
			}
			for s0 := 0; s0 < T; s0 += attBlock {
				s1 := min(s0+attBlock, T)
				gemmTN(s1-s0, hs, T-s0, ds[s0*T+s0:], T, q[s0*C3:], C3, dk[s0*C3:], C3, false)
			}
		}
	}
}

// attendNaive is the reference for attend: llm.c-style loops over
// (sequence, head, query position), skipping masked positions.
func (a *CausalSelfAttentionOf[F]) attendNaive(b int) {
	T, C, H := a.T, a.C, a.Heads
	hs := C / H
	C3 := 3 * C
	scale := F(1 / math.Sqrt(float64(hs)))
	for bi := 0; bi < b; bi++ {
		for h := 0; h < H; h++ {
			for t := 0; t < T; t++ {
				q := a.qkv[(bi*T+t)*C3+h*hs : (bi*T+t)*C3+h*hs+hs]
				row := a.att[((bi*H+h)*T+t)*T : ((bi*H+h)*T+t+1)*T]
				// scores and their max over s ≤ t
				mx := F(math.Inf(-1))
				for s := 0; s <= t; s++ {
					k := a.qkv[(bi*T+s)*C3+C+h*hs : (bi*T+s)*C3+C+h*hs+hs]
					k = k[:len(q)]
					var d F
					for j, qv := range q {
						d += qv * k[j]
					}
					d *= scale
					row[s] = d
					mx = max(mx, d)
				}
				// numerically stable softmax; masked entries are exactly 0
				var sum F
				for s := 0; s <= t; s++ {
					e := F(math.Exp(float64(row[s] - mx)))
					row[s] = e
					sum += e
				}
				inv := 1 / sum
				for s := 0; s <= t; s++ {
					row[s] *= inv
				}
				clear(row[t+1:])
				// y[t] = Σ_s att[t,s]·v[s]
				y := a.y[(bi*T+t)*C+h*hs : (bi*T+t)*C+h*hs+hs]
				clear(y)
				for s := 0; s <= t; s++ {
					p := row[s]
					v := a.qkv[(bi*T+s)*C3+2*C+h*hs : (bi*T+s)*C3+2*C+h*hs+hs]
					v = v[:len(y)]
					for j := range y {
						y[j] += p * v[j]
					}
				}
			}
		}
	}
}

// Backward returns dx and accumulates the projections' gradients.
//
//	dout, dx: [b, T, C]
func (a *CausalSelfAttentionOf[F]) Backward(dout []F) []F {
	dy := a.Proj.Backward(dout)
	a.attendBackward(dy, a.b)
	return a.QKV.Backward(a.dqkv[:a.b*a.T*3*a.C])
}

// attendBackwardNaive is the reference for attendBackward (loops).
func (a *CausalSelfAttentionOf[F]) attendBackwardNaive(dy []F, b int) {
	T, C, H := a.T, a.C, a.Heads
	hs := C / H
	C3 := 3 * C
	scale := F(1 / math.Sqrt(float64(hs)))
	dqkv := a.dqkv[:b*T*C3]
	clear(dqkv)
	for bi := 0; bi < b; bi++ {
		for h := 0; h < H; h++ {
			for t := 0; t < T; t++ {
				row := a.att[((bi*H+h)*T+t)*T : ((bi*H+h)*T+t+1)*T]
				dyt := dy[(bi*T+t)*C+h*hs : (bi*T+t)*C+h*hs+hs]
				datt := a.datt[:t+1]
				// reverse of y[t] = Σ_s att[t,s]·v[s]
				for s := 0; s <= t; s++ {
					v := a.qkv[(bi*T+s)*C3+2*C+h*hs : (bi*T+s)*C3+2*C+h*hs+hs]
					dv := dqkv[(bi*T+s)*C3+2*C+h*hs : (bi*T+s)*C3+2*C+h*hs+hs]
					v, dv = v[:len(dyt)], dv[:len(dyt)]
					p := row[s]
					var d F
					for j, g := range dyt {
						d += g * v[j]
						dv[j] += p * g
					}
					datt[s] = d
				}
				// reverse of the softmax: dpre[s] = att[s]·(datt[s] − Σ_r att[r]·datt[r])
				var dot F
				for s, d := range datt {
					dot += row[s] * d
				}
				// reverse of pre[s] = scale·q[t]·k[s]
				q := a.qkv[(bi*T+t)*C3+h*hs : (bi*T+t)*C3+h*hs+hs]
				dq := dqkv[(bi*T+t)*C3+h*hs : (bi*T+t)*C3+h*hs+hs]
				dq = dq[:len(q)]
				for s, d := range datt {
					dpre := row[s] * (d - dot) * scale
					k := a.qkv[(bi*T+s)*C3+C+h*hs : (bi*T+s)*C3+C+h*hs+hs]
					dk := dqkv[(bi*T+s)*C3+C+h*hs : (bi*T+s)*C3+C+h*hs+hs]
					k, dk = k[:len(q)], dk[:len(q)]
					for j, qv := range q {
						dq[j] += dpre * k[j]
						dk[j] += dpre * qv
					}
				}
			}
		}
	}
}
