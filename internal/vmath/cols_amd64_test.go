//go:build goexperiment.simd && amd64

package vmath

import (
	"testing"
	"unsafe"
)

// TestConstsLayout pins the offsets of exp4's constants that
// softmaxCols4Asm (cols_amd64.s) reads.
func TestConstsLayout(t *testing.T) {
	c := cst
	for _, f := range []struct {
		name string
		got  uintptr
		want uintptr
	}{
		{"min", unsafe.Offsetof(c.min), 0}, {"max", unsafe.Offsetof(c.max), 32},
		{"log2e", unsafe.Offsetof(c.log2e), 64}, {"magic", unsafe.Offsetof(c.magic), 96},
		{"ln2Hi", unsafe.Offsetof(c.ln2Hi), 128}, {"ln2Lo", unsafe.Offsetof(c.ln2Lo), 160},
		{"one", unsafe.Offsetof(c.one), 192}, {"c2", unsafe.Offsetof(c.c2), 224},
		{"c3", unsafe.Offsetof(c.c3), 256}, {"c4", unsafe.Offsetof(c.c4), 288},
		{"c5", unsafe.Offsetof(c.c5), 320}, {"c6", unsafe.Offsetof(c.c6), 352},
		{"c7", unsafe.Offsetof(c.c7), 384}, {"c8", unsafe.Offsetof(c.c8), 416},
		{"c9", unsafe.Offsetof(c.c9), 448}, {"c10", unsafe.Offsetof(c.c10), 480},
		{"c11", unsafe.Offsetof(c.c11), 512}, {"c12", unsafe.Offsetof(c.c12), 544},
		{"c13", unsafe.Offsetof(c.c13), 576}, {"bias", unsafe.Offsetof(c.bias), 608},
	} {
		if f.got != f.want {
			t.Errorf("consts.%s at offset %d, cols_amd64.s reads it at %d", f.name, f.got, f.want)
		}
	}
}
