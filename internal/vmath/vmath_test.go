package vmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

const guardLen = 9 // elements of padding on each side of every test slice

var guardValue = math.Float64frombits(0x7ff8_dead_beef_0001) // a NaN no kernel produces

// guarded is a test slice with padding on both sides that kernels must not touch.
type guarded struct {
	buf  []float64
	off  int
	data []float64
}

func newGuarded(n, off int, fill func(i int) float64) guarded {
	buf := make([]float64, n+off+2*guardLen)
	for i := range buf {
		buf[i] = guardValue
	}
	data := buf[guardLen+off : guardLen+off+n : guardLen+off+n]
	for i := range data {
		data[i] = fill(i)
	}
	return guarded{buf, off, data}
}

func (g guarded) clone() guarded {
	buf := append([]float64(nil), g.buf...)
	n := len(g.data)
	return guarded{buf, g.off, buf[guardLen+g.off : guardLen+g.off+n : guardLen+g.off+n]}
}

// check reports the first difference in bits between g and want, including
// the padding, and any write into the padding.
func (g guarded) check(t *testing.T, want guarded, where string) {
	t.Helper()
	for j := range g.buf {
		if math.Float64bits(g.buf[j]) != math.Float64bits(want.buf[j]) {
			t.Fatalf("%s: element %d differs: kernel %v (%#x), reference %v (%#x)", where, j-guardLen-g.off,
				g.buf[j], math.Float64bits(g.buf[j]), want.buf[j], math.Float64bits(want.buf[j]))
		}
		inData := j >= guardLen+g.off && j < guardLen+g.off+len(g.data)
		if !inData && math.Float64bits(g.buf[j]) != math.Float64bits(guardValue) {
			t.Fatalf("%s: wrote outside the slice at padding position %d", where, j)
		}
	}
}

func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// wide is a value over several orders of magnitude, both signs.
func wide(rng *rand.Rand) float64 {
	return rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3))
}

// logits are values of the size softmax sees, with an occasional outlier.
func logits(rng *rand.Rand) float64 {
	if rng.IntN(10) == 0 {
		return rng.NormFloat64() * 300
	}
	return rng.NormFloat64() * 5
}

// vecCase is a kernel over equal-length vectors: it runs on the slices and
// returns a scalar result (0 when it has none).
type vecCase struct {
	name      string
	slices    int
	fill      func(rng *rand.Rand) float64
	kernel    func(s [][]float64, a float64) float64
	reference func(s [][]float64, a float64) float64
}

var vecCases = []vecCase{
	{"Exp", 2, func(rng *rand.Rand) float64 { return rng.Float64()*1500 - 760 },
		func(s [][]float64, _ float64) float64 { Exp(s[0], s[1]); return 0 },
		func(s [][]float64, _ float64) float64 { ExpRef(s[0], s[1]); return 0 }},
	{"ExpInPlace", 1, logits,
		func(s [][]float64, _ float64) float64 { Exp(s[0], s[0]); return 0 },
		func(s [][]float64, _ float64) float64 { ExpRef(s[0], s[0]); return 0 }},
	{"Log", 2, func(rng *rand.Rand) float64 { return math.Ldexp(rng.Float64()+0.5, rng.IntN(2100)-1074) },
		func(s [][]float64, _ float64) float64 { Log(s[0], s[1]); return 0 },
		func(s [][]float64, _ float64) float64 { LogRef(s[0], s[1]); return 0 }},
	{"LogInPlace", 1, func(rng *rand.Rand) float64 { return rng.Float64() * 30 },
		func(s [][]float64, _ float64) float64 { Log(s[0], s[0]); return 0 },
		func(s [][]float64, _ float64) float64 { LogRef(s[0], s[0]); return 0 }},
	{"Dot", 2, wide,
		func(s [][]float64, _ float64) float64 { return Dot(s[0], s[1]) },
		func(s [][]float64, _ float64) float64 { return DotRef(s[0], s[1]) }},
	{"Axpy", 2, wide,
		func(s [][]float64, a float64) float64 { Axpy(s[0], s[1], a); return 0 },
		func(s [][]float64, a float64) float64 { AxpyRef(s[0], s[1], a); return 0 }},
	{"Softmax", 1, logits,
		func(s [][]float64, _ float64) float64 { return Softmax(s[0]) },
		func(s [][]float64, _ float64) float64 { return SoftmaxRef(s[0]) }},
	{"SoftmaxSum", 1, logits,
		func(s [][]float64, _ float64) float64 { m, t := SoftmaxSum(s[0]); return m - 3*t },
		func(s [][]float64, _ float64) float64 { m, t := SoftmaxSumRef(s[0]); return m - 3*t }},
	{"LogSumExp", 1, logits,
		func(s [][]float64, _ float64) float64 { return LogSumExp(s[0]) },
		func(s [][]float64, _ float64) float64 { return LogSumExpRef(s[0]) }},
}

