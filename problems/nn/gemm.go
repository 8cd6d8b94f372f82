package nn

import "unsafe"

// Matrix multiplication used by every layer. All matrices are row-major with
// an explicit leading dimension (row stride); accumulate selects C = … or
// C += …:
//
//	gemmNN: C[m,n] (+)= A[m,k]·B[k,n]
//	gemmNT: C[m,n] (+)= A[m,k]·B[n,k]ᵀ     (scratch ≥ k·n)
//	gemmTN: C[m,n] (+)= A[k,m]ᵀ·B[k,n]
//
// Two implementations, chosen at build time by what measured faster:
//
//   - default build (gemm_blas.go): gonum blas64.Gemm (pure Go with gonum's
//     SSE2 assembly for the inner ddot/daxpy), called on panels of at most
//     64×128 of C so that gonum never goes parallel (it spawns goroutines,
//     allocates and uses more than one thread from 4 blocks of 64×64 on);
//     scratch is unused.
//   - GOEXPERIMENT=simd on amd64 with AVX2+FMA (gemm_simd.go,
//     gemm_amd64.s): own register-blocked AVX2/FMA micro-kernels (6×8 and
//     4×8 blocks in assembly, masked leftover columns) that read A with
//     arbitrary strides (so TN needs no copy); NT transposes B into scratch
//     first (O(k·n) against O(m·n·k); B is a weight matrix or a small
//     attention block). Every C element is one FMA chain over k in order,
//     whatever the blocking (TestGemmAVX2BitExact), so block shapes can
//     change without changing any result. Without AVX2/FMA, or with
//     SFBENCH_SIMD=off, it falls back to blas64.
//
// gemmNaive below is the reference both are tested against.
//
// Measured with the first AVX2 kernel (a 4×8 block written in Go with
// archsimd, since replaced by the assembly kernels, which are 2–2.7× faster
// per model step on Zen 3: see bench_test.go) on an AMD EPYC (2 vCPUs shared with other jobs, run
// with -cpu 1, go1.26.8; BenchmarkGemm in gemm_test.go, best of 3, ns/op) for
// the three products of a Dense layer: fwd y = x·Wᵀ, dx = dy·W, dW += dyᵀ·x
// ("own AVX2" includes the transpose of W into scratch for fwd). The "own
// scalar" column is a pure-Go 2×4 register-blocked kernel that was measured
// (first run) and dropped because blas64 beat it at every shape:
//
//	rows×in→out  product  own scalar     blas64   own AVX2
//	32×64→128    fwd         67 736     44 053     21 220
//	             dx          60 044     48 948     15 511
//	             dW          60 760     50 707     16 865
//	32×128→10    fwd         10 897      6 126      4 832
//	             dx           9 346      7 263      2 874
//	             dW           9 385      7 033      2 933
//	1024×64→64   fwd        924 466    705 350    259 295
//	             dx         925 496    781 165    254 524
//	             dW       1 023 464    795 649    245 347
//	1024×64→256  fwd      3 859 307  2 867 250  1 010 779
//	             dx       3 784 629  3 204 748    993 345
//	             dW       4 053 010  3 303 326  1 022 602
//	1024×256→64  fwd      3 788 986  2 307 692    995 751
//	             dx       3 793 266  2 878 681    989 618
//	             dW       4 192 688  3 126 658  1 046 152
//
// So: blas64 in the default build (1.2–1.6× faster than the scalar kernel),
// the own AVX2 kernel under GOEXPERIMENT=simd (2.5–3.4× faster than blas64,
// except 1.3× for the 10-column forward).

// gemmNN, gemmNT, gemmTN and gemmTNLong run the F product: the float64
// kernels above (gemmNN64, …) or the float32 ones (gemm32_simd.go,
// gemm32_default.go).
func gemmNN[F Float](m, n, k int, a []F, lda int, b []F, ldb int, c []F, ldc int, accumulate bool) {
	if is64[F]() {
		gemmNN64(m, n, k, as64(a), lda, as64(b), ldb, as64(c), ldc, accumulate)
		return
	}
	gemmNN32(m, n, k, as32(a), lda, as32(b), ldb, as32(c), ldc, accumulate)
}

