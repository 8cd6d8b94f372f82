//go:build goexperiment.simd && amd64

package nn

import "unsafe"

// The float32 gemms (Precision32): the AVX2+FMA kernels of gemm32_amd64.s
// when useAVX2 (as the float64 kernels), else gonum's blas32 (gemm_blas.go).
// Every C element is one FMA chain over k in order whatever the blocking,
// as in gemmAVX2 (TestGemm32AVX2Chains).

func gemmNN32(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, accumulate bool) {
	if !useAVX2 {
		blasGemm32(false, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
		return
	}
	gemmAVX2F32(m, n, k, a, lda, 1, b, ldb, c, ldc, accumulate)
}

func gemmNT32(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, accumulate bool, scratch []float32) {
	if !useAVX2 {
		blasGemm32(false, true, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
		return
	}
	if m > 0 && n > 0 && k > 0 {
		transposeAVX32(scratch, b, n, k, ldb)
		b, ldb = scratch, n
	}
	gemmAVX2F32(m, n, k, a, lda, 1, b, ldb, c, ldc, accumulate)
}

func gemmTN32(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, accumulate bool) {
	if !useAVX2 {
		blasGemm32(true, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
		return
	}
	gemmAVX2F32(m, n, k, a, 1, lda, b, ldb, c, ldc, accumulate)
}

// gemmTNLong32 is gemmTNLong64 in float32: chunks of tnChunk rows of k, the
// partial sums kept in t (≥ m·n) between chunks; n a multiple of 16.
func gemmTNLong32(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, accumulate bool, t []float32) {
	if !useAVX2 || k <= tnChunk || n%16 != 0 || m < 4 || m%2 != 0 || len(t) < m*n {
		gemmTN32(m, n, k, a, lda, b, ldb, c, ldc, accumulate)
		return
	}
	_ = a[(k-1)*lda+m-1]
	_ = b[(k-1)*ldb+n-1]
	_ = c[(m-1)*ldc+n-1]
	_ = t[m*n-1]
	tnLong(m, n, k, ptr32(a), lda, ptr32(b), ldb, ptr32(c), ldc, accumulate, ptr32(t), 4, 16, kern6x16s, kern4x16s)
}

// ptr32 is the address of s's first element.
func ptr32(s []float32) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(s)) }

// laneMasks32[w] switches on the first w of 8 float32 lanes.
var laneMasks32 = [9][8]int32{{}, {-1}, {-1, -1}, {-1, -1, -1}, {-1, -1, -1, -1},
	{-1, -1, -1, -1, -1}, {-1, -1, -1, -1, -1, -1}, {-1, -1, -1, -1, -1, -1, -1}, {-1, -1, -1, -1, -1, -1, -1, -1}}

// gemmAVX2F32 computes C[m,n] (+)= A[m,k]·B[k,n] with A(i, p) = a[i·rs + p·cs],
// B and C row-major (gemmAVX2 in float32): 6×16 blocks (4×16 for the last
// rows, two of them when 8 rows are left, then single rows), and masked
// blocks of up to 8 columns for n mod 16.
func gemmAVX2F32(m, n, k int, a []float32, rs, cs int, b []float32, ldb int, c []float32, ldc int, accumulate bool) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		if !accumulate {
			for i := 0; i < m; i++ {
				clear(c[i*ldc : i*ldc+n])
			}
		}
		return
	}
	_ = a[(m-1)*rs+(k-1)*cs]
	_ = b[(k-1)*ldb+n-1]
	_ = c[(m-1)*ldc+n-1]
	pa, pb, pc := ptr32(a), ptr32(b), ptr32(c)
	n16 := n &^ 15
	m6 := m / 6
	if m%6 == 2 && m6 > 0 {
		m6--
	}
	i := 0
	for ; i < 6*m6; i += 6 {
		if i+12 <= m {
			if cs == 1 {
				prefetchRows(unsafe.Add(pa, (i+6)*rs*4), 6, rs*4, k*4)
			} else {
				prefetchRows(unsafe.Add(pa, (i+6)*4), k, cs*4, 24)
			}
		}
		if n16 > 0 {
			var next unsafe.Pointer // the next strip's C, prefetched block by block
			if i+12 <= m {
				next = unsafe.Add(pc, (i+6)*ldc*4)
			}
			kern6x16strip(k, unsafe.Add(pa, i*rs*4), rs*4, cs*4, pb, ldb*4, unsafe.Add(pc, i*ldc*4), ldc*4, accumulate, n16/16, next)
		}
		for j := n16; j < n; j += 8 {
			mask := unsafe.Pointer(&laneMasks32[min(8, n-j)])
			kern6x8ms(k, unsafe.Add(pa, i*rs*4), rs*4, cs*4, unsafe.Add(pb, j*4), ldb*4, unsafe.Add(pc, (i*ldc+j)*4), ldc*4, accumulate, mask)
		}
	}
	for ; i+4 <= m; i += 4 {
		for j := 0; j < n16; j += 16 {
			kern4x16s(k, unsafe.Add(pa, i*rs*4), rs*4, cs*4, unsafe.Add(pb, j*4), ldb*4, unsafe.Add(pc, (i*ldc+j)*4), ldc*4, accumulate, nil, 0)
		}
		for r := i; r < i+4; r++ {
			for j := n16; j < n; j += 8 {
				mask := unsafe.Pointer(&laneMasks32[min(8, n-j)])
				kern1x8ms(k, unsafe.Add(pa, r*rs*4), cs*4, unsafe.Add(pb, j*4), ldb*4, unsafe.Add(pc, (r*ldc+j)*4), accumulate, mask)
			}
		}
	}
	for ; i < m; i++ {
		for j := 0; j < n16; j += 16 {
			kern1x16s(k, unsafe.Add(pa, i*rs*4), cs*4, unsafe.Add(pb, j*4), ldb*4, unsafe.Add(pc, (i*ldc+j)*4), accumulate)
		}
		for j := n16; j < n; j += 8 {
			mask := unsafe.Pointer(&laneMasks32[min(8, n-j)])
			kern1x8ms(k, unsafe.Add(pa, i*rs*4), cs*4, unsafe.Add(pb, j*4), ldb*4, unsafe.Add(pc, (i*ldc+j)*4), accumulate, mask)
		}
	}
}

