package vmath

// Each exported kernel checks lengths, then runs the vector implementation
// when one is compiled in and the CPU supports it, else its reference twin.
// The vector implementations live in loops_amd64.go behind dispatch_amd64.go;
// nosimd.go stubs them out.

// SIMD reports whether the kernels run vector code in this binary on this CPU.
func SIMD() bool { return useSIMD }

// Exp sets dst[i] = exp(src[i]) for every i < len(dst). dst may be src
// itself (the same slice), but must not otherwise overlap it.
//
// The algorithm is exp1's in ref.go: range reduction by n = round(x·log2 e)
// with ln 2 split in two, a degree-13 polynomial for exp(r) on
// |r| ≤ ln2/2, and scaling by 2^n in two exact-exponent steps. Measured
// error (exp_test.go): at most 0.62 ulp of the exact value, and at most
// 2 ulp from math.Exp, whose amd64 assembly is itself up to 1.4 ulp off.
// Special values and ends of the range:
//
//	exp(±0) = 1, exp(+Inf) = +Inf, exp(-Inf) = 0, exp(NaN) = the same NaN
//	x <= 709.782712893384 (log of MaxFloat64): finite; above: +Inf
//	x < -708.3964185322641: a subnormal, rounded once (gradual underflow)
//	x >= -745.1332191019411: at least 5e-324; below: +0
//
// (math.Exp on amd64 returns +Inf already from x ≈ 709.436 on.)
func Exp(dst, src []float64) {
	src = src[:len(dst)]
	if !vecExp(dst, src) {
		ExpRef(dst, src)
	}
}

// Log sets dst[i] = log(src[i]) (natural logarithm) for every i < len(dst).
// dst may be src itself (the same slice), but must not otherwise overlap it.
//
// The algorithm is log1's in ref.go (FreeBSD's e_log.c, as in math.Log),
// within 1 ulp of the exact value; see log_test.go for the measurement.
// Special values as math.Log: log(+Inf) = +Inf, log(±0) = −Inf,
// log(x < 0) = NaN, log(NaN) = the same NaN.
func Log(dst, src []float64) {
	src = src[:len(dst)]
	if !vecLog(dst, src) {
		LogRef(dst, src)
	}
}

// Dot is the dot product of x and y in the package's lane order:
//
//	l[i%4] += x[i] * y[i]   (i increasing, each lane from +0)
//	return (l[0] + l[1]) + (l[2] + l[3])
func Dot(x, y []float64) float64 {
	y = y[:len(x)]
	if s, ok := vecDot(x, y); ok {
		return s
	}
	return DotRef(x, y)
}

// Axpy adds a multiple of x to y:
//
//	for i := range y {
//		y[i] += a * x[i]
//	}
func Axpy(y, x []float64, a float64) {
	x = x[:len(y)]
	if !vecAxpy(y, x, a) {
		AxpyRef(y, x, a)
	}
}

// Softmax replaces z by its softmax and returns log Σ_k exp(z_k), the
// log-sum-exp of the original z. With m the largest element (NaNs skipped,
// in the lane order):
//
//	s = Σ_k exp(z_k − m)         (lane order; exp as Exp)
//	z_k = exp(z_k − m) / s
//	lse = m + log(s)             (log as Log)
//
// The returned lse is bit-identical to LogSumExp of the original z. A NaN
// in z makes every output NaN; an empty z returns -Inf.
func Softmax(z []float64) (lse float64) {
	m, s := SoftmaxSum(z)
	return m + log1(s)
}

// SoftmaxSum is Softmax without the logarithm: it replaces z by its softmax
// and returns m and s, the log-sum-exp of the original z being m + log(s).
// A caller with many vectors can take the logarithms of their s together,
// with one call of Log.
func SoftmaxSum(z []float64) (m, s float64) {
	m, s, ok := vecSoftmax(z)
	if !ok {
		m, s = softmaxRef(z)
	}
	return m, s
}

// LogSumExp is log Σ_k exp(z_k) computed as Softmax computes it, without
// changing z.
func LogSumExp(z []float64) float64 {
	m, s, ok := vecLogSumExp(z)
	if !ok {
		return LogSumExpRef(z)
	}
	return m + log1(s)
}

// MatVec is the matrix–vector product with bias z = a·x + b, where a is a
// len(z)×len(x) matrix stored row-major (a[k*len(x)+j] is row k, column j;
// a may be longer) and b is nil or has len(z) elements. Each row is a Dot
// in the lane order, then the bias is added:
//
//	for k := range z {
//		z[k] = Dot(a[k*len(x):(k+1)*len(x)], x) + b[k]  // "+ b[k]" skipped when b == nil
//	}
//
// z must not overlap a, x or b.
func MatVec(z, a, x, b []float64) {
	a = a[:len(z)*len(x)]
	if b != nil {
		b = b[:len(z)]
	}
	if !vecMatVec(z, a, x, b) {
		MatVecRef(z, a, x, b)
	}
}

// Ger is the rank-1 update a += alpha·x·yᵀ of the len(x)×len(y) row-major
// matrix a (a may be longer):
//
//	for k := range x {
//		xk := alpha * x[k]
//		for j := range y {
//			a[k*len(y)+j] += xk * y[j]
//		}
//	}
//
// a must not overlap x or y.
func Ger(a, x, y []float64, alpha float64) {
	a = a[:len(x)*len(y)]
	if !vecGer(a, x, y, alpha) {
		GerRef(a, x, y, alpha)
	}
}

// GerBatch is n rank-1 updates in a row, a += alpha·Σ_r x_r·y_rᵀ, where a
// is k×d row-major, x holds n vectors of length k (x_r = x[r*k:(r+1)*k])
// and y holds n vectors of length d, with n = len(x)/k (0 when k == 0).
// The result is bit-identical to
//
//	for r := range n {
//		Ger(a[:k*d], x[r*k:(r+1)*k], y[r*d:(r+1)*d], alpha)
//	}
//
// but each element of a is loaded and stored once instead of n times.
// a must not overlap x or y.
func GerBatch(a []float64, k, d int, x, y []float64, alpha float64) {
	if k < 0 || d < 0 {
		panic("vmath: negative dimension")
	}
	n := 0
	if k > 0 {
		n = len(x) / k
	}
	a, x, y = a[:k*d], x[:n*k], y[:n*d]
	if !vecGerBatch(a, k, d, x, y, alpha) {
		GerBatchRef(a, k, d, x, y, alpha)
	}
}
