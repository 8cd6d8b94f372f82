package vmath

import "math"

// The column kernels do what MatVec, SoftmaxSum and GerBatch do for one
// vector, for n vectors at once stored as the columns of a matrix with
// leading dimension ld (element i of vector r is at [i*ld+r]). Their vector
// code puts four vectors in the four lanes of a register, so that every
// operation is vertical: the lane order of the one-vector kernels becomes
// the order of four accumulators, and the results are the same bits as
// those kernels' column by column. A minibatch of softmax regression
// (problems/convex) is such a set of vectors; in this layout its logits
// need no horizontal sums and its exponentials are independent of each
// other instead of one chain per example.

// MatVecCols is MatVec for the n vectors stored as the columns of x, a d×ld
// matrix (row-major): for every r < n, column r of the k×ld matrix z is
// MatVec of a and column r of x, bit for bit:
//
//	for r := range n {
//		for kk := range k {
//			z[kk*ld+r] = Dot(a[kk*d:(kk+1)*d], x_r) + b[kk]  // x_r[i] = x[i*ld+r]; "+ b[kk]" skipped when b == nil
//		}
//	}
//
// Columns n..ld-1 of z are left as they are. a has k*d elements (it may
// be longer), b is nil or has k; z must not overlap a, x or b.
func MatVecCols(z, a, x, b []float64, k, d, n, ld int) {
	checkCols(k, d, n, ld)
	z, a, x = z[:k*ld], a[:k*d], x[:d*ld]
	if b != nil {
		b = b[:k]
	}
	done := vecMatVecCols(z, a, x, b, k, d, n, ld)
	matVecColsRef(z, a, x, b, k, d, done, n, ld)
}

// SoftmaxSumCols is SoftmaxSum of each of the first n columns of the k×ld
// matrix z (row-major): column r is replaced by its softmax, and m[r] and
// s[r] are SoftmaxSum's results for it, bit for bit; m and s must not
// overlap z (the vector kernel writes m before it reads all of z).
func SoftmaxSumCols(z []float64, k, n, ld int, m, s []float64) {
	checkCols(k, 0, n, ld)
	z, m, s = z[:k*ld], m[:n], s[:n]
	done := vecSoftmaxSumCols(z, k, n, ld, m, s)
	softmaxSumColsRef(z, k, done, n, ld, m, s)
}

// GerBatchCols is GerBatch with the n vectors x_r given as the columns of
// the k×ld matrix x (x_r[kk] = x[kk*ld+r]); y holds n vectors of length d
// as rows (y_r = y[r*d:(r+1)*d]). The result is bit-identical to GerBatch
// with the columns of x gathered into rows:
//
//	for r := range n {
//		Ger(a[:k*d], x_r, y[r*d:(r+1)*d], alpha)
//	}
//
// a must not overlap x or y.
func GerBatchCols(a []float64, k, d int, x []float64, n, ld int, y []float64, alpha float64) {
	checkCols(k, d, n, ld)
	a, x, y = a[:k*d], x[:k*ld], y[:n*d]
	if !vecGerBatchCols(a, k, d, x, n, ld, y, alpha) {
		GerBatchColsRef(a, k, d, x, n, ld, y, alpha)
	}
}

// AxpyCols adds multiples of the first n columns of the k×ld matrix x to
// y, one column after the other, as n calls of Axpy would:
//
//	for r := range n {
//		for kk := range k {
//			y[kk] += alpha * x[kk*ld+r]
//		}
//	}
//
// y has k elements (it may be longer) and must not overlap x.
func AxpyCols(y, x []float64, k, n, ld int, alpha float64) {
	checkCols(k, 0, n, ld)
	y, x = y[:k], x[:k*ld]
	rows, cols := vecAxpyCols(y, x, k, n, ld, alpha)
	// The vector loop did columns 0..cols-1 of rows 0..rows-1; every
	// element still gets its columns in order.
	axpyColsRef(y, x, 0, rows, cols, n, ld, alpha)
	axpyColsRef(y, x, rows, k, 0, n, ld, alpha)
}

// Transpose writes the transpose of the m×n matrix src (row-major, leading
// dimension lds) into dst (n×m, leading dimension ldd):
//
//	for i := range m {
//		for j := range n {
//			dst[j*ldd+i] = src[i*lds+j]
//		}
//	}
//
// The values are moved, not computed: every bit is kept. dst must not
// overlap src.
func Transpose(dst, src []float64, m, n, ldd, lds int) {
	if m < 0 || n < 0 || ldd < m || lds < n {
		panic("vmath: bad Transpose dimensions")
	}
	if m == 0 || n == 0 {
		return
	}
	dst, src = dst[:(n-1)*ldd+m], src[:(m-1)*lds+n]
	rows, cols := vecTranspose(dst, src, m, n, ldd, lds)
	transposeRef(dst, src, 0, rows, cols, n, ldd, lds)
	transposeRef(dst, src, rows, m, 0, n, ldd, lds)
}

// AxpyColsRef is the reference loop of AxpyCols.
func AxpyColsRef(y, x []float64, k, n, ld int, alpha float64) {
	checkCols(k, 0, n, ld)
	axpyColsRef(y[:k], x[:k*ld], 0, k, 0, n, ld, alpha)
}

// axpyColsRef is AxpyRef's arithmetic for rows lo..hi-1 and columns
// c0..n-1.
func axpyColsRef(y, x []float64, lo, hi, c0, n, ld int, alpha float64) {
	for r := c0; r < n; r++ {
		for kk := lo; kk < hi; kk++ {
			y[kk] += float64(alpha * x[kk*ld+r])
		}
	}
}

