//go:build goexperiment.simd && amd64

#include "textflag.h"

// Two inner loops of the column kernels (loops_cols_amd64.go), where Go's
// compiler spent two instructions on every load and broadcast (it does not
// fold them into the arithmetic) and, with more than four accumulators,
// spilled them: here the products take their operand from memory and one
// broadcast serves eight columns. Mul then Add as in the Go loops, never
// an FMA, so the bits are those of MatVec and GerBatch (the twin tests
// check it). Only VEX instructions, and VZEROUPPER before returning
// (FINDINGS.md).

// func matVecRowAsm(zk, ak, xr, bk unsafe.Pointer, d, ls, n4 int)
//
// Row kk of MatVecCols for columns 0..n4-1 (n4 a multiple of 4): the d
// elements of a's row at ak, column r of x at xr + 8r (rows ls bytes
// apart), z's row at zk, and the bias at bk (nil: none). Accumulator
// class c (Y0+c, and Y4+c for the second four columns) takes the products
// of elements i ≡ c (mod 4); the classes combine as (l0+l1)+(l2+l3).
TEXT ·matVecRowAsm(SB), NOSPLIT, $0-56
	MOVQ zk+0(FP), DI
	MOVQ ak+8(FP), SI
	MOVQ xr+16(FP), DX
	MOVQ bk+24(FP), R8
	MOVQ d+32(FP), CX
	MOVQ ls+40(FP), R9
	MOVQ n4+48(FP), R10
	MOVQ CX, R12
	ANDQ $3, R12          // d mod 4: the tail
	ANDQ $-4, CX          // d rounded down to a multiple of 4
	LEAQ (R9)(R9*2), R11  // 3·ls

eight:
	CMPQ R10, $8
	JLT  four
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	MOVQ SI, AX
	MOVQ DX, BX
	MOVQ CX, R13
	TESTQ R13, R13
	JZ   etail
eloop:
	VBROADCASTSD (AX), Y8
	VMULPD (BX), Y8, Y9
	VMULPD 32(BX), Y8, Y10
	VADDPD Y9, Y0, Y0
	VADDPD Y10, Y4, Y4
	VBROADCASTSD 8(AX), Y8
	VMULPD (BX)(R9*1), Y8, Y9
	VMULPD 32(BX)(R9*1), Y8, Y10
	VADDPD Y9, Y1, Y1
	VADDPD Y10, Y5, Y5
	VBROADCASTSD 16(AX), Y8
	VMULPD (BX)(R9*2), Y8, Y9
	VMULPD 32(BX)(R9*2), Y8, Y10
	VADDPD Y9, Y2, Y2
	VADDPD Y10, Y6, Y6
	VBROADCASTSD 24(AX), Y8
	VMULPD (BX)(R11*1), Y8, Y9
	VMULPD 32(BX)(R11*1), Y8, Y10
	VADDPD Y9, Y3, Y3
	VADDPD Y10, Y7, Y7
	ADDQ $32, AX
	LEAQ (BX)(R9*4), BX
	SUBQ $4, R13
	JNZ  eloop
etail:
	CMPQ R12, $0
	JEQ  esum
	VBROADCASTSD (AX), Y8
	VMULPD (BX), Y8, Y9
	VMULPD 32(BX), Y8, Y10
	VADDPD Y9, Y0, Y0
	VADDPD Y10, Y4, Y4
	CMPQ R12, $1
	JEQ  esum
	VBROADCASTSD 8(AX), Y8
	VMULPD (BX)(R9*1), Y8, Y9
	VMULPD 32(BX)(R9*1), Y8, Y10
	VADDPD Y9, Y1, Y1
	VADDPD Y10, Y5, Y5
	CMPQ R12, $2
	JEQ  esum
	VBROADCASTSD 16(AX), Y8
	VMULPD (BX)(R9*2), Y8, Y9
	VMULPD 32(BX)(R9*2), Y8, Y10
	VADDPD Y9, Y2, Y2
	VADDPD Y10, Y6, Y6
esum:
	VADDPD Y1, Y0, Y0 // l0 + l1
	VADDPD Y3, Y2, Y2 // l2 + l3
	VADDPD Y2, Y0, Y0
	VADDPD Y5, Y4, Y4 // l0 + l1
	VADDPD Y7, Y6, Y6 // l2 + l3
	VADDPD Y6, Y4, Y4
	TESTQ R8, R8
	JZ   estore
	VBROADCASTSD (R8), Y8
	VADDPD Y8, Y0, Y0 // + b[kk]
	VADDPD Y8, Y4, Y4 // + b[kk]
