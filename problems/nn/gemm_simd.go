//go:build goexperiment.simd && amd64

package nn

import (
	"os"
	"simd/archsimd"
	"unsafe"
)

// useAVX2 selects the own AVX2+FMA kernels at run time: the gemm and the
// layers' vector loops (elem_simd.go, exp_simd.go), which all give the
// scalar loops' values bit for bit. CPUs without AVX2+FMA, and
// SFBENCH_SIMD=off (which turns off every vector loop of sfbench, as in
// optim/kernel and internal/vmath), run blas64 and the scalar loops as in
// the default build.
var useAVX2 = archsimd.X86.AVX2() && archsimd.X86.FMA() && os.Getenv("SFBENCH_SIMD") != "off"

// GemmKernel names the matrix multiplication the layers run: "avx2" (the own
// AVX2+FMA kernels, with the layers' vector loops) or "blas64" (gonum, with
// scalar loops).
func GemmKernel() string {
	if useAVX2 {
		return "avx2"
	}
	return "blas64"
}

var hasAVX = archsimd.X86.AVX()

// clearUpper runs VZEROUPPER when the CPU has AVX (see upper.go).
func clearUpper() {
	if hasAVX {
		archsimd.ClearAVXUpperBits()
	}
}

func gemmNN64(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	if !useAVX2 {
		blasGemm(false, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
		return
	}
	gemmAVX2(m, n, k, a, lda, 1, b, ldb, c, ldc, accumulate)
}

// gemmNT transposes B into scratch ([k, n]); the B operands of the NT
// products here are small (weights, attention key blocks).
func gemmNT64(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool, scratch []float64) {
	if !useAVX2 {
		blasGemm(false, true, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
		return
	}
	if m > 0 && n > 0 && k > 0 {
		transposeAVX64(scratch, b, n, k, ldb)
		b, ldb = scratch, n
	}
	gemmAVX2(m, n, k, a, lda, 1, b, ldb, c, ldc, accumulate)
}

// gemmTN needs no transpose: the kernel reads A(i, p) = a[p·lda + i], and the
// 4 values of a row block at one p are contiguous. (Transposing the [N, Out]
// activation gradients of the transformer's Dense layers instead cost 14% of
// a step.)
func gemmTN64(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	if !useAVX2 {
		blasGemm(true, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate)
		return
	}
	gemmAVX2(m, n, k, a, 1, lda, b, ldb, c, ldc, accumulate)
}

// tnChunk is the k-chunk of gemmTNLong.
var tnChunk = 64

// gemmTNLong is gemmTN for a long k (the weight gradients dW += dyᵀ·x over
// all N rows of a batch), with scratch t ≥ m·n: it runs over k in chunks of
// tnChunk so that a chunk's A block and B panel stay in cache, keeping each C
// element's FMA chain whole across chunks by storing its partial sum in t
// and continuing from there (kern6x8asm's init), so the results are bit
// for bit gemmTN's. Shapes it does not cover (n mod 8 ≠ 0, m odd or < 4,
// k ≤ tnChunk) go to gemmTN. Measured on Zen 3 (BenchmarkGemmTNLong, k =
// 1024 rows, a busy machine, ns/op, unchunked → chunks of 64): 256×64
// 1.6–1.8 → 1.0–1.3 ms, 64×256 3.6–4.2 → 2.6–3.4 ms, 192×64 2.4–3.3 →
// 1.0–1.1 ms; chunks of 128 and 256 were no better.
func gemmTNLong64(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, accumulate bool, t []float64) {
	if !useAVX2 || k <= tnChunk || n%8 != 0 || m < 4 || m%2 != 0 || len(t) < m*n {
		gemmTN64(m, n, k, a, lda, b, ldb, c, ldc, accumulate)
		return
	}
	_ = a[(k-1)*lda+m-1]
	_ = b[(k-1)*ldb+n-1]
	_ = c[(m-1)*ldc+n-1]
	_ = t[m*n-1]
	tnLong(m, n, k, ptr64(a), lda, ptr64(b), ldb, ptr64(c), ldc, accumulate, ptr64(t), 8, 8, kern6x8asm, kern4x8asm)
}

// tnKernel is the signature of the 6- and 4-row kernels tnLong runs
// (kern6x8asm and kern4x8asm, kern6x16s and kern4x16s): strides in bytes,
// init the partial sums to continue from (nil: from 0) with row stride ldi.
type tnKernel func(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, init unsafe.Pointer, ldi int)

// tnLong is the chunked loop of gemmTNLong64 and gemmTNLong32, on elements
// of es bytes, panels of pw columns (one 64-byte line), with the kernels k6
// and k4; strides in elements, the bounds checked by the caller.
func tnLong(m, n, k int, pa unsafe.Pointer, lda int, pb unsafe.Pointer, ldb int, pc unsafe.Pointer, ldc int, accumulate bool, pt unsafe.Pointer, es, pw int, k6, k4 tnKernel) {
	m6 := m / 6
	if m%6 == 2 && m6 > 0 {
		m6-- // 8 rows left: two 4-row blocks
	}
	for p0 := 0; p0 < k; p0 += tnChunk {
		kc := min(tnChunk, k-p0)
		last := p0+kc == k
		tile := func(i, rows, j int) {
			ap := unsafe.Add(pa, (p0*lda+i)*es)
			bp := unsafe.Add(pb, (p0*ldb+j)*es)
			var init unsafe.Pointer
			if p0 > 0 {
				init = unsafe.Add(pt, (i*n+j)*es)
			}
			dst, ldd, add := unsafe.Add(pt, (i*n+j)*es), n, false
			if last {
				dst, ldd, add = unsafe.Add(pc, (i*ldc+j)*es), ldc, accumulate
			}
			kern := k4
			if rows == 6 {
				kern = k6
			}
			kern(kc, ap, es, lda*es, bp, ldb*es, dst, ldd*es, add, init, n*es)
		}
		if n > m {
			// B's chunk is the larger operand: panels outside, so that a
			// panel's kc rows stay in L1 while every strip of A uses them
			// (with strips outside, the whole chunk of B, larger than L1
			// for the wide layers, was read again for every strip), and
			// the next panel's rows prefetched meanwhile
			for j := 0; j < n; j += pw {
				if j+pw < n {
					prefetchRows(unsafe.Add(pb, (p0*ldb+j+pw)*es), kc, ldb*es, pw*es)
				}
				for i := 0; i < m; {
					rows := 4
					if i < 6*m6 {
						rows = 6
					}
					tile(i, rows, j)
					i += rows
				}
			}
			continue
		}
		// this chunk's rows of B, and below the next strip's rows of A,
		// into L1 ahead of the kernels (in a model step the operands come
		// from L3: see prefetchRows)
		prefetchRows(unsafe.Add(pb, p0*ldb*es), kc, ldb*es, n*es)
		for i := 0; i < m; {
			rows := 4
			if i < 6*m6 {
				rows = 6
			}
			if i+rows+6 <= m {
				prefetchRows(unsafe.Add(pa, (p0*lda+i+rows)*es), kc, lda*es, 6*es)
			}
			for j := 0; j < n; j += pw {
				tile(i, rows, j)
			}
			i += rows
		}
	}
}

// gemmAVX2 computes C[m,n] (+)= A[m,k]·B[k,n] with A(i, p) = a[i·rs + p·cs]
// (rs, cs = lda, 1 for A, or 1, lda for a stored Aᵀ), B and C row-major.
//
// Every C element is the FMA chain s = A(i,p)·B(p,j) + s over p = 0…k−1 from
// s = 0, then c + s when accumulating (gemmFMARef in gemm_fma_test.go, checked
// bit for bit), whatever the blocking: the blocking only decides how many
// chains run side by side. So the results do not depend on the block shapes
// below, and differ from blas64's in the last bits (FMA rounds once).
//
// Blocks of C, the first that fits:
//   - 6 rows × 8 columns (kern6x8strip, a strip per call): twelve 4-wide accumulators; each k step
//     2 vector loads of B, 6 broadcasts of A, 12 FMAs (FMA-bound on Zen 3,
//     where the 4×8 block was load-bound), through unsafe pointers so the
//     inner loop has no bounds checks; when m mod 6 = 2 the last 8 rows take
//     two 4-row blocks instead of a 6-row block and two single rows;
//   - 4 rows × 8 columns (kern4x8strip), 1 row × 8 columns (kern1x8);
//   - leftover columns (n mod 8) of all rows: a 4-wide block and then
//     partial (zero-padded, masked) vectors, 4 rows or one row at a time.
func gemmAVX2(m, n, k int, a []float64, rs, cs int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
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
	// Bounds are checked once here: every access of the unsafe kernels
	// stays within these.
	_ = a[(m-1)*rs+(k-1)*cs]
	_ = b[(k-1)*ldb+n-1]
	_ = c[(m-1)*ldc+n-1]
	n8 := n &^ 7
	if n8 > 0 {
		pa, pb, pc := ptr64(a), ptr64(b), ptr64(c)
		m6 := m / 6
		if m%6 == 2 && m6 > 0 {
			m6-- // 8 rows left: two 4-row blocks
		}
		i := 0
		for ; i < 6*m6; i += 6 {
			if i+12 <= m {
				// the next strip's rows of A into L1 while this strip
				// runs (see prefetchRows)
				if cs == 1 {
					prefetchRows(unsafe.Add(pa, (i+6)*rs*8), 6, rs*8, k*8)
				} else {
					prefetchRows(unsafe.Add(pa, (i+6)*8), k, cs*8, 48)
				}
			}
			var next unsafe.Pointer // the next strip's C, prefetched block by block
			if i+12 <= m {
				next = unsafe.Add(pc, (i+6)*ldc*8)
			}
			kern6x8strip(k, unsafe.Add(pa, i*rs*8), rs*8, cs*8, pb, ldb*8, unsafe.Add(pc, i*ldc*8), ldc*8, accumulate, n8/8, next)
		}
		for ; i+4 <= m; i += 4 {
			var next unsafe.Pointer
			if i+8 <= m {
				next = unsafe.Add(pc, (i+4)*ldc*8)
			}
			kern4x8strip(k, unsafe.Add(pa, i*rs*8), rs*8, cs*8, pb, ldb*8, unsafe.Add(pc, i*ldc*8), ldc*8, accumulate, n8/8, next)
		}
		for ; i < m; i++ {
			for j := 0; j < n8; j += 8 {
				kern1x8(k, pa, i*rs, cs, pb, j, ldb, pc, i*ldc+j, accumulate)
			}
		}
	}
	if n8 < n {
		// 6-row blocks of the leftover columns with masked vectors, then
		// the rows left over by those
		i := 0
		pa, pb, pc := ptr64(a), ptr64(b), ptr64(c)
		for ; i+6 <= m; i += 6 {
			for j := n8; j < n; j += 4 {
				mask := unsafe.Pointer(&laneMasks[min(4, n-j)])
				kern6x4mAsm(k, unsafe.Add(pa, i*rs*8), rs*8, cs*8, unsafe.Add(pb, j*8), ldb*8, unsafe.Add(pc, (i*ldc+j)*8), ldc*8, accumulate, mask)
			}
		}
		gemmTailCols(i, m, n, k, n8, a, rs, cs, b, ldb, c, ldc, accumulate)
	}
	// VZEROUPPER: without it the dirty upper YMM halves make the scalar
	// (SSE-encoded) code that runs next (exp, LayerNorm, softmax, …) 2–4×
	// slower. Measured per step (cpu-ns/op) without → with it: MLP 88 → 60 µs,
	// CNN 644 → 416 µs, transformer 60–65 → 37 ms.
	archsimd.ClearAVXUpperBits()
}

// ptr64 is the address of s's first element.
func ptr64(s []float64) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(s)) }