// TestTwins compares each vector kernel with its reference, bit for bit,
// on every length 0..67 at offsets 0 and 1, and checks that no kernel
// writes outside its slices. In the pure-Go build both sides run the
// reference; the golden hashes cover that build.
func TestTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, vc := range vecCases {
		for n := 0; n <= 67; n++ {
			for off := 0; off <= 1; off++ {
				got := make([]guarded, vc.slices)
				want := make([]guarded, vc.slices)
				gs := make([][]float64, vc.slices)
				ws := make([][]float64, vc.slices)
				for i := range got {
					got[i] = newGuarded(n, off, func(int) float64 { return vc.fill(rng) })
					want[i] = got[i].clone()
					gs[i], ws[i] = got[i].data, want[i].data
				}
				a := rng.NormFloat64()
				r1 := vc.kernel(gs, a)
				r2 := vc.reference(ws, a)
				where := fmt.Sprintf("%s n=%d off=%d", vc.name, n, off)
				if !sameBits(r1, r2) {
					t.Fatalf("%s: result %v, reference %v", where, r1, r2)
				}
				for i := range got {
					got[i].check(t, want[i], fmt.Sprintf("%s slice %d", where, i))
				}
			}
		}
	}
}

// TestTwinsSpecial runs the vector kernels on vectors salted with NaN, ±Inf,
// ±0, subnormals and huge values at every position mod 4.
func TestTwinsSpecial(t *testing.T) {
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1),
		5e-324, -5e-324, 1e300, -1e300, 709.8, -745.2, -708.5, math.MaxFloat64, 2.2250738585072014e-308}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, vc := range vecCases {
		for n := 1; n <= 13; n++ {
			for _, sv := range special {
				for pos := range n {
					got := make([]guarded, vc.slices)
					want := make([]guarded, vc.slices)
					gs := make([][]float64, vc.slices)
					ws := make([][]float64, vc.slices)
					for i := range got {
						got[i] = newGuarded(n, pos&1, func(j int) float64 {
							if j == pos && i == len(got)-1 {
								return sv
							}
							if rng.IntN(4) == 0 {
								return 0
							}
							return vc.fill(rng)
						})
						want[i] = got[i].clone()
						gs[i], ws[i] = got[i].data, want[i].data
					}
					r1 := vc.kernel(gs, 0.5)
					r2 := vc.reference(ws, 0.5)
					where := fmt.Sprintf("%s n=%d special %v at %d", vc.name, n, sv, pos)
					if !sameBits(r1, r2) {
						t.Fatalf("%s: result %v (%#x), reference %v (%#x)", where, r1, math.Float64bits(r1), r2, math.Float64bits(r2))
					}
					for i := range got {
						got[i].check(t, want[i], fmt.Sprintf("%s slice %d", where, i))
					}
				}
			}
		}
	}
}