estore:
	VMOVUPD Y0, (DI)
	VMOVUPD Y4, 32(DI)
	ADDQ $64, DI
	ADDQ $64, DX
	SUBQ $8, R10
	JMP  eight

four:
	CMPQ R10, $4
	JLT  done
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	MOVQ SI, AX
	MOVQ DX, BX
	MOVQ CX, R13
	TESTQ R13, R13
	JZ   ftail
floop:
	VBROADCASTSD (AX), Y8
	VMULPD (BX), Y8, Y9
	VADDPD Y9, Y0, Y0
	VBROADCASTSD 8(AX), Y8
	VMULPD (BX)(R9*1), Y8, Y9
	VADDPD Y9, Y1, Y1
	VBROADCASTSD 16(AX), Y8
	VMULPD (BX)(R9*2), Y8, Y9
	VADDPD Y9, Y2, Y2
	VBROADCASTSD 24(AX), Y8
	VMULPD (BX)(R11*1), Y8, Y9
	VADDPD Y9, Y3, Y3
	ADDQ $32, AX
	LEAQ (BX)(R9*4), BX
	SUBQ $4, R13
	JNZ  floop
ftail:
	CMPQ R12, $0
	JEQ  fsum
	VBROADCASTSD (AX), Y8
	VMULPD (BX), Y8, Y9
	VADDPD Y9, Y0, Y0
	CMPQ R12, $1
	JEQ  fsum
	VBROADCASTSD 8(AX), Y8
	VMULPD (BX)(R9*1), Y8, Y9
	VADDPD Y9, Y1, Y1
	CMPQ R12, $2
	JEQ  fsum
	VBROADCASTSD 16(AX), Y8
	VMULPD (BX)(R9*2), Y8, Y9
	VADDPD Y9, Y2, Y2
fsum:
	VADDPD Y1, Y0, Y0 // l0 + l1
	VADDPD Y3, Y2, Y2 // l2 + l3
	VADDPD Y2, Y0, Y0
	TESTQ R8, R8
	JZ   fstore
	VBROADCASTSD (R8), Y8
	VADDPD Y8, Y0, Y0 // + b[kk]
fstore:
	VMOVUPD Y0, (DI)

done:
	VZEROUPPER
	RET

// func gerRow16Asm(rj, xk, yj unsafe.Pointer, xs, ys, n int, alpha uint64)
//
// Sixteen columns of one row of GerBatch over n ≥ 1 updates: the row's
// elements at rj stay in Y0..Y3 while x_r[k] (at xk + r·xs) times alpha
// times y_r's sixteen elements (at yj + r·ys) is added, r = 0, 1, ….
TEXT ·gerRow16Asm(SB), NOSPLIT, $0-56
	MOVQ rj+0(FP), DI
	MOVQ xk+8(FP), SI
	MOVQ yj+16(FP), DX
	MOVQ xs+24(FP), R8
	MOVQ ys+32(FP), R9
	MOVQ n+40(FP), CX
	VBROADCASTSD alpha+48(FP), Y15
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD 64(DI), Y2
	VMOVUPD 96(DI), Y3

gerloop:
	VBROADCASTSD (SI), Y4
	VMULPD Y15, Y4, Y4    // dk = x_r[k]·alpha
	VMULPD (DX), Y4, Y5
	VMULPD 32(DX), Y4, Y6
	VMULPD 64(DX), Y4, Y7
	VMULPD 96(DX), Y4, Y8
	VADDPD Y5, Y0, Y0
	VADDPD Y6, Y1, Y1
	VADDPD Y7, Y2, Y2
	VADDPD Y8, Y3, Y3
	ADDQ R8, SI
	ADDQ R9, DX
	DECQ CX
	JNZ  gerloop

	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VZEROUPPER
	RET