// at4 points at the 4 elements starting at element i of the block at p.
func at4(p unsafe.Pointer, i int) *[4]float64 { return (*[4]float64)(unsafe.Add(p, i*8)) }

// el is element i of the block at p.
func el(p unsafe.Pointer, i int) float64 { return *(*float64)(unsafe.Add(p, i*8)) }

// kern6x8asm and kern4x8asm (gemm_amd64.s) compute a 6×8 or 4×8 block of C
// (strides in bytes; see there). They end with VZEROUPPER.
//
//go:noescape
func kern6x8asm(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, init unsafe.Pointer, ldi int)

// kern6x4mAsm computes a 6-row block of up to 4 columns (lanes chosen by
// mask, one of laneMasks; gemm_amd64.s).
//
// kern6x8strip and kern4x8strip run kern6x8asm and kern4x8asm over all
// panels of a strip in one call (gemm_amd64.s; the same chains), each
// block prefetching the next strip's block of C (next; nil for none). A
// call per block cost ~5% of a CNN step in call overhead.
//
//go:noescape
func kern6x8strip(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, panels int, next unsafe.Pointer)

//go:noescape
func kern4x8strip(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, panels int, next unsafe.Pointer)

//go:noescape
func kern6x4mAsm(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, mask unsafe.Pointer)

