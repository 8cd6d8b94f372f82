//go:build goexperiment.simd && amd64

#include "textflag.h"

// Vector exp for the layers (exp_simd.go): math.Exp's own algorithm and
// constants (its FMA path in exp_amd64.s of the Go distribution, a Shibata
// reduction and Taylor series; the method is public domain), 4 lanes at a
// time, so that the results are math.Exp's bit for bit and the float64
// records do not change. Lanes math.Exp treats specially (NaN, ±Inf,
// overflow, underflow and subnormal results) are left to math.Exp itself.

// Constants of the vector exp, 4 copies each: the same decimal literals as
// math.Exp's assembly (exp_amd64.s), so the same float64 values.
DATA expc<>+0(SB)/8, $1.4426950408889634073599246810018920
DATA expc<>+8(SB)/8, $1.4426950408889634073599246810018920
DATA expc<>+16(SB)/8, $1.4426950408889634073599246810018920
DATA expc<>+24(SB)/8, $1.4426950408889634073599246810018920
DATA expc<>+32(SB)/8, $0.69314718055966295651160180568695068359375
DATA expc<>+40(SB)/8, $0.69314718055966295651160180568695068359375
DATA expc<>+48(SB)/8, $0.69314718055966295651160180568695068359375
DATA expc<>+56(SB)/8, $0.69314718055966295651160180568695068359375
DATA expc<>+64(SB)/8, $0.28235290563031577122588448175013436025525412068e-12
DATA expc<>+72(SB)/8, $0.28235290563031577122588448175013436025525412068e-12
DATA expc<>+80(SB)/8, $0.28235290563031577122588448175013436025525412068e-12
DATA expc<>+88(SB)/8, $0.28235290563031577122588448175013436025525412068e-12
DATA expc<>+96(SB)/8, $0.0625
DATA expc<>+104(SB)/8, $0.0625
DATA expc<>+112(SB)/8, $0.0625
DATA expc<>+120(SB)/8, $0.0625
DATA expc<>+128(SB)/8, $2.4801587301587301587e-5
DATA expc<>+136(SB)/8, $2.4801587301587301587e-5
DATA expc<>+144(SB)/8, $2.4801587301587301587e-5
DATA expc<>+152(SB)/8, $2.4801587301587301587e-5
DATA expc<>+160(SB)/8, $1.9841269841269841270e-4
DATA expc<>+168(SB)/8, $1.9841269841269841270e-4
DATA expc<>+176(SB)/8, $1.9841269841269841270e-4
DATA expc<>+184(SB)/8, $1.9841269841269841270e-4
DATA expc<>+192(SB)/8, $1.3888888888888888889e-3
DATA expc<>+200(SB)/8, $1.3888888888888888889e-3
DATA expc<>+208(SB)/8, $1.3888888888888888889e-3
DATA expc<>+216(SB)/8, $1.3888888888888888889e-3
DATA expc<>+224(SB)/8, $8.3333333333333333333e-3
DATA expc<>+232(SB)/8, $8.3333333333333333333e-3
DATA expc<>+240(SB)/8, $8.3333333333333333333e-3
DATA expc<>+248(SB)/8, $8.3333333333333333333e-3
DATA expc<>+256(SB)/8, $4.1666666666666666667e-2
DATA expc<>+264(SB)/8, $4.1666666666666666667e-2
DATA expc<>+272(SB)/8, $4.1666666666666666667e-2
DATA expc<>+280(SB)/8, $4.1666666666666666667e-2
DATA expc<>+288(SB)/8, $1.6666666666666666667e-1
DATA expc<>+296(SB)/8, $1.6666666666666666667e-1
DATA expc<>+304(SB)/8, $1.6666666666666666667e-1
DATA expc<>+312(SB)/8, $1.6666666666666666667e-1
DATA expc<>+320(SB)/8, $0.5
DATA expc<>+328(SB)/8, $0.5
DATA expc<>+336(SB)/8, $0.5
DATA expc<>+344(SB)/8, $0.5
DATA expc<>+352(SB)/8, $1.0
DATA expc<>+360(SB)/8, $1.0
DATA expc<>+368(SB)/8, $1.0
DATA expc<>+376(SB)/8, $1.0
DATA expc<>+384(SB)/8, $2.0
DATA expc<>+392(SB)/8, $2.0
DATA expc<>+400(SB)/8, $2.0
DATA expc<>+408(SB)/8, $2.0
DATA expc<>+416(SB)/8, $7.09782712893384e+02
DATA expc<>+424(SB)/8, $7.09782712893384e+02
DATA expc<>+432(SB)/8, $7.09782712893384e+02
DATA expc<>+440(SB)/8, $7.09782712893384e+02
DATA expc<>+448(SB)/8, $0.044715
DATA expc<>+456(SB)/8, $0.044715
DATA expc<>+464(SB)/8, $0.044715
DATA expc<>+472(SB)/8, $0.044715
DATA expc<>+480(SB)/4, $1023
DATA expc<>+484(SB)/4, $1023
DATA expc<>+488(SB)/4, $1023
DATA expc<>+492(SB)/4, $1023
DATA expc<>+496(SB)/4, $2047
DATA expc<>+500(SB)/4, $2047
DATA expc<>+504(SB)/4, $2047
DATA expc<>+508(SB)/4, $2047
GLOBL expc<>(SB), RODATA|NOPTR, $512
#define K_log2e expc<>+0(SB)
#define K_ln2u expc<>+32(SB)
#define K_ln2l expc<>+64(SB)
#define K_sixteenth expc<>+96(SB)
#define K_c8 expc<>+128(SB)
#define K_c7 expc<>+160(SB)
#define K_c6 expc<>+192(SB)
#define K_c5 expc<>+224(SB)
#define K_c4 expc<>+256(SB)
#define K_c3 expc<>+288(SB)
#define K_half expc<>+320(SB)
#define K_one expc<>+352(SB)
#define K_two expc<>+384(SB)
#define K_ovf expc<>+416(SB)
#define K_gk expc<>+448(SB)
#define K_bias expc<>+480(SB)
#define K_emax expc<>+496(SB)