// func gerRows2x16Asm(rj, xk, yj unsafe.Pointer, ls, ks, xs, ys, n int, alpha uint64)
//
// gerRow16Asm for two rows at once, rows k and k+1: the second row's
// elements at rj + ls, its x_r[k+1] at xk + ks + r·xs. The sixteen
// elements of each y_r are loaded once for both rows, and the two rows'
// eight accumulators are independent chains.
TEXT ·gerRows2x16Asm(SB), NOSPLIT, $0-72
	MOVQ rj+0(FP), DI
	MOVQ xk+8(FP), SI
	MOVQ yj+16(FP), DX
	MOVQ ls+24(FP), R10
	MOVQ ks+32(FP), R11
	MOVQ xs+40(FP), R8
	MOVQ ys+48(FP), R9
	MOVQ n+56(FP), CX
	VBROADCASTSD alpha+64(FP), Y15
	LEAQ (DI)(R10*1), BX  // row k+1
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD 64(DI), Y2
	VMOVUPD 96(DI), Y3
	VMOVUPD (BX), Y4
	VMOVUPD 32(BX), Y5
	VMOVUPD 64(BX), Y6
	VMOVUPD 96(BX), Y7

ger2loop:
	VBROADCASTSD (SI), Y8
	VBROADCASTSD (SI)(R11*1), Y9
	VMULPD Y15, Y8, Y8    // dk = x_r[k]·alpha
	VMULPD Y15, Y9, Y9    // x_r[k+1]·alpha
	VMOVUPD (DX), Y10
	VMOVUPD 32(DX), Y11
	VMULPD Y10, Y8, Y12
	VMULPD Y10, Y9, Y13
	VADDPD Y12, Y0, Y0
	VADDPD Y13, Y4, Y4
	VMULPD Y11, Y8, Y12
	VMULPD Y11, Y9, Y13
	VADDPD Y12, Y1, Y1
	VADDPD Y13, Y5, Y5
	VMOVUPD 64(DX), Y10
	VMOVUPD 96(DX), Y11
	VMULPD Y10, Y8, Y12
	VMULPD Y10, Y9, Y13
	VADDPD Y12, Y2, Y2
	VADDPD Y13, Y6, Y6
	VMULPD Y11, Y8, Y12
	VMULPD Y11, Y9, Y13
	VADDPD Y12, Y3, Y3
	VADDPD Y13, Y7, Y7
	ADDQ R8, SI
	ADDQ R9, DX
	DECQ CX
	JNZ  ger2loop

	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VMOVUPD Y4, (BX)
	VMOVUPD Y5, 32(BX)
	VMOVUPD Y6, 64(BX)
	VMOVUPD Y7, 96(BX)
	VZEROUPPER
	RET

// func softmaxCols4Asm(zr unsafe.Pointer, k, ls int, c *consts, m, s unsafe.Pointer)
//
// softmaxSumCols64 for one group of four columns (at zr; the k rows ls
// bytes apart): the maximum in four classes (row kk in class kk mod 4),
// combined as maxLanes combines lanes; exp(z - m) with exp4's operations
// in exp4's order, on the constants at c (offsets checked by
// TestConstsLayout), summed in four classes and combined as sumLanes; then
// z / s. m and s get the four columns' maximum and sum.
TEXT ·softmaxCols4Asm(SB), NOSPLIT, $0-48
	MOVQ zr+0(FP), DI
	MOVQ k+8(FP), CX
	MOVQ ls+16(FP), R9
	MOVQ c+24(FP), R8
	MOVQ m+32(FP), R10
	MOVQ s+40(FP), R13
	LEAQ (R9)(R9*2), R11  // 3·ls
	MOVQ R9, R12
	SHLQ $2, R12          // 4·ls
	MOVQ CX, DX
	ANDQ $3, DX           // k mod 4
	ANDQ $-4, CX          // k rounded down to a multiple of 4

	VPCMPEQQ Y10, Y10, Y10
	VPSLLQ $52, Y10, Y10  // -Inf: 0xfff0000000000000
	VMOVUPD Y10, Y11
	VMOVUPD Y10, Y12
	VMOVUPD Y10, Y13
	MOVQ DI, BX
	MOVQ CX, AX
	TESTQ AX, AX
	JZ   maxtail
maxloop:
	VMOVUPD (BX), Y0
	VCMPPD $0x0e, Y10, Y0, Y9 // v > m
	VBLENDVPD Y9, Y0, Y10, Y10
	VMOVUPD (BX)(R9*1), Y0
	VCMPPD $0x0e, Y11, Y0, Y9 // v > m
	VBLENDVPD Y9, Y0, Y11, Y11
	VMOVUPD (BX)(R9*2), Y0
	VCMPPD $0x0e, Y12, Y0, Y9 // v > m
	VBLENDVPD Y9, Y0, Y12, Y12
	VMOVUPD (BX)(R11*1), Y0
	VCMPPD $0x0e, Y13, Y0, Y9 // v > m
	VBLENDVPD Y9, Y0, Y13, Y13
	ADDQ R12, BX
	SUBQ $4, AX
	JNZ  maxloop