func gemmNT[F Float](m, n, k int, a []F, lda int, b []F, ldb int, c []F, ldc int, accumulate bool, scratch []F) {
	if is64[F]() {
		gemmNT64(m, n, k, as64(a), lda, as64(b), ldb, as64(c), ldc, accumulate, as64(scratch))
		return
	}
	gemmNT32(m, n, k, as32(a), lda, as32(b), ldb, as32(c), ldc, accumulate, as32(scratch))
}

func gemmTN[F Float](m, n, k int, a []F, lda int, b []F, ldb int, c []F, ldc int, accumulate bool) {
	if is64[F]() {
		gemmTN64(m, n, k, as64(a), lda, as64(b), ldb, as64(c), ldc, accumulate)
		return
	}
	gemmTN32(m, n, k, as32(a), lda, as32(b), ldb, as32(c), ldc, accumulate)
}

func gemmTNLong[F Float](m, n, k int, a []F, lda int, b []F, ldb int, c []F, ldc int, accumulate bool, t []F) {
	if is64[F]() {
		gemmTNLong64(m, n, k, as64(a), lda, as64(b), ldb, as64(c), ldc, accumulate, as64(t))
		return
	}
	gemmTNLong32(m, n, k, as32(a), lda, as32(b), ldb, as32(c), ldc, accumulate, as32(t))
}

// transposeAVX is transposeInto with the vector transposes (transposeAVX64,
// transposeAVX32).
func transposeAVX[F Float](dst []F, src []F, rows, cols, lds int) {
	if is64[F]() {
		transposeAVX64(as64(dst), as64(src), rows, cols, lds)
		return
	}
	transposeAVX32(as32(dst), as32(src), rows, cols, lds)
}

// gemmNaive is the reference: the textbook triple loop.
func gemmNaive[F Float](m, n, k int, a []F, lda int, b []F, ldb int, c []F, ldc int, accumulate bool) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s F
			for p := 0; p < k; p++ {
				s += a[i*lda+p] * b[p*ldb+j]
			}
			if accumulate {
				c[i*ldc+j] += s
			} else {
				c[i*ldc+j] = s
			}
		}
	}
}

// transposeInto writes dst[cols, rows] = src[rows, cols]ᵀ (dst has stride
// rows, src has stride lds).
//
// The values are moved as integers of their width: float moves compile to
// legacy-SSE MOVSD/MOVSS, which on Intel CPUs is slow while the vector upper
// state is dirty (upper.go). Four source rows at a time, so each destination
// row gets 4 adjacent values per visit; at the MLP's 128×64 weight this is
// ~3× faster than the 4×4-tiled float copy it replaced.
func transposeInto[F Float](dst []F, src []F, rows, cols, lds int) {
	if rows == 0 || cols == 0 {
		return
	}
	_ = dst[rows*cols-1]
	_ = src[(rows-1)*lds+cols-1]
	if is64[F]() {
		transposeBits(bitsOf[F, uint64](dst), bitsOf[F, uint64](src), rows, cols, lds)
	} else {
		transposeBits(bitsOf[F, uint32](dst), bitsOf[F, uint32](src), rows, cols, lds)
	}
}

// bitsOf views s as the unsigned integers U of the same width.
func bitsOf[F Float, U uint32 | uint64](s []F) []U {
	return unsafe.Slice((*U)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

func transposeBits[U uint32 | uint64](d, s []U, rows, cols, lds int) {
	i := 0
	for ; i+4 <= rows; i += 4 {
		r0 := s[i*lds : i*lds+cols]
		r1 := s[(i+1)*lds : (i+1)*lds+cols]
		r2 := s[(i+2)*lds : (i+2)*lds+cols]
		r3 := s[(i+3)*lds : (i+3)*lds+cols]
		for j, v := range r0 {
			o := j*rows + i
			q := d[o : o+4 : o+4]
			q[0], q[1], q[2], q[3] = v, r1[j], r2[j], r3[j]
		}
	}
	for ; i < rows; i++ {
		for j, v := range s[i*lds : i*lds+cols] {
			d[j*rows+i] = v
		}
	}
}
