package vmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// colShapes are the (k, d, n, ld) shapes of the column kernel tests: every
// k and d up to 9 with several column counts, the letter shapes, and ld
// larger than n.
func colShapes() [][4]int {
	shapes := [][4]int{{26, 16, 16, 16}, {26, 16, 8, 32}, {26, 16, 32, 32}, {3, 45, 13, 15}}
	for k := 0; k <= 9; k++ {
		for d := 0; d <= 9; d++ {
			for _, n := range []int{0, 1, 4, 7, 8, 13} {
				shapes = append(shapes, [4]int{k, d, n, n + (k+d)%3})
			}
		}
	}
	return shapes
}

// column gathers column r of the k×ld matrix m.
func column(m []float64, k, ld, r int) []float64 {
	c := make([]float64, k)
	for kk := range c {
		c[kk] = m[kk*ld+r]
	}
	return c
}

// TestMatVecColsTwins checks MatVecCols against MatVec column by column and
// against MatVecColsRef, bit for bit, with guards around every slice (the
// columns past n must stay untouched).
func TestMatVecColsTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	fill := func(int) float64 { return wide(rng) }
	for _, sh := range colShapes() {
		k, d, n, ld := sh[0], sh[1], sh[2], sh[3]
		for _, bias := range []bool{true, false} {
			off := (k + d + n) & 1
			a := newGuarded(k*d, off, fill)
			x := newGuarded(d*ld, 1-off, fill)
			b := newGuarded(k, off, fill)
			z := newGuarded(k*ld, 1-off, fill)
			zr, zc := z.clone(), z.clone()
			bs := b.data
			if !bias {
				bs = nil
			}
			MatVecCols(z.data, a.data, x.data, bs, k, d, n, ld)
			MatVecColsRef(zr.data, a.data, x.data, bs, k, d, n, ld)
			for r := range n {
				zz := make([]float64, k)
				MatVec(zz, a.data, column(x.data, d, ld, r), bs)
				for kk, v := range zz {
					zc.data[kk*ld+r] = v
				}
			}
			where := fmt.Sprintf("MatVecCols k=%d d=%d n=%d ld=%d bias=%v", k, d, n, ld, bias)
			z.check(t, zr, where)
			z.check(t, zc, where+" vs MatVec")
		}
	}
}

// TestSoftmaxSumColsTwins checks SoftmaxSumCols against SoftmaxSum column
// by column and against SoftmaxSumColsRef, with logits that include ties,
// ±0, ±Inf and NaN. Where a column holds two of NaN and ±Inf, which NaN
// comes out depends on the order of the operands of an addition, which the
// compiler may swap in scalar code (SoftmaxSum and SoftmaxSumRef differ
// there too), so any NaN matches any NaN; all other values must be the
// same bits.
func TestSoftmaxSumColsTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	specials := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 3, 3}
	fill := func(int) float64 {
		if rng.IntN(40) == 0 {
			return specials[rng.IntN(len(specials))]
		}
		return logits(rng)
	}
	for _, sh := range colShapes() {
		k, n, ld := sh[0], sh[2], sh[3]
		off := (k + n) & 1
		z := newGuarded(k*ld, off, fill)
		zr, zc := z.clone(), z.clone()
		m, s := newGuarded(n, 1-off, fill), newGuarded(n, off, fill)
		mr, sr := m.clone(), s.clone()
		mc, sc := m.clone(), s.clone()
		SoftmaxSumCols(z.data, k, n, ld, m.data, s.data)
		SoftmaxSumColsRef(zr.data, k, n, ld, mr.data, sr.data)
		for r := range n {
			c := column(zc.data, k, ld, r)
			mc.data[r], sc.data[r] = SoftmaxSum(c)
			for kk, v := range c {
				zc.data[kk*ld+r] = v
			}
		}
		where := fmt.Sprintf("SoftmaxSumCols k=%d n=%d ld=%d", k, n, ld)
		for _, c := range []struct {
			got, want guarded
			what      string
		}{{z, zr, ""}, {m, mr, " m"}, {s, sr, " s"}, {z, zc, " vs SoftmaxSum"}, {m, mc, " m vs SoftmaxSum"}, {s, sc, " s vs SoftmaxSum"}} {
			c.got.checkNaNs(t, c.want, where+c.what)
		}
	}
}

// TestGerBatchColsTwins checks GerBatchCols against GerBatch on the
// gathered rows and against GerBatchColsRef.
func TestGerBatchColsTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	fill := func(int) float64 { return wide(rng) }
	shapes := append(colShapes(), [4]int{26, 33, 16, 16}, [4]int{5, 21, 3, 4})
	for _, sh := range shapes {
		k, d, n, ld := sh[0], sh[1], sh[2], sh[3]
		off := (k + d + n) & 1
		a := newGuarded(k*d, off, fill)
		ar, ab := a.clone(), a.clone()
		x := newGuarded(k*ld, 1-off, fill)
		y := newGuarded(n*d, off, fill)
		alpha := rng.NormFloat64()
		GerBatchCols(a.data, k, d, x.data, n, ld, y.data, alpha)
		GerBatchColsRef(ar.data, k, d, x.data, n, ld, y.data, alpha)
		rows := make([]float64, n*k)
		for r := range n {
			copy(rows[r*k:], column(x.data, k, ld, r))
		}
		GerBatch(ab.data, k, d, rows, y.data, alpha)
		where := fmt.Sprintf("GerBatchCols k=%d d=%d n=%d ld=%d", k, d, n, ld)
		a.check(t, ar, where)
		a.check(t, ab, where+" vs GerBatch")
	}
}

func TestColsPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"n > ld":      func() { MatVecCols(make([]float64, 8), make([]float64, 4), make([]float64, 8), nil, 2, 2, 5, 4) },
		"negative k":  func() { SoftmaxSumCols(nil, -1, 0, 0, nil, nil) },
		"short z":     func() { SoftmaxSumCols(make([]float64, 7), 2, 4, 4, make([]float64, 4), make([]float64, 4)) },
		"short y":     func() { GerBatchCols(make([]float64, 4), 2, 2, make([]float64, 8), 4, 4, make([]float64, 7), 1) },
		"short x (d)": func() { MatVecCols(make([]float64, 8), make([]float64, 4), make([]float64, 7), nil, 2, 2, 4, 4) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// BenchmarkCols times the column kernels of the softmax step at letter's
// shape (26 classes, 16 features, batch 16), beside the per-example kernels
// they replace.
func BenchmarkCols(b *testing.B) {
	const k, d, n = 26, 16, 16
	rng := rand.New(rand.NewPCG(1, 2))
	a, x, z := make([]float64, k*d), make([]float64, d*n), make([]float64, k*n)
	m, s, bias := make([]float64, n), make([]float64, n), make([]float64, k)
	for i := range a {
		a[i] = rng.NormFloat64()
	}
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	b.Run("MatVecCols/26x16x16", func(b *testing.B) {
		for b.Loop() {
			MatVecCols(z, a, x, bias, k, d, n, n)
		}
	})
	b.Run("MatVec/16x26x16", func(b *testing.B) {
		for b.Loop() {
			for r := range n {
				MatVec(z[r*k:(r+1)*k], a, x[r*d:(r+1)*d], bias)
			}
		}
	})
	MatVecCols(z, a, x, bias, k, d, n, n)
	z0 := append([]float64(nil), z...)
	b.Run("SoftmaxSumCols/26x16", func(b *testing.B) {
		for b.Loop() {
			copy(z, z0)
			SoftmaxSumCols(z, k, n, n, m, s)
		}
	})
	b.Run("SoftmaxSum/16x26", func(b *testing.B) {
		for b.Loop() {
			copy(z, z0)
			for r := range n {
				m[r], s[r] = SoftmaxSum(z[r*k : (r+1)*k])
			}
		}
	})
	b.Run("GerBatchCols/26x16x16", func(b *testing.B) {
		for b.Loop() {
			GerBatchCols(a, k, d, z, n, n, x, 1e-3)
		}
	})
	gb, xt := make([]float64, k), make([]float64, d*n)
	b.Run("AxpyCols/26x16", func(b *testing.B) {
		for b.Loop() {
			AxpyCols(gb, z0, k, n, n, 1.0/16)
		}
	})
	b.Run("Transpose/16x16", func(b *testing.B) {
		for b.Loop() {
			Transpose(xt, x, n, d, n, d)
		}
	})
	for r := range s {
		s[r] = 1 + float64(r)
	}
	b.Run("Log/16", func(b *testing.B) {
		for b.Loop() {
			Log(m, s)
		}
	})
}

// checkNaNs is check with any NaN matching any NaN inside the slice.
func (g guarded) checkNaNs(t *testing.T, want guarded, where string) {
	t.Helper()
	w := want.clone()
	for j, v := range g.data {
		if math.IsNaN(v) && math.IsNaN(w.data[j]) {
			w.data[j] = v
		}
	}
	g.check(t, w, where)
}

// TestAxpyColsTwins checks AxpyCols against n calls of Axpy on the gathered
// columns and against AxpyColsRef.
func TestAxpyColsTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	fill := func(int) float64 { return wide(rng) }
	for _, sh := range colShapes() {
		k, n, ld := sh[0], sh[2], sh[3]
		off := (k + n) & 1
		y := newGuarded(k, off, fill)
		yr, ya := y.clone(), y.clone()
		x := newGuarded(k*ld, 1-off, fill)
		alpha := rng.NormFloat64()
		AxpyCols(y.data, x.data, k, n, ld, alpha)
		AxpyColsRef(yr.data, x.data, k, n, ld, alpha)
		for r := range n {
			Axpy(ya.data, column(x.data, k, ld, r), alpha)
		}
		where := fmt.Sprintf("AxpyCols k=%d n=%d ld=%d", k, n, ld)
		y.check(t, yr, where)
		y.check(t, ya, where+" vs Axpy")
	}
}

// TestTransposeTwins checks Transpose against TransposeRef and the
// definition, with leading dimensions larger than the matrices.
func TestTransposeTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	fill := func(int) float64 { return wide(rng) }
	for m := 0; m <= 11; m++ {
		for n := 0; n <= 11; n++ {
			for _, pad := range []int{0, 3} {
				lds, ldd := n+pad, m+(pad+1)%3
				off := (m + n) & 1
				src := newGuarded(max(0, m*lds), off, fill)
				dst := newGuarded(max(0, n*ldd), 1-off, fill)
				dr, dd := dst.clone(), dst.clone()
				Transpose(dst.data, src.data, m, n, ldd, lds)
				TransposeRef(dr.data, src.data, m, n, ldd, lds)
				for i := range m {
					for j := range n {
						dd.data[j*ldd+i] = src.data[i*lds+j]
					}
				}
				where := fmt.Sprintf("Transpose %dx%d ldd=%d lds=%d", m, n, ldd, lds)
				dst.check(t, dr, where)
				dst.check(t, dd, where+" vs definition")
			}
		}
	}
}