// TestMatrixTwins compares MatVec and Ger with their references on every
// shape up to 10×21 (and letter's 26×16), with and without a bias.
func TestMatrixTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	fill := func(int) float64 { return wide(rng) }
	shapes := [][2]int{{26, 16}, {3, 180}}
	for k := 0; k <= 10; k++ {
		for d := 0; d <= 21; d++ {
			shapes = append(shapes, [2]int{k, d})
		}
	}
	for _, sh := range shapes {
		k, d := sh[0], sh[1]
		off := (k + d) & 1
		for _, bias := range []bool{true, false} {
			a := newGuarded(k*d, off, fill)
			x := newGuarded(d, 1-off, fill)
			b := newGuarded(k, off, fill)
			z := newGuarded(k, 1-off, fill)
			zw := z.clone()
			bs := b.data
			if !bias {
				bs = nil
			}
			MatVec(z.data, a.data, x.data, bs)
			MatVecRef(zw.data, a.data, x.data, bs)
			z.check(t, zw, fmt.Sprintf("MatVec %dx%d bias=%v", k, d, bias))
		}
		a := newGuarded(k*d, off, fill)
		aw := a.clone()
		x := newGuarded(k, 1-off, fill)
		y := newGuarded(d, off, fill)
		alpha := rng.NormFloat64()
		Ger(a.data, x.data, y.data, alpha)
		GerRef(aw.data, x.data, y.data, alpha)
		a.check(t, aw, fmt.Sprintf("Ger %dx%d", k, d))
	}
}

// TestGerBatchTwins compares GerBatch with GerBatchRef and with n calls of
// Ger, bit for bit, on the shapes of TestMatrixTwins and several batch sizes.
func TestGerBatchTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	fill := func(int) float64 { return wide(rng) }
	shapes := [][2]int{{26, 16}, {3, 180}, {11, 33}}
	for k := 0; k <= 10; k++ {
		for d := 0; d <= 21; d++ {
			shapes = append(shapes, [2]int{k, d})
		}
	}
	for _, sh := range shapes {
		k, d := sh[0], sh[1]
		for _, n := range []int{0, 1, 3, 16} {
			off := (k + d + n) & 1
			a := newGuarded(k*d, off, fill)
			aw, as := a.clone(), a.clone()
			x := newGuarded(n*k, 1-off, fill)
			y := newGuarded(n*d, off, fill)
			alpha := rng.NormFloat64()
			GerBatch(a.data, k, d, x.data, y.data, alpha)
			GerBatchRef(aw.data, k, d, x.data, y.data, alpha)
			for r := range n {
				Ger(as.data, x.data[r*k:(r+1)*k], y.data[r*d:(r+1)*d], alpha)
			}
			where := fmt.Sprintf("GerBatch %dx%d n=%d", k, d, n)
			a.check(t, aw, where)
			a.check(t, as, where+" vs Ger")
		}
	}
}

func TestInputsUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	fill := func(int) float64 { return wide(rng) }
	x := newGuarded(37, 1, fill).data
	y := newGuarded(37, 0, fill).data
	a := newGuarded(37*5, 0, fill).data
	b := newGuarded(5, 0, fill).data
	keep := func(s []float64) []float64 { return append([]float64(nil), s...) }
	x0, y0, a0, b0 := keep(x), keep(y), keep(a), keep(b)
	Exp(make([]float64, 37), x)
	Log(make([]float64, 37), x)
	Dot(x, y)
	Axpy(make([]float64, 37), x, 2)
	LogSumExp(x)
	MatVec(make([]float64, 5), a, x, b)
	Ger(make([]float64, 5*37), b, x, 2)
	GerBatch(make([]float64, 5*37), 5, 37, a[:5*5], a[:5*37], 2)
	for i, s := range [][2][]float64{{x, x0}, {y, y0}, {a, a0}, {b, b0}} {
		for j := range s[0] {
			if !sameBits(s[0][j], s[1][j]) {
				t.Fatalf("input %d modified at %d", i, j)
			}
		}
	}
}