// EXP4 sets Y0 = exp(Y0) in 4 lanes with the operations of math.Exp's FMA
// path (exp_amd64.s, taken on CPUs with AVX and FMA), so bit for bit its
// values, for lanes where that path ends in its normal-result branch: x ≤
// Overflow (not NaN) and a biased exponent in [1, 2046]. If any lane is
// outside, it jumps to bad with Y0 garbage (the caller redoes those 4 with
// math.Exp). Clobbers Y1–Y5, X13, X14, AX, BX.
#define EXP4(bad) \
	VCMPPD $0x12, K_ovf, Y0, Y1 \
	VMOVMSKPD Y1, AX \
	CMPQ AX, $15 \
	JNE bad \
	VMULPD K_log2e, Y0, Y1 \
	VCVTPD2DQY Y1, X2 \
	VCVTDQ2PD X2, Y3 \
	VPADDD K_bias, X2, X2 \
	VPXOR X13, X13, X13 \
	VPCMPGTD X13, X2, X13 \
	VMOVDQU K_emax, X14 \
	VPCMPGTD X2, X14, X14 \
	VPAND X14, X13, X13 \
	VMOVMSKPS X13, BX \
	CMPQ BX, $15 \
	JNE bad \
	VFNMADD231PD K_ln2u, Y3, Y0 \
	VFNMADD231PD K_ln2l, Y3, Y0 \
	VMULPD K_sixteenth, Y0, Y0 \
	VMOVUPD K_c8, Y4 \
	VFMADD213PD K_c7, Y0, Y4 \
	VFMADD213PD K_c6, Y0, Y4 \
	VFMADD213PD K_c5, Y0, Y4 \
	VFMADD213PD K_c4, Y0, Y4 \
	VFMADD213PD K_c3, Y0, Y4 \
	VFMADD213PD K_half, Y0, Y4 \
	VFMADD213PD K_one, Y0, Y4 \
	VMULPD Y4, Y0, Y0 \
	VADDPD K_two, Y0, Y4 \
	VMULPD Y4, Y0, Y0 \
	VADDPD K_two, Y0, Y4 \
	VMULPD Y4, Y0, Y0 \
	VADDPD K_two, Y0, Y4 \
	VMULPD Y4, Y0, Y0 \
	VADDPD K_two, Y0, Y4 \
	VFMADD213PD K_one, Y4, Y0 \
	VPMOVSXDQ X2, Y5 \
	VPSLLQ $52, Y5, Y5 \
	VMULPD Y5, Y0, Y0

