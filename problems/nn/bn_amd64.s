//go:build goexperiment.simd && amd64

#include "textflag.h"

// BatchNorm's channel sums and elementwise loops with AVX2 (bn_simd.go),
// bit for bit the scalar loops of batchnorm.go: each channel's sum is one
// chain over the samples, then the positions, in order (no FMA), kept in
// one lane; 4 channels per register, read through 4×4 transposes, and two
// registers (8 channels) side by side so that their chains overlap. The
// elementwise loops run a channel over all samples in one call.
// Arguments: x points at channel c of sample 0; cs is the sample stride and
// s the channel length S (a positive multiple of 4), as byte counts cs and
// elements s; groups is 1 (channels c…c+3) or 2 (c…c+7).

// T4IN transposes Y0–Y3 (row q = channel q, 4 positions) in place into
// columns (position t, 4 channels). Clobbers Y10–Y13.
#define T4IN \
	VUNPCKLPD Y1, Y0, Y10 \
	VUNPCKHPD Y1, Y0, Y11 \
	VUNPCKLPD Y3, Y2, Y12 \
	VUNPCKHPD Y3, Y2, Y13 \
	VPERM2F128 $0x20, Y12, Y10, Y0 \
	VPERM2F128 $0x20, Y13, Y11, Y1 \
	VPERM2F128 $0x31, Y12, Y10, Y2 \
	VPERM2F128 $0x31, Y13, Y11, Y3

// LOAD4(base) loads positions DX…DX+3 (byte offset) of the 4 channels at
// base, base+R8, base+2·R8, base+R9 (R8 = 8·s, R9 = 3·R8). Clobbers AX.
#define LOAD4(base) \
	VMOVUPD (base)(DX*1), Y0 \
	LEAQ (base)(R8*1), AX \
	VMOVUPD (AX)(DX*1), Y1 \
	LEAQ (base)(R8*2), AX \
	VMOVUPD (AX)(DX*1), Y2 \
	LEAQ (base)(R9*1), AX \
	VMOVUPD (AX)(DX*1), Y3

// ADD4(acc) adds the columns Y0–Y3 to acc in order.
#define ADD4(acc) \
	VADDPD Y0, acc, acc \
	VADDPD Y1, acc, acc \
	VADDPD Y2, acc, acc \
	VADDPD Y3, acc, acc

// func bnSumsAsm(x unsafe.Pointer, b, cs, s, groups int, sums unsafe.Pointer)
//
// sums[q] = Σ_i Σ_j x[i, c+q, j] (q < 4·groups), from +0 in that order.
TEXT ·bnSumsAsm(SB), NOSPLIT, $0-48
	MOVQ x+0(FP), SI
	MOVQ b+8(FP), CX
	MOVQ cs+16(FP), R14
	MOVQ s+24(FP), R8
	MOVQ groups+32(FP), R15
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9

sumsamp:
	LEAQ (SI)(R8*4), BX    // channel c+4
	XORQ DX, DX

sumpos:
	LOAD4(SI)
	T4IN
	ADD4(Y8)
	CMPQ R15, $2
	JNE  sumnext
	LOAD4(BX)
	T4IN
	ADD4(Y9)

sumnext:
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  sumpos
	ADDQ R14, SI
	DECQ CX
	JNZ  sumsamp
	MOVQ sums+40(FP), DI
	VMOVUPD Y8, (DI)
	VMOVUPD Y9, 32(DI)
	VZEROUPPER
	RET

// SQ4(acc, means) adds (col − mean)² of the columns Y0–Y3 to acc in order,
// the lanes' means in register means (a subtraction, a product, an add).
#define SQ4(acc, means) \
	VSUBPD means, Y0, Y0 \
	VMULPD Y0, Y0, Y0 \
	VADDPD Y0, acc, acc \
	VSUBPD means, Y1, Y1 \
	VMULPD Y1, Y1, Y1 \
	VADDPD Y1, acc, acc \
	VSUBPD means, Y2, Y2 \
	VMULPD Y2, Y2, Y2 \
	VADDPD Y2, acc, acc \
	VSUBPD means, Y3, Y3 \
	VMULPD Y3, Y3, Y3 \
	VADDPD Y3, acc, acc

// func bnSqSumsAsm(x unsafe.Pointer, b, cs, s, groups int, means, sums unsafe.Pointer)
//
// sums[q] = Σ_i Σ_j (x[i, c+q, j] − means[q])² in that order.
TEXT ·bnSqSumsAsm(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), SI
	MOVQ b+8(FP), CX
	MOVQ cs+16(FP), R14
	MOVQ s+24(FP), R8
	MOVQ groups+32(FP), R15
	MOVQ means+40(FP), DI
	VMOVUPD (DI), Y6
	VMOVUPD 32(DI), Y7
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9

sqsamp:
	LEAQ (SI)(R8*4), BX
	XORQ DX, DX

sqpos:
	LOAD4(SI)
	T4IN
	SQ4(Y8, Y6)
	CMPQ R15, $2
	JNE  sqnext
	LOAD4(BX)
	T4IN
	SQ4(Y9, Y7)

sqnext:
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  sqpos
	ADDQ R14, SI
	DECQ CX
	JNZ  sqsamp
	MOVQ sums+48(FP), DI
	VMOVUPD Y8, (DI)
	VMOVUPD Y9, 32(DI)
	VZEROUPPER
	RET