maxtail:
	CMPQ DX, $0
	JEQ  maxdone
	VMOVUPD (BX), Y0
	VCMPPD $0x0e, Y10, Y0, Y9 // v > m
	VBLENDVPD Y9, Y0, Y10, Y10
	CMPQ DX, $1
	JEQ  maxdone
	VMOVUPD (BX)(R9*1), Y0
	VCMPPD $0x0e, Y11, Y0, Y9 // v > m
	VBLENDVPD Y9, Y0, Y11, Y11
	CMPQ DX, $2
	JEQ  maxdone
	VMOVUPD (BX)(R9*2), Y0
	VCMPPD $0x0e, Y12, Y0, Y9 // v > m
	VBLENDVPD Y9, Y0, Y12, Y12
maxdone:
	VCMPPD $0x0e, Y12, Y13, Y9 // max(m2, m3): m3 if m3 > m2
	VBLENDVPD Y9, Y13, Y12, Y12
	VCMPPD $0x0e, Y10, Y11, Y9 // max(m0, m1)
	VBLENDVPD Y9, Y11, Y10, Y10
	VCMPPD $0x0e, Y10, Y12, Y9
	VBLENDVPD Y9, Y12, Y10, Y15 // m

	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	MOVQ DI, BX
	MOVQ CX, AX
	TESTQ AX, AX
	JZ   exptail