// EXP8 is EXP4 on two blocks at once, Y0 and Y8, their instructions
// interleaved: each lane gets the very operations of EXP4, so the same
// values, but the two dependency chains (about 26 operations deep) overlap,
// which EXP4's loops left to out-of-order execution across iterations. If
// any of the 8 lanes is outside the normal path it jumps to bad with Y0 and
// Y8 garbage (the caller then redoes the first block with EXP4). Clobbers
// Y1–Y5, Y9–Y14, AX, BX.
#define EXP8(bad) \
	VCMPPD $0x12, K_ovf, Y0, Y1 \
	VCMPPD $0x12, K_ovf, Y8, Y9 \
	VANDPD Y9, Y1, Y1 \
	VMOVMSKPD Y1, AX \
	CMPQ AX, $15 \
	JNE bad \
	VMULPD K_log2e, Y0, Y1 \
	VMULPD K_log2e, Y8, Y9 \
	VCVTPD2DQY Y1, X2 \
	VCVTPD2DQY Y9, X10 \
	VCVTDQ2PD X2, Y3 \
	VCVTDQ2PD X10, Y11 \
	VPADDD K_bias, X2, X2 \
	VPADDD K_bias, X10, X10 \
	VPXOR X13, X13, X13 \
	VPCMPGTD X13, X2, X14 \
	VPCMPGTD X13, X10, X13 \
	VPAND X14, X13, X13 \
	VMOVDQU K_emax, X14 \
	VPCMPGTD X2, X14, X1 \
	VPCMPGTD X10, X14, X9 \
	VPAND X1, X9, X9 \
	VPAND X9, X13, X13 \
	VMOVMSKPS X13, BX \
	CMPQ BX, $15 \
	JNE bad \
	VFNMADD231PD K_ln2u, Y3, Y0 \
	VFNMADD231PD K_ln2u, Y11, Y8 \
	VFNMADD231PD K_ln2l, Y3, Y0 \
	VFNMADD231PD K_ln2l, Y11, Y8 \
	VMULPD K_sixteenth, Y0, Y0 \
	VMULPD K_sixteenth, Y8, Y8 \
	VMOVUPD K_c8, Y4 \
	VMOVUPD K_c8, Y12 \
	VFMADD213PD K_c7, Y0, Y4 \
	VFMADD213PD K_c7, Y8, Y12 \
	VFMADD213PD K_c6, Y0, Y4 \
	VFMADD213PD K_c6, Y8, Y12 \
	VFMADD213PD K_c5, Y0, Y4 \
	VFMADD213PD K_c5, Y8, Y12 \
	VFMADD213PD K_c4, Y0, Y4 \
	VFMADD213PD K_c4, Y8, Y12 \
	VFMADD213PD K_c3, Y0, Y4 \
	VFMADD213PD K_c3, Y8, Y12 \
	VFMADD213PD K_half, Y0, Y4 \
	VFMADD213PD K_half, Y8, Y12 \
	VFMADD213PD K_one, Y0, Y4 \
	VFMADD213PD K_one, Y8, Y12 \
	VMULPD Y4, Y0, Y0 \
	VMULPD Y12, Y8, Y8 \
	VADDPD K_two, Y0, Y4 \
	VADDPD K_two, Y8, Y12 \
	VMULPD Y4, Y0, Y0 \
	VMULPD Y12, Y8, Y8 \
	VADDPD K_two, Y0, Y4 \
	VADDPD K_two, Y8, Y12 \
	VMULPD Y4, Y0, Y0 \
	VMULPD Y12, Y8, Y8 \
	VADDPD K_two, Y0, Y4 \
	VADDPD K_two, Y8, Y12 \
	VMULPD Y4, Y0, Y0 \
	VMULPD Y12, Y8, Y8 \
	VADDPD K_two, Y0, Y4 \
	VADDPD K_two, Y8, Y12 \
	VFMADD213PD K_one, Y4, Y0 \
	VFMADD213PD K_one, Y12, Y8 \
	VPMOVSXDQ X2, Y5 \
	VPMOVSXDQ X10, Y13 \
	VPSLLQ $52, Y5, Y5 \
	VPSLLQ $52, Y13, Y13 \
	VMULPD Y5, Y0, Y0 \
	VMULPD Y13, Y8, Y8

