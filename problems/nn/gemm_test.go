package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

func randSlice(r *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = r.NormFloat64()
	}
	return s
}

// TestGemmAgainstNaive checks gemmNN, gemmNT and gemmTN (every
// implementation this build and CPU run) against the triple loop, with
// strides larger than the row lengths, in both accumulate modes, including
// shapes larger than the blas panels.
func TestGemmAgainstNaive(t *testing.T) {
	for _, level := range testLevels() {
		restore := atLevel(level)
		t.Run(level, testGemmAgainstNaive)
		restore()
	}
}

func testGemmAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, sh := range [][3]int{{1, 1, 1}, {2, 4, 3}, {3, 5, 7}, {4, 8, 1}, {5, 9, 2}, {7, 13, 11}, {9, 17, 16}, {32, 128, 64}, {33, 10, 128}, {130, 300, 5}} {
		m, n, k := sh[0], sh[1], sh[2]
		for _, form := range []string{"NN", "NT", "TN"} {
			// stored operands (with padding columns) and their NN equivalents
			var a, b, an, bn []float64
			var lda, ldb int
			switch form {
			case "NN":
				lda, ldb = k+1, n+2
				a, b = randSlice(r, m*lda), randSlice(r, k*ldb)
				an, bn = a, b
			case "NT": // b stored [n, k]
				lda, ldb = k+1, k+3
				a, b = randSlice(r, m*lda), randSlice(r, n*ldb)
				an, bn = a, make([]float64, k*n)
				for i := 0; i < n; i++ {
					for p := 0; p < k; p++ {
						bn[p*n+i] = b[i*ldb+p]
					}
				}
			case "TN": // a stored [k, m]
				lda, ldb = m+2, n+2
				a, b = randSlice(r, k*lda), randSlice(r, k*ldb)
				an, bn = make([]float64, m*k), b
				for p := 0; p < k; p++ {
					for i := 0; i < m; i++ {
						an[i*k+p] = a[p*lda+i]
					}
				}
			}
			nlda, nldb := lda, ldb
			if form == "NT" {
				nldb = n
			}
			if form == "TN" {
				nlda = k
			}
			scratch := make([]float64, k*n)
			for _, acc := range []bool{false, true} {
				ldc := n + 3
				c0 := randSlice(r, m*ldc)
				c1 := append([]float64(nil), c0...)
				switch form {
				case "NN":
					gemmNN(m, n, k, a, lda, b, ldb, c0, ldc, acc)
				case "NT":
					gemmNT(m, n, k, a, lda, b, ldb, c0, ldc, acc, scratch)
				case "TN":
					gemmTN(m, n, k, a, lda, b, ldb, c0, ldc, acc)
				}
				gemmNaive(m, n, k, an, nlda, bn, nldb, c1, ldc, acc)
				for i := range c0 {
					if d := math.Abs(c0[i] - c1[i]); d > 1e-12*(1+math.Abs(c1[i])) {
						t.Fatalf("%s m=%d n=%d k=%d acc=%v: c[%d]=%v want %v", form, m, n, k, acc, i, c0[i], c1[i])
					}
				}
			}
		}
	}
}

func TestTranspose(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, sh := range [][3]int{{7, 5, 6}, {1, 3, 3}, {4, 4, 4}, {9, 13, 15}, {128, 64, 64}} {
		rows, cols, lds := sh[0], sh[1], sh[2]
		src := randSlice(r, rows*lds)
		dst := make([]float64, rows*cols)
		transposeInto(dst, src, rows, cols, lds)
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				if math.Float64bits(dst[j*rows+i]) != math.Float64bits(src[i*lds+j]) {
					t.Fatalf("%v: (%d,%d)", sh, i, j)
				}
			}
		}
	}
}

// BenchmarkGemm compares the build's gemm (named by GemmKernel; for
// avx2 including the transposes into scratch that the Dense layer performs)
// with a direct gonum blas64.Gemm call (which goes multi-threaded for large
// shapes unless run with -cpu 1) for the three
// products of a Dense layer y = x·Wᵀ (forward), dx = dy·W and dW += dyᵀ·x, at
// the shapes the models use (rows × in → out).
func BenchmarkGemm(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, sh := range [][3]int{{32, 64, 128}, {32, 128, 10}, {1024, 64, 64}, {1024, 64, 256}, {1024, 256, 64}} {
		rows, in, out := sh[0], sh[1], sh[2]
		x := randSlice(r, rows*in)
		w := randSlice(r, out*in)
		dy := randSlice(r, rows*out)
		y := make([]float64, rows*out)
		dx := make([]float64, rows*in)
		dw := make([]float64, out*in)
		wt := make([]float64, in*out)
		name := fmt.Sprintf("%dx%d->%d", rows, in, out)
		b.Run(name+"/fwd/nn-"+GemmKernel(), func(b *testing.B) {
			for b.Loop() {
				gemmNT(rows, out, in, x, in, w, in, y, out, false, wt)
			}
		})
		b.Run(name+"/fwd/blas64-direct", func(b *testing.B) {
			for b.Loop() {
				blas64.Gemm(blas.NoTrans, blas.Trans, 1, gen(rows, in, x), gen(out, in, w), 0, gen(rows, out, y))
			}
		})
		b.Run(name+"/dx/nn-"+GemmKernel(), func(b *testing.B) {
			for b.Loop() {
				gemmNN(rows, in, out, dy, out, w, in, dx, in, false)
			}
		})
		b.Run(name+"/dx/blas64-direct", func(b *testing.B) {
			for b.Loop() {
				blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, gen(rows, out, dy), gen(out, in, w), 0, gen(rows, in, dx))
			}
		})
		b.Run(name+"/dW/nn-"+GemmKernel(), func(b *testing.B) {
			for b.Loop() {
				gemmTN(out, in, rows, dy, out, x, in, dw, in, true)
			}
		})
		b.Run(name+"/dW/blas64-direct", func(b *testing.B) {
			for b.Loop() {
				blas64.Gemm(blas.Trans, blas.NoTrans, 1, gen(rows, out, dy), gen(rows, in, x), 1, gen(out, in, dw))
			}
		})
	}
}

func gen(r, c int, d []float64) blas64.General {
	return blas64.General{Rows: r, Cols: c, Stride: c, Data: d}
}