// laneMasks[w] switches on the first w of 4 lanes.
var laneMasks = [5][4]int64{{}, {-1}, {-1, -1}, {-1, -1, -1}, {-1, -1, -1, -1}}

//go:noescape
func kern4x8asm(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, init unsafe.Pointer, ldi int)

// prefetchRows hints rows rows of n bytes, stride bytes apart from p, into
// L1 (PREFETCHT0; no architectural effect, so no result changes). In a
// model step the gemm operands (activations of 0.3–1.2 MB, weights) come
// from L3, not from L1/L2 as in an isolated benchmark of the same product,
// which ran the dense products of the paper-lm model at 15–26 instead of
// 29–40 GFLOP/s (Zen 3, operands evicted before each call); prefetching
// the next strip of A and C (and TN's chunk of B) took their sum from 12.1
// to 10.7 ms (medians of 5) and the paper-lm step from 22.7 to 20.8 ms
// (medians of 12; minima 17.5 → 16.5).
//
//go:noescape
func prefetchRows(p unsafe.Pointer, rows, stride, n int)

//go:noescape
func transpose4asm(dst unsafe.Pointer, ldd int, src unsafe.Pointer, lds int, cols int)

//go:noescape
func transpose8asm(dst unsafe.Pointer, ldd int, src unsafe.Pointer, lds int, cols int)

