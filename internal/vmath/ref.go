package vmath

import "math"

// The reference twins. Every product is converted to float64 explicitly:
// the Go specification lets a compiler fuse x*y+z into one rounding unless
// the product is converted, and the vector code never fuses, so the
// conversions keep both paths bit-identical on every GOAMD64 level.

// Constants of the exponential.
const (
	// ln2Hi + ln2Lo is ln 2 to about 2^-85. ln2Hi has 21 trailing zero bits,
	// so n*ln2Hi is exact for |n| < 2^21, and x - n*ln2Hi is exact
	// (Sterbenz) whenever n = round(x/ln 2).
	ln2Hi = 6.93147180369123816490e-01 // 0x3fe62e42fee00000
	ln2Lo = 1.90821492927058770002e-10

	// expMagic is 1.5·2^52. Adding it to a float64 v with |v| < 2^51 rounds v
	// to the nearest integer n (ties to even) and leaves n in the low bits of
	// the mantissa: bits(v + expMagic) = 0x4338000000000000 + n. AVX2 has no
	// float64 → int64 conversion; this is the usual substitute.
	expMagic = 0x1.8p52

	// Inputs are clamped to [expMin, expMax] before the range reduction,
	// which keeps |x·log2 e| far below 2^51 and n in [-1076, 1025].
	// exp(710) overflows to +Inf and exp(-746) rounds to 0, so the clamp
	// does not change any result; ±Inf clamp to the same +Inf and 0.
	expMax = 710
	expMin = -746

	// The Taylor coefficients 1/k! of exp, k = 2..13, correctly rounded
	// (Go evaluates constant expressions exactly). On |r| ≤ ln2/2 the
	// truncation error of the degree-13 polynomial is below 5e-18
	// relative, 1/25 of an ulp.
	c2  = 1.0 / 2
	c3  = 1.0 / 6
	c4  = 1.0 / 24
	c5  = 1.0 / 120
	c6  = 1.0 / 720
	c7  = 1.0 / 5040
	c8  = 1.0 / 40320
	c9  = 1.0 / 362880
	c10 = 1.0 / 3628800
	c11 = 1.0 / 39916800
	c12 = 1.0 / 479001600
	c13 = 1.0 / 6227020800
)

// exp1 is the scalar exponential that Exp's twins compute element by
// element; it is the definition the vector code reproduces operation by
// operation:
//
//	n  = round(x·log2 e)                 (via expMagic)
//	hi = x − n·ln2Hi                     (exact)
//	lo = n·ln2Lo
//	r  = hi − lo                         (|r| ≤ ln2/2 + tiny)
//	q  = c2 + c3·r + … + c13·r^11        (Estrin)
//	s  = 1 + hi,  e = (1 − s) + hi       (Fast2Sum: s + e = 1 + hi exactly)
//	y  = s + (e − (lo − r²·q))           (exp(r), rounded once at its scale)
//	exp(x) = (y · 2^⌊n/2⌋) · 2^⌈n/2⌉
//
// Scaling in two steps keeps both factors normal for every n the clamp
// allows: the first product is exact, and the second rounds once, so
// overflow gives +Inf and results in the subnormal range are rounded
// correctly from y (gradual underflow, not flushed to zero).
func exp1(x float64) float64 {
	if x != x {
		return x // NaN: the input, payload and all
	}
	if expMin > x {
		x = expMin
	}
	if expMax < x {
		x = expMax
	}
	kf := float64(x*math.Log2E) + expMagic
	n := kf - expMagic
	hi := x - float64(n*ln2Hi)
	lo := float64(n * ln2Lo)
	r := hi - lo
	r2 := float64(r * r)
	r4 := float64(r2 * r2)
	// q(r) = c2 + c3·r + … + c13·r^11 by Estrin's scheme: pairs, then pairs
	// of pairs, which shortens the dependency chain of the vector code.
	q01 := (float64(c3*r) + c2) + float64((float64(c5*r)+c4)*r2)
	q23 := (float64(c7*r) + c6) + float64((float64(c9*r)+c8)*r2)
	q45 := (float64(c11*r) + c10) + float64((float64(c13*r)+c12)*r2)
	q := q01 + float64(r4*(q23+float64(r4*q45)))
	// exp(r) = 1 + hi − lo + r²·q. 1 + hi is rounded once with its error
	// recovered exactly (Fast2Sum, |hi| < 1), so only the final addition
	// rounds at the scale of the result.
	s := 1 + hi
	e := (1 - s) + hi
	y := s + (e - (lo - float64(r2*q)))
	k := math.Float64bits(kf)
	k1 := k >> 1
	s1 := math.Float64frombits((k1 + 1023) << 52)
	s2 := math.Float64frombits((k - k1 + 1023) << 52)
	return float64(y*s1) * s2
}

