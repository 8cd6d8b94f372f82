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

// func bnFwdAsm(xhat, out, x unsafe.Pointer, n int, mean, rstd, gamma, beta float64)
//
// BatchNorm.Forward's loop: h = (x − mean)·rstd; xhat = h; out = gamma·h + beta (a
// multiply and an add, not an FMA, as the scalar loop).
TEXT ·bnFwdAsm(SB), NOSPLIT, $0-64
	MOVQ xhat+0(FP), DI
	MOVQ out+8(FP), DX
	MOVQ x+16(FP), SI
	MOVQ n+24(FP), CX
	SHRQ $2, CX
	VBROADCASTSD mean+32(FP), Y4
	VBROADCASTSD rstd+40(FP), Y5
	VBROADCASTSD gamma+48(FP), Y6
	VBROADCASTSD beta+56(FP), Y7

bfloop:
	VMOVUPD (SI), Y0
	VSUBPD Y4, Y0, Y0 // x − m
	VMULPD Y5, Y0, Y0 // ·r
	VMOVUPD Y0, (DI)
	VMULPD Y6, Y0, Y1 // g·h
	VADDPD Y7, Y1, Y1 // + b
	VMOVUPD Y1, (DX)
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, DX
	DECQ CX
	JNZ  bfloop
	VZEROUPPER
	RET

// func bnBwdAsm(dx, dout, xhat unsafe.Pointer, n int, k, a, sdyx, cnt float64)
//
// BatchNorm.Backward's loop with batch statistics:
// dx = k·((dy − a) − (x̂·sdyx)/cnt), a = sdy/cnt computed by the caller, in
// the scalar expression's order of operations.
TEXT ·bnBwdAsm(SB), NOSPLIT, $0-64
	MOVQ dx+0(FP), DI
	MOVQ dout+8(FP), SI
	MOVQ xhat+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $2, CX
	VBROADCASTSD k+32(FP), Y4
	VBROADCASTSD a+40(FP), Y5
	VBROADCASTSD sdyx+48(FP), Y6
	VBROADCASTSD cnt+56(FP), Y7

bbloop:
	VMOVUPD (DX), Y1
	VMULPD Y6, Y1, Y1 // x̂·sdyx
	VDIVPD Y7, Y1, Y1 // /cnt
	VMOVUPD (SI), Y0
	VSUBPD Y5, Y0, Y0 // dy − a
	VSUBPD Y1, Y0, Y0 // − …
	VMULPD Y4, Y0, Y0 // k·
	VMOVUPD Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  bbloop
	VZEROUPPER
	RET