// func bnBwdSumsAsm(dout, xhat unsafe.Pointer, b, cs, s, groups int, sdy, sdx unsafe.Pointer)
//
// sdy[q] = Σ dy and sdx[q] = Σ dy·x̂ (each product rounded, then added)
// over channel c+q, samples then positions, in order. dout and xhat share
// the layout (cs, s).
TEXT ·bnBwdSumsAsm(SB), NOSPLIT, $0-64
	MOVQ dout+0(FP), SI
	MOVQ xhat+8(FP), DI
	MOVQ b+16(FP), CX
	MOVQ cs+24(FP), R14
	MOVQ s+32(FP), R8
	MOVQ groups+40(FP), R15
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	VXORPD Y6, Y6, Y6      // sdy, channels 0–3
	VXORPD Y7, Y7, Y7      // sdx, channels 0–3
	VXORPD Y8, Y8, Y8      // sdy, channels 4–7
	VXORPD Y9, Y9, Y9      // sdx, channels 4–7

bwsamp:
	XORQ DX, DX

bwpos:
	// products dy·x̂ of the 4 channels, rowwise, then transposed
	LOAD4(DI)
	VMOVUPD Y0, Y4
	VMOVUPD Y1, Y5
	VMOVUPD Y2, Y14
	VMOVUPD Y3, Y15
	LOAD4(SI)
	VMULPD Y0, Y4, Y4
	VMULPD Y1, Y5, Y5
	VMULPD Y2, Y14, Y14
	VMULPD Y3, Y15, Y15
	T4IN
	ADD4(Y6)
	VMOVUPD Y4, Y0
	VMOVUPD Y5, Y1
	VMOVUPD Y14, Y2
	VMOVUPD Y15, Y3
	T4IN
	ADD4(Y7)
	CMPQ R15, $2
	JNE  bwnext
	LEAQ (DI)(R8*4), BX
	LOAD4(BX)
	VMOVUPD Y0, Y4
	VMOVUPD Y1, Y5
	VMOVUPD Y2, Y14
	VMOVUPD Y3, Y15
	LEAQ (SI)(R8*4), BX
	LOAD4(BX)
	VMULPD Y0, Y4, Y4
	VMULPD Y1, Y5, Y5
	VMULPD Y2, Y14, Y14
	VMULPD Y3, Y15, Y15
	T4IN
	ADD4(Y8)
	VMOVUPD Y4, Y0
	VMOVUPD Y5, Y1
	VMOVUPD Y14, Y2
	VMOVUPD Y15, Y3
	T4IN
	ADD4(Y9)

bwnext:
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  bwpos
	ADDQ R14, SI
	ADDQ R14, DI
	DECQ CX
	JNZ  bwsamp
	MOVQ sdy+48(FP), AX
	VMOVUPD Y6, (AX)
	VMOVUPD Y8, 32(AX)
	MOVQ sdx+56(FP), AX
	VMOVUPD Y7, (AX)
	VMOVUPD Y9, 32(AX)
	VZEROUPPER
	RET

// func bnFwdChanAsm(xhat, out, x unsafe.Pointer, s, cs, b int, mean, rstd, gamma, beta float64)
//
// One channel of all b samples: h = (x − mean)·rstd, xhat = h,
// out = gamma·h + beta (a product and an add), s a positive multiple of 4.
TEXT ·bnFwdChanAsm(SB), NOSPLIT, $0-80
	MOVQ xhat+0(FP), DI
	MOVQ out+8(FP), R10
	MOVQ x+16(FP), SI
	MOVQ s+24(FP), R8
	MOVQ cs+32(FP), R14
	MOVQ b+40(FP), CX
	SHLQ $3, R8
	VBROADCASTSD mean+48(FP), Y4
	VBROADCASTSD rstd+56(FP), Y5
	VBROADCASTSD gamma+64(FP), Y6
	VBROADCASTSD beta+72(FP), Y7

bfcsamp:
	XORQ DX, DX

bfcpos:
	VMOVUPD (SI)(DX*1), Y0
	VSUBPD Y4, Y0, Y0
	VMULPD Y5, Y0, Y0
	VMOVUPD Y0, (DI)(DX*1)
	VMULPD Y6, Y0, Y1
	VADDPD Y7, Y1, Y1
	VMOVUPD Y1, (R10)(DX*1)
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  bfcpos
	ADDQ R14, SI
	ADDQ R14, DI
	ADDQ R14, R10
	DECQ CX
	JNZ  bfcsamp
	VZEROUPPER
	RET

// func bnBwdChanAsm(dx, dout, xhat unsafe.Pointer, s, cs, b int, k, a, sdyx, cnt float64)
//
// One channel of all b samples: dx = k·((dy − a) − (x̂·sdyx)/cnt), s a
// positive multiple of 4.
TEXT ·bnBwdChanAsm(SB), NOSPLIT, $0-80
	MOVQ dx+0(FP), DI
	MOVQ dout+8(FP), SI
	MOVQ xhat+16(FP), R10
	MOVQ s+24(FP), R8
	MOVQ cs+32(FP), R14
	MOVQ b+40(FP), CX
	SHLQ $3, R8
	VBROADCASTSD k+48(FP), Y4
	VBROADCASTSD a+56(FP), Y5
	VBROADCASTSD sdyx+64(FP), Y6
	VBROADCASTSD cnt+72(FP), Y7

bbcsamp:
	XORQ DX, DX

bbcpos:
	VMOVUPD (R10)(DX*1), Y1
	VMULPD Y6, Y1, Y1
	VDIVPD Y7, Y1, Y1
	VMOVUPD (SI)(DX*1), Y0
	VSUBPD Y5, Y0, Y0
	VSUBPD Y1, Y0, Y0
	VMULPD Y4, Y0, Y0
	VMOVUPD Y0, (DI)(DX*1)
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  bbcpos
	ADDQ R14, SI
	ADDQ R14, DI
	ADDQ R14, R10
	DECQ CX
	JNZ  bbcsamp
	VZEROUPPER
	RET