func TestSoftmaxValues(t *testing.T) {
	z := []float64{1, 2, 3, 4, 5, -1000, 1000}
	orig := append([]float64(nil), z...)
	lse := Softmax(z)
	if !sameBits(lse, LogSumExp(orig)) {
		t.Errorf("Softmax's lse %v differs from LogSumExp %v", lse, LogSumExp(orig))
	}
	if math.Abs(lse-1000) > 1e-12 {
		t.Errorf("lse %v, want 1000", lse)
	}
	sum := 0.0
	for i, p := range z {
		want := math.Exp(orig[i] - lse)
		if math.Abs(p-want) > 1e-15*math.Max(want, 1e-300) {
			t.Errorf("p[%d] = %v, want %v", i, p, want)
		}
		sum += p
	}
	if math.Abs(sum-1) > 1e-15 {
		t.Errorf("probabilities sum to %v", sum)
	}
	if got := LogSumExp(nil); !math.IsInf(got, -1) {
		t.Errorf("LogSumExp(nil) = %v, want -Inf", got)
	}
	if got := LogSumExp([]float64{1, math.NaN(), 2}); !math.IsNaN(got) {
		t.Errorf("LogSumExp with a NaN = %v, want NaN", got)
	}
}

func TestMatVecGerValues(t *testing.T) {
	// 2x3: z = a·x + b; a += 2·x'·yᵀ
	a := []float64{1, 2, 3, 4, 5, 6}
	z := make([]float64, 2)
	MatVec(z, a, []float64{1, 0, -1}, []float64{10, 20})
	if z[0] != 8 || z[1] != 18 {
		t.Errorf("MatVec = %v, want [8 18]", z)
	}
	MatVec(z, a, []float64{1, 1, 1}, nil)
	if z[0] != 6 || z[1] != 15 {
		t.Errorf("MatVec without bias = %v, want [6 15]", z)
	}
	Ger(a, []float64{1, -1}, []float64{1, 2, 3}, 2)
	want := []float64{3, 6, 9, 2, 1, 0}
	for i := range a {
		if a[i] != want[i] {
			t.Fatalf("Ger = %v, want %v", a, want)
		}
	}
}

func TestShortSlicesPanic(t *testing.T) {
	for name, f := range map[string]func(){
		"Exp":    func() { Exp(make([]float64, 5), make([]float64, 4)) },
		"Log":    func() { Log(make([]float64, 5), make([]float64, 4)) },
		"Dot":    func() { Dot(make([]float64, 5), make([]float64, 4)) },
		"Axpy":   func() { Axpy(make([]float64, 5), make([]float64, 4), 1) },
		"MatVec": func() { MatVec(make([]float64, 3), make([]float64, 11), make([]float64, 4), nil) },
		"bias":   func() { MatVec(make([]float64, 3), make([]float64, 12), make([]float64, 4), make([]float64, 2)) },
		"Ger":    func() { Ger(make([]float64, 11), make([]float64, 3), make([]float64, 4), 1) },
		"GerBatch": func() {
			GerBatch(make([]float64, 12), 3, 4, make([]float64, 6), make([]float64, 7), 1)
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s with a short slice did not panic", name)
				}
			}()
			f()
		}()
	}
}

func TestNoAllocations(t *testing.T) {
	z := make([]float64, 26)
	a := make([]float64, 26*16)
	x := make([]float64, 16)
	if n := testing.AllocsPerRun(20, func() {
		MatVec(z, a, x, z[:26])
		Softmax(z)
		LogSumExp(z)
		Exp(z, z)
		Log(z, z)
		SoftmaxSum(z)
		Axpy(z, z, 1)
		Dot(z, z)
		Ger(a, z, x, 0.5)
		GerBatch(a, 26, 16, z, x, 0.5)
		MatVecCols(a[:26*16], a[:26*16], a[:16*16], z, 26, 16, 16, 16)
		SoftmaxSumCols(a[:26*16], 26, 16, 16, x, x)
		GerBatchCols(a[:26*16], 26, 16, a[:26*16], 16, 16, a[:16*16], 0.5)
		AxpyCols(z, a[:26*16], 26, 16, 16, 0.5)
		Transpose(a[:160], a[256:416], 10, 16, 10, 16)
	}); n != 0 {
		t.Errorf("%v allocations per run", n)
	}
}
