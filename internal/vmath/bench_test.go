package vmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// The sizes of the softmax problems: letter has K = 26 classes and D = 16
// features; 1024 shows the streaming rate.

func benchVec(n int, scale float64) []float64 {
	rng := rand.New(rand.NewPCG(9, 9))
	v := make([]float64, n)
	for i := range v {
		v[i] = scale * rng.NormFloat64()
	}
	return v
}

func BenchmarkExp(b *testing.B) {
	for _, n := range []int{26, 1024} {
		src := benchVec(n, 5)
		dst := make([]float64, n)
		b.Run(fmt.Sprintf("n=%d/vmath", n), func(b *testing.B) {
			for b.Loop() {
				Exp(dst, src)
			}
		})
		b.Run(fmt.Sprintf("n=%d/ref", n), func(b *testing.B) {
			for b.Loop() {
				ExpRef(dst, src)
			}
		})
		b.Run(fmt.Sprintf("n=%d/math.Exp", n), func(b *testing.B) {
			for b.Loop() {
				for i, x := range src {
					dst[i] = math.Exp(x)
				}
			}
		})
	}
}

func BenchmarkSoftmax(b *testing.B) {
	z0 := benchVec(26, 5)
	z := make([]float64, 26)
	b.Run("vmath", func(b *testing.B) {
		for b.Loop() {
			copy(z, z0)
			Softmax(z)
		}
	})
	b.Run("ref", func(b *testing.B) {
		for b.Loop() {
			copy(z, z0)
			SoftmaxRef(z)
		}
	})
	b.Run("LogSumExp", func(b *testing.B) {
		for b.Loop() {
			LogSumExp(z0)
		}
	})
}

func BenchmarkMatVec(b *testing.B) {
	a, x, bias := benchVec(26*16, 1), benchVec(16, 1), benchVec(26, 1)
	z := make([]float64, 26)
	b.Run("26x16/vmath", func(b *testing.B) {
		for b.Loop() {
			MatVec(z, a, x, bias)
		}
	})
	b.Run("26x16/ref", func(b *testing.B) {
		for b.Loop() {
			MatVecRef(z, a, x, bias)
		}
	})
}

func BenchmarkGer(b *testing.B) {
	a, x, y := benchVec(26*16, 1), benchVec(26, 1), benchVec(16, 1)
	b.Run("26x16/vmath", func(b *testing.B) {
		for b.Loop() {
			Ger(a, x, y, 1e-3)
		}
	})
	b.Run("26x16/ref", func(b *testing.B) {
		for b.Loop() {
			GerRef(a, x, y, 1e-3)
		}
	})
}

func BenchmarkLog(b *testing.B) {
	for _, n := range []int{16, 1024} {
		src := benchVec(n, 5)
		for i := range src {
			src[i] = 1 + src[i]*src[i]
		}
		dst := make([]float64, n)
		b.Run(fmt.Sprintf("n=%d/vmath", n), func(b *testing.B) {
			for b.Loop() {
				Log(dst, src)
			}
		})
		b.Run(fmt.Sprintf("n=%d/ref", n), func(b *testing.B) {
			for b.Loop() {
				LogRef(dst, src)
			}
		})
		b.Run(fmt.Sprintf("n=%d/math.Log", n), func(b *testing.B) {
			for b.Loop() {
				for i, x := range src {
					dst[i] = math.Log(x)
				}
			}
		})
	}
}

// BenchmarkGerBatch is the weight-gradient update of a letter minibatch of
// 16: one GerBatch against 16 Ger calls (the same bits).
func BenchmarkGerBatch(b *testing.B) {
	a, x, y := benchVec(26*16, 1), benchVec(16*26, 1), benchVec(16*16, 1)
	b.Run("26x16x16/vmath", func(b *testing.B) {
		for b.Loop() {
			GerBatch(a, 26, 16, x, y, 1e-3)
		}
	})
	b.Run("26x16x16/Ger", func(b *testing.B) {
		for b.Loop() {
			for r := range 16 {
				Ger(a, x[r*26:(r+1)*26], y[r*16:(r+1)*16], 1e-3)
			}
		}
	})
	b.Run("26x16x16/ref", func(b *testing.B) {
		for b.Loop() {
			GerBatchRef(a, 26, 16, x, y, 1e-3)
		}
	})
}
