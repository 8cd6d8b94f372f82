//go:build goexperiment.simd && amd64

package nn

import (
	"math"
	"unsafe"
)

//go:noescape
func expSubAsm(dst, src unsafe.Pointer, n int, sub float64) int

//go:noescape
func geluFwdAsm(out, th, x unsafe.Pointer, n int, g2 float64) int

// The vector exp (exp_amd64.s) reproduces math.Exp's FMA path, which
// math.Exp takes on CPUs with AVX and FMA: useAVX2 implies both.

// expSubVec sets dst[i] = math.Exp(src[i] − sub) for every i < len(src)
// with the vector exp, 4 at a time, and math.Exp for the blocks it leaves
// and the tail (after its VZEROUPPER).
func expSubVec(dst, src []float64, sub float64) {
	n := len(src)
	dst = dst[:n]
	i := 0
	if useAVX2 {
		n4 := n &^ 3
		for i < n4 {
			i += expSubAsm(unsafe.Add(ptr64(dst), i*8), unsafe.Add(ptr64(src), i*8), n4-i, sub)
			if i < n4 { // a block with a special lane
				for j := i; j < i+4; j++ {
					dst[j] = math.Exp(src[j] - sub)
				}
				i += 4
			}
		}
	}
	for ; i < n; i++ {
		dst[i] = math.Exp(src[i] - sub)
	}
}

// geluForwardVec does GELU.Forward's loop for the first n = len(x) &^ 3
// elements with the vector exp (redoing with the scalar loop any block of 4
// it leaves) and returns n.
func geluForwardVec(out, th, x []float64) int {
	n := len(x) &^ 3
	if !useAVX2 || n == 0 {
		return 0
	}
	out, th = out[:n], th[:n]
	g2 := 2 * geluS
	for i := 0; i < n; {
		i += geluFwdAsm(unsafe.Add(ptr64(out), i*8), unsafe.Add(ptr64(th), i*8), unsafe.Add(ptr64(x), i*8), n-i, g2)
		if i < n {
			for j := i; j < i+4; j++ {
				v := x[j]
				t := 1 - 2/(math.Exp(2*geluS*(v+0.044715*v*v*v))+1)
				th[j] = t
				out[j] = 0.5 * v * (1 + t)
			}
			i += 4
		}
	}
	return n
}