// transposeAVX is transposeInto (dst[cols, rows] = src[rows, cols]ᵀ, src
// stride lds) with 4×4 blocks transposed in vector registers, 8 source rows
// at a time (transpose8asm, whole 64-byte destination runs), then 4
// (transpose4asm); leftover rows and columns are copied in Go. The values are
// moved unchanged.
func transposeAVX64(dst []float64, src []float64, rows, cols, lds int) {
	c4 := cols &^ 3
	if rows < 4 || c4 == 0 {
		transposeInto(dst, src, rows, cols, lds)
		return
	}
	_ = dst[rows*cols-1]
	_ = src[(rows-1)*lds+cols-1]
	pd, ps := ptr64(dst), ptr64(src)
	r4 := rows &^ 3
	i := 0
	for ; i+8 <= r4; i += 8 {
		transpose8asm(unsafe.Add(pd, i*8), rows*8, unsafe.Add(ps, i*lds*8), lds*8, c4)
	}
	for ; i < r4; i += 4 {
		transpose4asm(unsafe.Add(pd, i*8), rows*8, unsafe.Add(ps, i*lds*8), lds*8, c4)
	}
	// leftover rows r4… (all columns), then leftover columns c4… of rows < r4
	for i := r4; i < rows; i++ {
		for j, v := range src[i*lds : i*lds+cols] {
			dst[j*rows+i] = v
		}
	}
	for i := 0; i < r4; i++ {
		for j := c4; j < cols; j++ {
			dst[j*rows+i] = src[i*lds+j]
		}
	}
}