exploop:
	VMOVUPD (BX), Y0
	VSUBPD Y15, Y0, Y0 // z - m
	VMAXPD 0(R8), Y0, Y1
	VMINPD 32(R8), Y1, Y1
	VMULPD 64(R8), Y1, Y2
	VADDPD 96(R8), Y2, Y2 // kf
	VSUBPD 96(R8), Y2, Y3 // n
	VMULPD 128(R8), Y3, Y4
	VSUBPD Y4, Y1, Y4 // hi = x - n·ln2Hi
	VMULPD 160(R8), Y3, Y5 // lo
	VSUBPD Y5, Y4, Y6 // r = hi - lo
	VMULPD Y6, Y6, Y7 // r2
	VMULPD Y7, Y7, Y8 // r4
	VMULPD 576(R8), Y6, Y3
	VADDPD 544(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 512(R8), Y6, Y9
	VADDPD 480(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q45
	VMULPD Y9, Y8, Y9 // r4·q45
	VMULPD 448(R8), Y6, Y3
	VADDPD 416(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 384(R8), Y6, Y1
	VADDPD 352(R8), Y1, Y1
	VADDPD Y3, Y1, Y1 // q23
	VADDPD Y9, Y1, Y1 // q23 + r4·q45
	VMULPD Y1, Y8, Y1 // r4·(q23 + r4·q45)
	VMULPD 320(R8), Y6, Y3
	VADDPD 288(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 256(R8), Y6, Y9
	VADDPD 224(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q01
	VADDPD Y1, Y9, Y9 // q
	VADDPD 192(R8), Y4, Y1 // s = 1 + hi
	VMOVUPD 192(R8), Y3
	VSUBPD Y1, Y3, Y3
	VADDPD Y4, Y3, Y3 // e = (1 - s) + hi
	VMULPD Y9, Y7, Y9 // r2·q
	VSUBPD Y9, Y5, Y9 // lo - r2·q
	VSUBPD Y9, Y3, Y3
	VADDPD Y3, Y1, Y1 // y = s + (e - (lo - r2·q))
	VPSRLQ $1, Y2, Y3 // k1 = k >> 1
	VPSUBQ Y3, Y2, Y4 // k - k1
	VPADDQ 608(R8), Y3, Y3
	VPADDQ 608(R8), Y4, Y4
	VPSLLQ $52, Y3, Y3 // 2^⌊n/2⌋
	VPSLLQ $52, Y4, Y4 // 2^⌈n/2⌉
	VMULPD Y3, Y1, Y1
	VMULPD Y4, Y1, Y1
	VCMPPD $3, Y0, Y0, Y3 // NaN lanes return their input
	VBLENDVPD Y3, Y0, Y1, Y1
	VMOVUPD Y1, (BX)
	VADDPD Y1, Y10, Y10
	VMOVUPD (BX)(R9*1), Y0
	VSUBPD Y15, Y0, Y0 // z - m
	VMAXPD 0(R8), Y0, Y1
	VMINPD 32(R8), Y1, Y1
	VMULPD 64(R8), Y1, Y2
	VADDPD 96(R8), Y2, Y2 // kf
	VSUBPD 96(R8), Y2, Y3 // n
	VMULPD 128(R8), Y3, Y4
	VSUBPD Y4, Y1, Y4 // hi = x - n·ln2Hi
	VMULPD 160(R8), Y3, Y5 // lo
	VSUBPD Y5, Y4, Y6 // r = hi - lo
	VMULPD Y6, Y6, Y7 // r2
	VMULPD Y7, Y7, Y8 // r4
	VMULPD 576(R8), Y6, Y3
	VADDPD 544(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 512(R8), Y6, Y9
	VADDPD 480(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q45
	VMULPD Y9, Y8, Y9 // r4·q45
	VMULPD 448(R8), Y6, Y3
	VADDPD 416(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 384(R8), Y6, Y1
	VADDPD 352(R8), Y1, Y1
	VADDPD Y3, Y1, Y1 // q23
	VADDPD Y9, Y1, Y1 // q23 + r4·q45
	VMULPD Y1, Y8, Y1 // r4·(q23 + r4·q45)
	VMULPD 320(R8), Y6, Y3
	VADDPD 288(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 256(R8), Y6, Y9
	VADDPD 224(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q01
	VADDPD Y1, Y9, Y9 // q
	VADDPD 192(R8), Y4, Y1 // s = 1 + hi
	VMOVUPD 192(R8), Y3
	VSUBPD Y1, Y3, Y3
	VADDPD Y4, Y3, Y3 // e = (1 - s) + hi
	VMULPD Y9, Y7, Y9 // r2·q
	VSUBPD Y9, Y5, Y9 // lo - r2·q
	VSUBPD Y9, Y3, Y3
	VADDPD Y3, Y1, Y1 // y = s + (e - (lo - r2·q))
	VPSRLQ $1, Y2, Y3 // k1 = k >> 1
	VPSUBQ Y3, Y2, Y4 // k - k1
	VPADDQ 608(R8), Y3, Y3
	VPADDQ 608(R8), Y4, Y4
	VPSLLQ $52, Y3, Y3 // 2^⌊n/2⌋
	VPSLLQ $52, Y4, Y4 // 2^⌈n/2⌉
	VMULPD Y3, Y1, Y1
	VMULPD Y4, Y1, Y1
	VCMPPD $3, Y0, Y0, Y3 // NaN lanes return their input
	VBLENDVPD Y3, Y0, Y1, Y1
	VMOVUPD Y1, (BX)(R9*1)
	VADDPD Y1, Y11, Y11
	VMOVUPD (BX)(R9*2), Y0
	VSUBPD Y15, Y0, Y0 // z - m
	VMAXPD 0(R8), Y0, Y1
	VMINPD 32(R8), Y1, Y1
	VMULPD 64(R8), Y1, Y2
	VADDPD 96(R8), Y2, Y2 // kf
	VSUBPD 96(R8), Y2, Y3 // n
	VMULPD 128(R8), Y3, Y4
	VSUBPD Y4, Y1, Y4 // hi = x - n·ln2Hi
	VMULPD 160(R8), Y3, Y5 // lo
	VSUBPD Y5, Y4, Y6 // r = hi - lo
	VMULPD Y6, Y6, Y7 // r2
	VMULPD Y7, Y7, Y8 // r4
	VMULPD 576(R8), Y6, Y3
	VADDPD 544(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 512(R8), Y6, Y9
	VADDPD 480(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q45
	VMULPD Y9, Y8, Y9 // r4·q45
	VMULPD 448(R8), Y6, Y3
	VADDPD 416(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 384(R8), Y6, Y1
	VADDPD 352(R8), Y1, Y1
	VADDPD Y3, Y1, Y1 // q23
	VADDPD Y9, Y1, Y1 // q23 + r4·q45
	VMULPD Y1, Y8, Y1 // r4·(q23 + r4·q45)
	VMULPD 320(R8), Y6, Y3
	VADDPD 288(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 256(R8), Y6, Y9
	VADDPD 224(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q01
	VADDPD Y1, Y9, Y9 // q
	VADDPD 192(R8), Y4, Y1 // s = 1 + hi
	VMOVUPD 192(R8), Y3
	VSUBPD Y1, Y3, Y3
	VADDPD Y4, Y3, Y3 // e = (1 - s) + hi
	VMULPD Y9, Y7, Y9 // r2·q
	VSUBPD Y9, Y5, Y9 // lo - r2·q
	VSUBPD Y9, Y3, Y3
	VADDPD Y3, Y1, Y1 // y = s + (e - (lo - r2·q))
	VPSRLQ $1, Y2, Y3 // k1 = k >> 1
	VPSUBQ Y3, Y2, Y4 // k - k1
	VPADDQ 608(R8), Y3, Y3
	VPADDQ 608(R8), Y4, Y4
	VPSLLQ $52, Y3, Y3 // 2^⌊n/2⌋
	VPSLLQ $52, Y4, Y4 // 2^⌈n/2⌉
	VMULPD Y3, Y1, Y1
	VMULPD Y4, Y1, Y1
	VCMPPD $3, Y0, Y0, Y3 // NaN lanes return their input
	VBLENDVPD Y3, Y0, Y1, Y1
	VMOVUPD Y1, (BX)(R9*2)
	VADDPD Y1, Y12, Y12
	VMOVUPD (BX)(R11*1), Y0
	VSUBPD Y15, Y0, Y0 // z - m
	VMAXPD 0(R8), Y0, Y1
	VMINPD 32(R8), Y1, Y1
	VMULPD 64(R8), Y1, Y2
	VADDPD 96(R8), Y2, Y2 // kf
	VSUBPD 96(R8), Y2, Y3 // n
	VMULPD 128(R8), Y3, Y4
	VSUBPD Y4, Y1, Y4 // hi = x - n·ln2Hi
	VMULPD 160(R8), Y3, Y5 // lo
	VSUBPD Y5, Y4, Y6 // r = hi - lo
	VMULPD Y6, Y6, Y7 // r2
	VMULPD Y7, Y7, Y8 // r4
	VMULPD 576(R8), Y6, Y3
	VADDPD 544(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 512(R8), Y6, Y9
	VADDPD 480(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q45
	VMULPD Y9, Y8, Y9 // r4·q45
	VMULPD 448(R8), Y6, Y3
	VADDPD 416(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 384(R8), Y6, Y1
	VADDPD 352(R8), Y1, Y1
	VADDPD Y3, Y1, Y1 // q23
	VADDPD Y9, Y1, Y1 // q23 + r4·q45
	VMULPD Y1, Y8, Y1 // r4·(q23 + r4·q45)
	VMULPD 320(R8), Y6, Y3
	VADDPD 288(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 256(R8), Y6, Y9
	VADDPD 224(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q01
	VADDPD Y1, Y9, Y9 // q
	VADDPD 192(R8), Y4, Y1 // s = 1 + hi
	VMOVUPD 192(R8), Y3
	VSUBPD Y1, Y3, Y3
	VADDPD Y4, Y3, Y3 // e = (1 - s) + hi
	VMULPD Y9, Y7, Y9 // r2·q
	VSUBPD Y9, Y5, Y9 // lo - r2·q
	VSUBPD Y9, Y3, Y3
	VADDPD Y3, Y1, Y1 // y = s + (e - (lo - r2·q))
	VPSRLQ $1, Y2, Y3 // k1 = k >> 1
	VPSUBQ Y3, Y2, Y4 // k - k1
	VPADDQ 608(R8), Y3, Y3
	VPADDQ 608(R8), Y4, Y4
	VPSLLQ $52, Y3, Y3 // 2^⌊n/2⌋
	VPSLLQ $52, Y4, Y4 // 2^⌈n/2⌉
	VMULPD Y3, Y1, Y1
	VMULPD Y4, Y1, Y1
	VCMPPD $3, Y0, Y0, Y3 // NaN lanes return their input
	VBLENDVPD Y3, Y0, Y1, Y1
	VMOVUPD Y1, (BX)(R11*1)
	VADDPD Y1, Y13, Y13
	ADDQ R12, BX
	SUBQ $4, AX
	JNZ  exploop
exptail:
	CMPQ DX, $0
	JEQ  expdone
	VMOVUPD (BX), Y0
	VSUBPD Y15, Y0, Y0 // z - m
	VMAXPD 0(R8), Y0, Y1
	VMINPD 32(R8), Y1, Y1
	VMULPD 64(R8), Y1, Y2
	VADDPD 96(R8), Y2, Y2 // kf
	VSUBPD 96(R8), Y2, Y3 // n
	VMULPD 128(R8), Y3, Y4
	VSUBPD Y4, Y1, Y4 // hi = x - n·ln2Hi
	VMULPD 160(R8), Y3, Y5 // lo
	VSUBPD Y5, Y4, Y6 // r = hi - lo
	VMULPD Y6, Y6, Y7 // r2
	VMULPD Y7, Y7, Y8 // r4
	VMULPD 576(R8), Y6, Y3
	VADDPD 544(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 512(R8), Y6, Y9
	VADDPD 480(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q45
	VMULPD Y9, Y8, Y9 // r4·q45
	VMULPD 448(R8), Y6, Y3
	VADDPD 416(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 384(R8), Y6, Y1
	VADDPD 352(R8), Y1, Y1
	VADDPD Y3, Y1, Y1 // q23
	VADDPD Y9, Y1, Y1 // q23 + r4·q45
	VMULPD Y1, Y8, Y1 // r4·(q23 + r4·q45)
	VMULPD 320(R8), Y6, Y3
	VADDPD 288(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 256(R8), Y6, Y9
	VADDPD 224(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q01
	VADDPD Y1, Y9, Y9 // q
	VADDPD 192(R8), Y4, Y1 // s = 1 + hi
	VMOVUPD 192(R8), Y3
	VSUBPD Y1, Y3, Y3
	VADDPD Y4, Y3, Y3 // e = (1 - s) + hi
	VMULPD Y9, Y7, Y9 // r2·q
	VSUBPD Y9, Y5, Y9 // lo - r2·q
	VSUBPD Y9, Y3, Y3
	VADDPD Y3, Y1, Y1 // y = s + (e - (lo - r2·q))
	VPSRLQ $1, Y2, Y3 // k1 = k >> 1
	VPSUBQ Y3, Y2, Y4 // k - k1
	VPADDQ 608(R8), Y3, Y3
	VPADDQ 608(R8), Y4, Y4
	VPSLLQ $52, Y3, Y3 // 2^⌊n/2⌋
	VPSLLQ $52, Y4, Y4 // 2^⌈n/2⌉
	VMULPD Y3, Y1, Y1
	VMULPD Y4, Y1, Y1
	VCMPPD $3, Y0, Y0, Y3 // NaN lanes return their input
	VBLENDVPD Y3, Y0, Y1, Y1
	VMOVUPD Y1, (BX)
	VADDPD Y1, Y10, Y10
	CMPQ DX, $1
	JEQ  expdone
	VMOVUPD (BX)(R9*1), Y0
	VSUBPD Y15, Y0, Y0 // z - m
	VMAXPD 0(R8), Y0, Y1
	VMINPD 32(R8), Y1, Y1
	VMULPD 64(R8), Y1, Y2
	VADDPD 96(R8), Y2, Y2 // kf
	VSUBPD 96(R8), Y2, Y3 // n
	VMULPD 128(R8), Y3, Y4
	VSUBPD Y4, Y1, Y4 // hi = x - n·ln2Hi
	VMULPD 160(R8), Y3, Y5 // lo
	VSUBPD Y5, Y4, Y6 // r = hi - lo
	VMULPD Y6, Y6, Y7 // r2
	VMULPD Y7, Y7, Y8 // r4
	VMULPD 576(R8), Y6, Y3
	VADDPD 544(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 512(R8), Y6, Y9
	VADDPD 480(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q45
	VMULPD Y9, Y8, Y9 // r4·q45
	VMULPD 448(R8), Y6, Y3
	VADDPD 416(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 384(R8), Y6, Y1
	VADDPD 352(R8), Y1, Y1
	VADDPD Y3, Y1, Y1 // q23
	VADDPD Y9, Y1, Y1 // q23 + r4·q45
	VMULPD Y1, Y8, Y1 // r4·(q23 + r4·q45)
	VMULPD 320(R8), Y6, Y3
	VADDPD 288(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 256(R8), Y6, Y9
	VADDPD 224(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q01
	VADDPD Y1, Y9, Y9 // q
	VADDPD 192(R8), Y4, Y1 // s = 1 + hi
	VMOVUPD 192(R8), Y3
	VSUBPD Y1, Y3, Y3
	VADDPD Y4, Y3, Y3 // e = (1 - s) + hi
	VMULPD Y9, Y7, Y9 // r2·q
	VSUBPD Y9, Y5, Y9 // lo - r2·q
	VSUBPD Y9, Y3, Y3
	VADDPD Y3, Y1, Y1 // y = s + (e - (lo - r2·q))
	VPSRLQ $1, Y2, Y3 // k1 = k >> 1
	VPSUBQ Y3, Y2, Y4 // k - k1
	VPADDQ 608(R8), Y3, Y3
	VPADDQ 608(R8), Y4, Y4
	VPSLLQ $52, Y3, Y3 // 2^⌊n/2⌋
	VPSLLQ $52, Y4, Y4 // 2^⌈n/2⌉
	VMULPD Y3, Y1, Y1
	VMULPD Y4, Y1, Y1
	VCMPPD $3, Y0, Y0, Y3 // NaN lanes return their input
	VBLENDVPD Y3, Y0, Y1, Y1
	VMOVUPD Y1, (BX)(R9*1)
	VADDPD Y1, Y11, Y11
	CMPQ DX, $2
	JEQ  expdone
	VMOVUPD (BX)(R9*2), Y0
	VSUBPD Y15, Y0, Y0 // z - m
	VMAXPD 0(R8), Y0, Y1
	VMINPD 32(R8), Y1, Y1
	VMULPD 64(R8), Y1, Y2
	VADDPD 96(R8), Y2, Y2 // kf
	VSUBPD 96(R8), Y2, Y3 // n
	VMULPD 128(R8), Y3, Y4
	VSUBPD Y4, Y1, Y4 // hi = x - n·ln2Hi
	VMULPD 160(R8), Y3, Y5 // lo
	VSUBPD Y5, Y4, Y6 // r = hi - lo
	VMULPD Y6, Y6, Y7 // r2
	VMULPD Y7, Y7, Y8 // r4
	VMULPD 576(R8), Y6, Y3
	VADDPD 544(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 512(R8), Y6, Y9
	VADDPD 480(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q45
	VMULPD Y9, Y8, Y9 // r4·q45
	VMULPD 448(R8), Y6, Y3
	VADDPD 416(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 384(R8), Y6, Y1
	VADDPD 352(R8), Y1, Y1
	VADDPD Y3, Y1, Y1 // q23
	VADDPD Y9, Y1, Y1 // q23 + r4·q45
	VMULPD Y1, Y8, Y1 // r4·(q23 + r4·q45)
	VMULPD 320(R8), Y6, Y3
	VADDPD 288(R8), Y3, Y3
	VMULPD Y7, Y3, Y3
	VMULPD 256(R8), Y6, Y9
	VADDPD 224(R8), Y9, Y9
	VADDPD Y3, Y9, Y9 // q01
	VADDPD Y1, Y9, Y9 // q
	VADDPD 192(R8), Y4, Y1 // s = 1 + hi
	VMOVUPD 192(R8), Y3
	VSUBPD Y1, Y3, Y3
	VADDPD Y4, Y3, Y3 // e = (1 - s) + hi
	VMULPD Y9, Y7, Y9 // r2·q
	VSUBPD Y9, Y5, Y9 // lo - r2·q
	VSUBPD Y9, Y3, Y3
	VADDPD Y3, Y1, Y1 // y = s + (e - (lo - r2·q))
	VPSRLQ $1, Y2, Y3 // k1 = k >> 1
	VPSUBQ Y3, Y2, Y4 // k - k1
	VPADDQ 608(R8), Y3, Y3
	VPADDQ 608(R8), Y4, Y4
	VPSLLQ $52, Y3, Y3 // 2^⌊n/2⌋
	VPSLLQ $52, Y4, Y4 // 2^⌈n/2⌉
	VMULPD Y3, Y1, Y1
	VMULPD Y4, Y1, Y1
	VCMPPD $3, Y0, Y0, Y3 // NaN lanes return their input
	VBLENDVPD Y3, Y0, Y1, Y1
	VMOVUPD Y1, (BX)(R9*2)
	VADDPD Y1, Y12, Y12
expdone:
	VADDPD Y11, Y10, Y14 // s0 + s1
	VADDPD Y13, Y12, Y9 // s2 + s3
	VADDPD Y9, Y14, Y14 // s

	MOVQ DI, BX
	ADDQ CX, DX // k
	TESTQ DX, DX
	JZ   divdone
divloop:
	VMOVUPD (BX), Y0
	VDIVPD Y14, Y0, Y0
	VMOVUPD Y0, (BX)
	ADDQ R9, BX
	DECQ DX
	JNZ  divloop
divdone:
	VMOVUPD Y15, (R10)
	VMOVUPD Y14, (R13)
	VZEROUPPER
	RET