// TransposeRef is the reference loop of Transpose.
func TransposeRef(dst, src []float64, m, n, ldd, lds int) {
	if m == 0 || n == 0 {
		return
	}
	transposeRef(dst, src, 0, m, 0, n, ldd, lds)
}

// transposeRef moves rows lo..hi-1, columns c0..n-1 of src.
func transposeRef(dst, src []float64, lo, hi, c0, n, ldd, lds int) {
	for i := lo; i < hi; i++ {
		for j := c0; j < n; j++ {
			dst[j*ldd+i] = src[i*lds+j]
		}
	}
}

func checkCols(k, d, n, ld int) {
	if k < 0 || d < 0 || n < 0 {
		panic("vmath: negative dimension")
	}
	if n > ld {
		panic("vmath: more columns than the leading dimension")
	}
}

// MatVecColsRef is the reference loop of MatVecCols.
func MatVecColsRef(z, a, x, b []float64, k, d, n, ld int) {
	checkCols(k, d, n, ld)
	matVecColsRef(z[:k*ld], a[:k*d], x[:d*ld], b, k, d, 0, n, ld)
}

// matVecColsRef is MatVecRef's arithmetic on columns lo..hi-1: rowDot's
// dot in the lane order (four chains, as dot), then the bias.
func matVecColsRef(z, a, x, b []float64, k, d, lo, hi, ld int) {
	for r := lo; r < hi; r++ {
		for kk := range k {
			row := a[kk*d : (kk+1)*d]
			var l0, l1, l2, l3 float64
			i := 0
			for ; i+4 <= d; i += 4 {
				xi := x[i*ld+r:]
				l0 += float64(xi[0] * row[i])
				l1 += float64(xi[ld] * row[i+1])
				l2 += float64(xi[2*ld] * row[i+2])
				l3 += float64(xi[3*ld] * row[i+3])
			}
			switch d - i {
			case 3:
				l2 += float64(x[(i+2)*ld+r] * row[i+2])
				fallthrough
			case 2:
				l1 += float64(x[(i+1)*ld+r] * row[i+1])
				fallthrough
			case 1:
				l0 += float64(x[i*ld+r] * row[i])
			}
			s := (l0 + l1) + (l2 + l3)
			if b != nil {
				s += b[kk]
			}
			z[kk*ld+r] = s
		}
	}
}

// SoftmaxSumColsRef is the reference loop of SoftmaxSumCols.
func SoftmaxSumColsRef(z []float64, k, n, ld int, m, s []float64) {
	checkCols(k, 0, n, ld)
	softmaxSumColsRef(z[:k*ld], k, 0, n, ld, m[:n], s[:n])
}

// softmaxSumColsRef is softmaxRef's arithmetic (maxRef, expSumRef, the
// division) on columns lo..hi-1, with maxRef's and expSumRef's four lanes.
func softmaxSumColsRef(z []float64, k, lo, hi, ld int, m, s []float64) {
	k4 := k &^ 3
	for r := lo; r < hi; r++ {
		zr := z[min(r, len(z)):] // (z is empty when k == 0)
		inf := math.Inf(-1)
		m0, m1, m2, m3 := inf, inf, inf, inf
		for kk := 0; kk < k4; kk += 4 {
			if v := zr[kk*ld]; v > m0 {
				m0 = v
			}
			if v := zr[(kk+1)*ld]; v > m1 {
				m1 = v
			}
			if v := zr[(kk+2)*ld]; v > m2 {
				m2 = v
			}
			if v := zr[(kk+3)*ld]; v > m3 {
				m3 = v
			}
		}
		for kk := k4; kk < k; kk++ {
			v := zr[kk*ld]
			switch {
			case kk == k4 && v > m0:
				m0 = v
			case kk == k4+1 && v > m1:
				m1 = v
			case kk == k4+2 && v > m2:
				m2 = v
			}
		}
		if m1 > m0 {
			m0 = m1
		}
		if m3 > m2 {
			m2 = m3
		}
		if m2 > m0 {
			m0 = m2
		}
		mr := m0
		var l0, l1, l2, l3 float64
		for kk := 0; kk < k4; kk += 4 {
			e0, e1 := exp1(zr[kk*ld]-mr), exp1(zr[(kk+1)*ld]-mr)
			e2, e3 := exp1(zr[(kk+2)*ld]-mr), exp1(zr[(kk+3)*ld]-mr)
			zr[kk*ld], zr[(kk+1)*ld], zr[(kk+2)*ld], zr[(kk+3)*ld] = e0, e1, e2, e3
			l0 += e0
			l1 += e1
			l2 += e2
			l3 += e3
		}
		for kk := k4; kk < k; kk++ {
			e := exp1(zr[kk*ld] - mr)
			zr[kk*ld] = e
			switch kk - k4 {
			case 0:
				l0 += e
			case 1:
				l1 += e
			case 2:
				l2 += e
			}
		}
		sr := (l0 + l1) + (l2 + l3)
		for kk := range k {
			zr[kk*ld] /= sr
		}
		m[r], s[r] = mr, sr
	}
}

// GerBatchColsRef is the reference loop of GerBatchCols.
func GerBatchColsRef(a []float64, k, d int, x []float64, n, ld int, y []float64, alpha float64) {
	checkCols(k, d, n, ld)
	a, x, y = a[:k*d], x[:k*ld], y[:n*d]
	for r := range n {
		yr := y[r*d : (r+1)*d]
		for kk := range k {
			dk := float64(alpha * x[kk*ld+r])
			row := a[kk*d : (kk+1)*d]
			for j, yj := range yr {
				row[j] += float64(dk * yj)
			}
		}
	}
}
