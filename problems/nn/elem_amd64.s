//go:build goexperiment.simd && amd64

#include "textflag.h"

// Elementwise AVX2 loops of the layers (elem_simd.go), 4 float64 per
// iteration, n a positive multiple of 4. Each ends with VZEROUPPER. Their
// results are bit for bit those of the scalar loops they replace.

// func reluFwdAsm(out, x unsafe.Pointer, n int)
//
// out = x where x > 0 or x is NaN (VCMPPD predicate NLE_UQ), else +0: the
// value of Go's max(x, 0) for every x (max(−0, 0) = +0, max(NaN, 0) = NaN).
TEXT ·reluFwdAsm(SB), NOSPLIT, $0-24
	MOVQ out+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $2, CX
	VXORPD Y1, Y1, Y1

rfloop:
	VMOVUPD (SI), Y0
	VCMPPD $6, Y1, Y0, Y2 // Y2 = !(x <= 0): x > 0 or unordered
	VANDPD Y0, Y2, Y2
	VMOVUPD Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  rfloop
	VZEROUPPER
	RET

// func reluBwdAsm(dx, y, dout unsafe.Pointer, n int)
//
// dx = dout where the bits of y (a ReLU output: +0, positive or NaN) are not
// all zero, else +0, as ReLU.Backward's scalar loop.
TEXT ·reluBwdAsm(SB), NOSPLIT, $0-32
	MOVQ dx+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ dout+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $2, CX
	VPXOR Y1, Y1, Y1

rbloop:
	VMOVDQU (SI), Y0
	VPCMPEQQ Y1, Y0, Y2 // all ones where y's bits are zero
	VPANDN (DX), Y2, Y3 // dout &^ that
	VMOVDQU Y3, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  rbloop
	VZEROUPPER
	RET