// Constants of the logarithm: the coefficients of FreeBSD's e_log.c (the
// algorithm of Go's math.Log too), a minimax fit of
// (log((1+s)/(1−s)) − 2s)/s on |s| ≤ 0.1716.
const (
	lg1 = 6.666666666666735130e-01
	lg2 = 3.999999999940941908e-01
	lg3 = 2.857142874366239149e-01
	lg4 = 2.222219843214978396e-01
	lg5 = 1.818357216161805012e-01
	lg6 = 1.531383769920937332e-01
	lg7 = 1.479819860511658591e-01

	// Adding logOff to the bits of x > 0 carries into the exponent field
	// exactly when the mantissa is at least that of √2/2, so the exponent of
	// the sum is k + 1023 with x = 2^k·f1, f1 in [√2/2, √2).
	sqrtHalfBits = 0x3fe6a09e667f3bcd
	logOff       = 0x3ff0000000000000 - sqrtHalfBits
	mantMask     = 0x000fffffffffffff
	twoTo52Bits  = 0x4330000000000000 // bits of 2^52: 2^52 + n for 0 <= n < 2^52 has n in the low bits
	minNormal    = 0x1p-1022
)

// logNaN is the NaN that Log returns for negative inputs.
var logNaN = math.Float64frombits(0x7ff8000000000001)

// log1 is the scalar logarithm that Log's twins compute element by element.
// With x = 2^k·f1, f1 in [√2/2, √2), f = f1 − 1 and s = f/(2+f):
//
//	log(x) = k·ln2Hi − ((f²/2 − (s·(f²/2 + R(s)) + k·ln2Lo)) − f)
//
// where R is the polynomial in s² above. Subnormal inputs are scaled by
// 2^54 first. The special cases are math.Log's: log(+Inf) = +Inf,
// log(±0) = −Inf, log(x < 0) = NaN, log(NaN) = the same NaN.
func log1(x float64) float64 {
	switch {
	case x != x:
		return x
	case x < 0:
		return logNaN
	case x == 0:
		return math.Inf(-1)
	case x > math.MaxFloat64:
		return x
	}
	kadj := 0.0
	if x < minNormal {
		x = float64(x * 0x1p54)
		kadj = -54
	}
	u := math.Float64bits(x) + logOff
	k := math.Float64frombits(u>>52+twoTo52Bits) - (0x1p52 + 1023)
	k += kadj
	f := math.Float64frombits(u&mantMask+sqrtHalfBits) - 1
	s := f / (2 + f)
	s2 := float64(s * s)
	s4 := float64(s2 * s2)
	t1 := float64(s2 * (lg1 + float64(s4*(lg3+float64(s4*(lg5+float64(s4*lg7)))))))
	t2 := float64(s4 * (lg2 + float64(s4*(lg4+float64(s4*lg6)))))
	hfsq := float64(float64(0.5*f) * f)
	return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+(t1+t2))) + float64(k*ln2Lo))) - f)
}

// LogRef is the reference loop of Log.
func LogRef(dst, src []float64) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] = log1(src[i])
	}
}

// ExpRef is the reference loop of Exp.
func ExpRef(dst, src []float64) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] = exp1(src[i])
	}
}

// DotRef is the reference loop of Dot.
func DotRef(x, y []float64) float64 {
	return dot(x, y[:len(x)])
}

// dot is the dot product of x and y (len(y) >= len(x)) in the lane order,
// unrolled so that the four lanes are four independent chains.
func dot(x, y []float64) float64 {
	y = y[:len(x)]
	var l0, l1, l2, l3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		l0 += float64(x[i] * y[i])
		l1 += float64(x[i+1] * y[i+1])
		l2 += float64(x[i+2] * y[i+2])
		l3 += float64(x[i+3] * y[i+3])
	}
	switch len(x) - i {
	case 3:
		l2 += float64(x[i+2] * y[i+2])
		fallthrough
	case 2:
		l1 += float64(x[i+1] * y[i+1])
		fallthrough
	case 1:
		l0 += float64(x[i] * y[i])
	}
	return (l0 + l1) + (l2 + l3)
}