// kern1x8 computes one row of 8 columns of C at element offset oc from A at
// element offset oa (A(0, p) = a[oa + p·cs]) and B's columns from element
// offset ob (row stride ldb), as kern6x8asm does for 6 rows.
func kern1x8(k int, pa unsafe.Pointer, oa, cs int, pb unsafe.Pointer, ob, ldb int, pc unsafe.Pointer, oc int, accumulate bool) {
	var s0, s1 archsimd.Float64x4
	for p := 0; p < k; p++ {
		v := archsimd.BroadcastFloat64x4(el(pa, oa))
		s0 = v.MulAdd(archsimd.LoadFloat64x4(at4(pb, ob)), s0)
		s1 = v.MulAdd(archsimd.LoadFloat64x4(at4(pb, ob+4)), s1)
		oa += cs
		ob += ldb
	}
	store8(pc, oc, s0, s1, accumulate)
}

// store8 stores (or adds, c + s) s0, s1 to the 8 elements at offset o of pc.
func store8(pc unsafe.Pointer, o int, s0, s1 archsimd.Float64x4, accumulate bool) {
	c0, c1 := at4(pc, o), at4(pc, o+4)
	if accumulate {
		s0 = s0.Add(archsimd.LoadFloat64x4(c0))
		s1 = s1.Add(archsimd.LoadFloat64x4(c1))
	}
	s0.Store(c0)
	s1.Store(c1)
}

// gemmTailCols computes columns n8…n−1 (fewer than 8) of C for rows
// i0…m−1: a 4-wide block, then 1..3 columns with partial vectors; 4 rows,
// then one row at a time.
func gemmTailCols(i0, m, n, k, n8 int, a []float64, rs, cs int, b []float64, ldb int, c []float64, ldc int, accumulate bool) {
	i := i0
	for ; i+4 <= m; i += 4 {
		r1, r2, r3 := rs, 2*rs, 3*rs
		for j := n8; j < n; j += 4 {
			// 4 columns, or 1..3 leftover ones with partial vectors
			w := min(4, n-j)
			var s0, s1, s2, s3 archsimd.Float64x4
			ao, bo := i*rs, j
			for p := 0; p < k; p++ {
				b0 := archsimd.LoadFloat64x4SlicePart(b[bo : bo+w])
				s0 = archsimd.BroadcastFloat64x4(a[ao]).MulAdd(b0, s0)
				s1 = archsimd.BroadcastFloat64x4(a[ao+r1]).MulAdd(b0, s1)
				s2 = archsimd.BroadcastFloat64x4(a[ao+r2]).MulAdd(b0, s2)
				s3 = archsimd.BroadcastFloat64x4(a[ao+r3]).MulAdd(b0, s3)
				ao += cs
				bo += ldb
			}
			storePart(c[i*ldc+j:i*ldc+j+w], s0, accumulate)
			storePart(c[(i+1)*ldc+j:(i+1)*ldc+j+w], s1, accumulate)
			storePart(c[(i+2)*ldc+j:(i+2)*ldc+j+w], s2, accumulate)
			storePart(c[(i+3)*ldc+j:(i+3)*ldc+j+w], s3, accumulate)
		}
	}
	// single rows in assembly (kern1x4mAsm; the loop above's masked loads
	// in Go were 5% of a CNN step, in the first convolution's weight
	// gradient, 8 rows × 9 columns); the bounds were checked by gemmAVX2
	pa, pb, pc := ptr64(a), ptr64(b), ptr64(c)
	for ; i < m; i++ {
		for j := n8; j < n; j += 4 {
			mask := unsafe.Pointer(&laneMasks[min(4, n-j)])
			kern1x4mAsm(k, unsafe.Add(pa, i*rs*8), cs*8, unsafe.Add(pb, j*8), ldb*8, unsafe.Add(pc, (i*ldc+j)*8), accumulate, mask)
		}
	}
}

// kern1x4mAsm is kern6x4mAsm for one row (gemm_amd64.s). It ends with
// VZEROUPPER.
//
//go:noescape
func kern1x4mAsm(k int, a unsafe.Pointer, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, accumulate bool, mask unsafe.Pointer)

// storePart stores the first len(c) ≤ 4 lanes of s into c.
func storePart(c []float64, s archsimd.Float64x4, accumulate bool) {
	if accumulate {
		s = s.Add(archsimd.LoadFloat64x4SlicePart(c))
	}
	s.StoreSlicePart(c)
}