// func expSubAsm(dst, src unsafe.Pointer, n int, sub float64) int
//
// dst[i] = exp(src[i] − sub) (math.Exp's values; the subtraction rounded as
// in Go) for i < n (a multiple of 4), 4 at a time, until a block has a lane
// outside EXP4's normal path; returns how many it did (a multiple of 4).
TEXT ·expSubAsm(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSD sub+24(FP), Y6
	XORQ DX, DX

esloop8: // 8 at a time while 8 are left and all 8 are normal
	LEAQ 8(DX), R9
	CMPQ R9, CX
	JGT  esloop
	VMOVUPD (SI)(DX*8), Y0
	VMOVUPD 32(SI)(DX*8), Y8
	VSUBPD Y6, Y0, Y0
	VSUBPD Y6, Y8, Y8
	EXP8(esloop)
	VMOVUPD Y0, (DI)(DX*8)
	VMOVUPD Y8, 32(DI)(DX*8)
	MOVQ R9, DX
	JMP  esloop8

esloop: // one block of 4 (the last one, or the first of 8 with a special lane)
	CMPQ DX, CX
	JGE  esdone
	VMOVUPD (SI)(DX*8), Y0
	VSUBPD Y6, Y0, Y0
	EXP4(esdone)
	VMOVUPD Y0, (DI)(DX*8)
	ADDQ $4, DX
	JMP  esloop8

esdone:
	MOVQ DX, ret+32(FP)
	VZEROUPPER
	RET

// func geluFwdAsm(out, th, x unsafe.Pointer, n int, g2 float64) int
//
// GELU.Forward's loop with the scalar expression's operations in its order:
// u = g2·(v + ((0.044715·v)·v)·v) (g2 = 2·sqrt(2/π)), t = 1 − 2/(exp(u) + 1),
// th = t, out = (0.5·v)·(1 + t), for i < n (a multiple of 4), 4 at a time
// until a block's exp leaves EXP4's normal path; returns how many it did.
TEXT ·geluFwdAsm(SB), NOSPLIT, $0-48
	MOVQ out+0(FP), DI
	MOVQ th+8(FP), R8
	MOVQ x+16(FP), SI
	MOVQ n+24(FP), CX
	VBROADCASTSD g2+32(FP), Y6
	XORQ DX, DX

gfloop8: // 8 at a time as in expSubAsm, the second block in Y15, Y8–Y11
	LEAQ 8(DX), R9
	CMPQ R9, CX
	JGT  gfloop
	VMOVUPD (SI)(DX*8), Y7
	VMOVUPD 32(SI)(DX*8), Y15
	VMULPD K_gk, Y7, Y0
	VMULPD K_gk, Y15, Y8
	VMULPD Y7, Y0, Y0
	VMULPD Y15, Y8, Y8
	VMULPD Y7, Y0, Y0
	VMULPD Y15, Y8, Y8
	VADDPD Y0, Y7, Y0
	VADDPD Y8, Y15, Y8
	VMULPD Y0, Y6, Y0
	VMULPD Y8, Y6, Y8
	EXP8(gfloop)
	VADDPD K_one, Y0, Y0
	VADDPD K_one, Y8, Y8
	VMOVUPD K_two, Y1
	VDIVPD Y0, Y1, Y1
	VMOVUPD K_two, Y9
	VDIVPD Y8, Y9, Y9
	VMOVUPD K_one, Y2
	VSUBPD Y1, Y2, Y2
	VMOVUPD K_one, Y10
	VSUBPD Y9, Y10, Y10
	VMOVUPD Y2, (R8)(DX*8)
	VMOVUPD Y10, 32(R8)(DX*8)
	VADDPD K_one, Y2, Y2
	VADDPD K_one, Y10, Y10
	VMULPD K_half, Y7, Y3
	VMULPD K_half, Y15, Y11
	VMULPD Y2, Y3, Y3
	VMULPD Y10, Y11, Y11
	VMOVUPD Y3, (DI)(DX*8)
	VMOVUPD Y11, 32(DI)(DX*8)
	MOVQ R9, DX
	JMP  gfloop8

gfloop: // one block of 4, as in expSubAsm
	CMPQ DX, CX
	JGE  gfdone
	VMOVUPD (SI)(DX*8), Y7        // v
	VMULPD K_gk, Y7, Y0           // 0.044715·v
	VMULPD Y7, Y0, Y0             // ·v
	VMULPD Y7, Y0, Y0             // ·v
	VADDPD Y0, Y7, Y0             // v + …
	VMULPD Y0, Y6, Y0             // g2·(…)
	EXP4(gfdone)
	VADDPD K_one, Y0, Y0          // exp(u) + 1
	VMOVUPD K_two, Y1
	VDIVPD Y0, Y1, Y1             // 2/(…)
	VMOVUPD K_one, Y2
	VSUBPD Y1, Y2, Y2             // t = 1 − …
	VMOVUPD Y2, (R8)(DX*8)
	VADDPD K_one, Y2, Y2          // 1 + t
	VMULPD K_half, Y7, Y3         // 0.5·v
	VMULPD Y2, Y3, Y3
	VMOVUPD Y3, (DI)(DX*8)
	ADDQ $4, DX
	JMP  gfloop8

gfdone:
	MOVQ DX, ret+40(FP)
	VZEROUPPER
	RET

// Row kernels of the attention softmax (attn_simd.go). A row has n ≥ 1
// values; the last n mod 4 are done with masked vectors (mask: the lane
// masks laneMasks[n mod 4] of gemm_simd.go), so nothing outside the row is
// touched. Sums are taken in the scalar loops' order, element by element.

DATA ninf<>+0(SB)/8, $0xfff0000000000000
GLOBL ninf<>(SB), RODATA|NOPTR, $8
#define K_ninf ninf<>+0(SB)

// LANESUM adds the 4 lanes of Y0 to X7 in lane order (X7 += Y0[0], then
// Y0[1], Y0[2], Y0[3]), as the scalar loop's sum += e. Clobbers X1, X2.
#define LANESUM \
	VADDSD X0, X7, X7 \
	VPERMILPD $1, X0, X1 \
	VADDSD X1, X7, X7 \
	VEXTRACTF128 $1, Y0, X2 \
	VADDSD X2, X7, X7 \
	VPERMILPD $1, X2, X1 \
	VADDSD X1, X7, X7

// func scaleMaxAsm(row unsafe.Pointer, n int, c float64, mask unsafe.Pointer) (mx float64, nan bool)
//
// row[s] *= c for s < n; returns the largest of the products and whether
// one was NaN (the caller then takes the max as Go does; VMAXPD's NaN and
// signed-zero rules are not Go's, so the caller also redoes mx = ±0).
TEXT ·scaleMaxAsm(SB), NOSPLIT, $0-41
	MOVQ row+0(FP), DI
	MOVQ n+8(FP), CX
	VBROADCASTSD c+16(FP), Y5
	MOVQ mask+24(FP), AX
	VMOVDQU (AX), Y8
	VBROADCASTSD K_ninf, Y4 // running max
	VXORPD Y3, Y3, Y3       // NaN lanes seen
	MOVQ CX, BX
	ANDQ $-4, BX
	XORQ DX, DX
	CMPQ DX, BX
	JGE  smtail

smloop:
	VMULPD (DI)(DX*8), Y5, Y0
	VMOVUPD Y0, (DI)(DX*8)
	VMAXPD Y0, Y4, Y4
	VCMPPD $3, Y0, Y0, Y1 // unordered: NaN
	VORPD Y1, Y3, Y3
	ADDQ $4, DX
	CMPQ DX, BX
	JLT  smloop

smtail:
	CMPQ DX, CX
	JGE  smred
	LEAQ (DI)(DX*8), SI
	VMASKMOVPD (SI), Y8, Y0
	VMULPD Y5, Y0, Y0
	VMASKMOVPD Y0, Y8, (SI)
	VBROADCASTSD K_ninf, Y2
	VBLENDVPD Y8, Y0, Y2, Y0 // lanes off: −Inf
	VMAXPD Y0, Y4, Y4
	VCMPPD $3, Y0, Y0, Y1
	VORPD Y1, Y3, Y3

smred:
	VEXTRACTF128 $1, Y4, X0
	VMAXPD X0, X4, X4
	VPERMILPD $1, X4, X0
	VMAXSD X0, X4, X4
	VMOVSD X4, mx+32(FP)
	VMOVMSKPD Y3, AX
	TESTQ AX, AX
	SETNE nan+40(FP)
	VZEROUPPER
	RET

// func expSumAsm(row unsafe.Pointer, n int, mx, sum float64, mask unsafe.Pointer) (done int, s float64)
//
// row[i] = exp(row[i] − mx) with EXP4 (math.Exp's values) and s = sum +
// row[i] added in order, for i from 0 until a block of 4 (or the masked
// tail) has a lane outside EXP4's normal path; returns where it stopped (n
// when done) and the sum so far. The caller finishes a stopped block with
// math.Exp and calls again from the next one.
TEXT ·expSumAsm(SB), NOSPLIT, $0-56
	MOVQ row+0(FP), DI
	MOVQ n+8(FP), CX
	VBROADCASTSD mx+16(FP), Y6
	VMOVSD sum+24(FP), X7
	MOVQ mask+32(FP), R8
	MOVQ CX, R9
	ANDQ $-4, R9
	XORQ DX, DX
	CMPQ DX, R9
	JGE  estail

esloop2:
	VMOVUPD (DI)(DX*8), Y0
	VSUBPD Y6, Y0, Y0
	EXP4(esstop)
	VMOVUPD Y0, (DI)(DX*8)
	LANESUM
	ADDQ $4, DX
	CMPQ DX, R9
	JLT  esloop2

estail:
	CMPQ DX, CX
	JGE  esstop
	VMOVDQU (R8), Y8
	LEAQ (DI)(DX*8), SI
	VMASKMOVPD (SI), Y8, Y0
	VBLENDVPD Y8, Y0, Y6, Y0 // lanes off: mx, so exp(0)
	VSUBPD Y6, Y0, Y0
	EXP4(esstop)
	VMASKMOVPD Y0, Y8, (SI)
	MOVQ CX, R10
	SUBQ DX, R10 // 1…3 lanes
	VADDSD X0, X7, X7
	CMPQ R10, $1
	JEQ  esend
	VPERMILPD $1, X0, X1
	VADDSD X1, X7, X7
	CMPQ R10, $2
	JEQ  esend
	VEXTRACTF128 $1, Y0, X2
	VADDSD X2, X7, X7

esend:
	MOVQ CX, DX

esstop:
	MOVQ DX, done+40(FP)
	VMOVSD X7, s+48(FP)
	VZEROUPPER
	RET

// func softmaxBwdRowAsm(p, d unsafe.Pointer, n int, scale float64, mask unsafe.Pointer)
//
// The reverse of one softmax row: dot = Σ p[s]·d[s] (each product rounded,
// then added in order, from +0), then d[s] = (scale·p[s])·(d[s] − dot) for
// s < n.
TEXT ·softmaxBwdRowAsm(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), SI
	MOVQ d+8(FP), DI
	MOVQ n+16(FP), CX
	VBROADCASTSD scale+24(FP), Y5
	MOVQ mask+32(FP), AX
	VMOVDQU (AX), Y8
	VXORPD X7, X7, X7
	MOVQ CX, R9
	ANDQ $-4, R9
	XORQ DX, DX
	CMPQ DX, R9
	JGE  sbtail

sbloop:
	VMOVUPD (SI)(DX*8), Y0
	VMULPD (DI)(DX*8), Y0, Y0
	LANESUM
	ADDQ $4, DX
	CMPQ DX, R9
	JLT  sbloop

sbtail:
	CMPQ DX, CX
	JGE  sbdot
	VMASKMOVPD (SI)(DX*8), Y8, Y0
	VMASKMOVPD (DI)(DX*8), Y8, Y1
	VMULPD Y1, Y0, Y0
	MOVQ CX, R10
	SUBQ DX, R10
	VADDSD X0, X7, X7
	CMPQ R10, $1
	JEQ  sbdot
	VPERMILPD $1, X0, X1
	VADDSD X1, X7, X7
	CMPQ R10, $2
	JEQ  sbdot
	VEXTRACTF128 $1, Y0, X2
	VADDSD X2, X7, X7

sbdot:
	VBROADCASTSD X7, Y7
	XORQ DX, DX
	CMPQ DX, R9
	JGE  sbtail2

sbloop2:
	VMULPD (SI)(DX*8), Y5, Y0 // scale·p
	VMOVUPD (DI)(DX*8), Y1
	VSUBPD Y7, Y1, Y1         // d − dot
	VMULPD Y0, Y1, Y0         // (d − dot)·(scale·p): Go's operand order, for its NaN
	VMOVUPD Y0, (DI)(DX*8)
	ADDQ $4, DX
	CMPQ DX, R9
	JLT  sbloop2

sbtail2:
	CMPQ DX, CX
	JGE  sbdone
	LEAQ (SI)(DX*8), AX
	LEAQ (DI)(DX*8), BX
	VMASKMOVPD (AX), Y8, Y0
	VMULPD Y5, Y0, Y0
	VMASKMOVPD (BX), Y8, Y1
	VSUBPD Y7, Y1, Y1
	VMULPD Y0, Y1, Y0
	VMASKMOVPD Y0, Y8, (BX)

sbdone:
	VZEROUPPER
	RET