// AxpyRef is the reference loop of Axpy.
func AxpyRef(y, x []float64, a float64) {
	x = x[:len(y)]
	for i := range y {
		y[i] += float64(a * x[i])
	}
}

// maxRef is the largest element of z in the lane order; NaNs are skipped
// (a comparison with NaN is false), and it is −Inf when z has no other
// element. Lane l keeps v when v > lane, and the lanes combine as
// max(max(l0, l1), max(l2, l3)) where max(a, b) keeps a unless b > a.
func maxRef(z []float64) float64 {
	inf := math.Inf(-1)
	m0, m1, m2, m3 := inf, inf, inf, inf
	i := 0
	for ; i+4 <= len(z); i += 4 {
		if v := z[i]; v > m0 {
			m0 = v
		}
		if v := z[i+1]; v > m1 {
			m1 = v
		}
		if v := z[i+2]; v > m2 {
			m2 = v
		}
		if v := z[i+3]; v > m3 {
			m3 = v
		}
	}
	for j, v := range z[i:] { // lanes 0, 1, 2 of the tail
		switch {
		case j == 0 && v > m0:
			m0 = v
		case j == 1 && v > m1:
			m1 = v
		case j == 2 && v > m2:
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
	return m0
}

// expSumRef writes exp(z[i]-m) into dst (when dst is not nil) and returns
// their sum in the lane order.
func expSumRef(dst, z []float64, m float64) float64 {
	var l0, l1, l2, l3 float64
	i := 0
	for ; i+4 <= len(z); i += 4 {
		e0, e1, e2, e3 := exp1(z[i]-m), exp1(z[i+1]-m), exp1(z[i+2]-m), exp1(z[i+3]-m)
		if dst != nil {
			dst[i], dst[i+1], dst[i+2], dst[i+3] = e0, e1, e2, e3
		}
		l0 += e0
		l1 += e1
		l2 += e2
		l3 += e3
	}
	for j, v := range z[i:] {
		e := exp1(v - m)
		if dst != nil {
			dst[i+j] = e
		}
		switch j {
		case 0:
			l0 += e
		case 1:
			l1 += e
		case 2:
			l2 += e
		}
	}
	return (l0 + l1) + (l2 + l3)
}

// softmaxRef is the reference of Softmax: it returns the maximum m and the
// sum s of exp(z-m), and leaves exp(z-m)/s in z.
func softmaxRef(z []float64) (m, s float64) {
	m = maxRef(z)
	s = expSumRef(z, z, m)
	for i := range z {
		z[i] /= s
	}
	return m, s
}

// SoftmaxRef is the reference loop of Softmax.
func SoftmaxRef(z []float64) (lse float64) {
	m, s := softmaxRef(z)
	return m + log1(s)
}

// SoftmaxSumRef is the reference loop of SoftmaxSum.
func SoftmaxSumRef(z []float64) (m, s float64) { return softmaxRef(z) }

// LogSumExpRef is the reference loop of LogSumExp.
func LogSumExpRef(z []float64) float64 {
	m := maxRef(z)
	return m + log1(expSumRef(nil, z, m))
}

// MatVecRef is the reference loop of MatVec.
func MatVecRef(z, a, x, b []float64) {
	d := len(x)
	a = a[:len(z)*d]
	if b != nil {
		b = b[:len(z)]
	}
	for k := range z {
		z[k] = rowDot(a[k*d:(k+1)*d], x, b, k)
	}
}

// rowDot is one row of MatVec: the dot product of row and x in the lane
// order, plus b[k] when b is not nil.
func rowDot(row, x, b []float64, k int) float64 {
	s := dot(x, row)
	if b != nil {
		s += b[k]
	}
	return s
}

// GerRef is the reference loop of Ger.
func GerRef(a, x, y []float64, alpha float64) {
	d := len(y)
	a = a[:len(x)*d]
	for k, xk := range x {
		dk := float64(alpha * xk)
		row := a[k*d : (k+1)*d]
		row = row[:len(y)]
		for j, yj := range y {
			row[j] += float64(dk * yj)
		}
	}
}

// GerBatchRef is the reference loop of GerBatch.
func GerBatchRef(a []float64, k, d int, x, y []float64, alpha float64) {
	if k == 0 {
		return
	}
	for r := range len(x) / k {
		GerRef(a[:k*d], x[r*k:(r+1)*k], y[r*d:(r+1)*d], alpha)
	}
}