//go:noescape
func kern6x16s(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, init unsafe.Pointer, ldi int)

//go:noescape
func kern6x16strip(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, panels int, next unsafe.Pointer)

//go:noescape
func kern4x16s(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, init unsafe.Pointer, ldi int)

//go:noescape
func kern1x16s(k int, a unsafe.Pointer, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, accumulate bool)

//go:noescape
func kern6x8ms(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, mask unsafe.Pointer)

//go:noescape
func kern1x8ms(k int, a unsafe.Pointer, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, accumulate bool, mask unsafe.Pointer)

//go:noescape
func transpose8x8s(dst unsafe.Pointer, ldd int, src unsafe.Pointer, lds int, cols int)

// transposeAVX32 is transposeInto for float32 (dst[cols, rows] = src[rows,
// cols]ᵀ, src stride lds) with 8×8 blocks transposed in vector registers
// (transpose8x8s), 8 source rows at a time; leftover rows and columns are
// moved by transposeInto's loops.
func transposeAVX32(dst []float32, src []float32, rows, cols, lds int) {
	c8, r8 := cols&^7, rows&^7
	if !useAVX2 || r8 == 0 || c8 == 0 {
		transposeInto(dst, src, rows, cols, lds)
		return
	}
	_ = dst[rows*cols-1]
	_ = src[(rows-1)*lds+cols-1]
	pd, ps := ptr32(dst), ptr32(src)
	for i := 0; i < r8; i += 8 {
		transpose8x8s(unsafe.Add(pd, i*4), rows*4, unsafe.Add(ps, i*lds*4), lds*4, c8)
	}
	d, s := bitsOf[float32, uint32](dst), bitsOf[float32, uint32](src)
	for i := r8; i < rows; i++ {
		for j, v := range s[i*lds : i*lds+cols] {
			d[j*rows+i] = v
		}
	}
	for i := 0; i < r8; i++ {
		for j := c8; j < cols; j++ {
			d[j*rows+i] = s[i*lds+j]
		}
	}
}
