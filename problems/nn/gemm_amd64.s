//go:build goexperiment.simd && amd64

#include "textflag.h"
#include "gemm_block_amd64.h"

// The register-blocked AVX2+FMA micro-kernels of gemmAVX2 (gemm_simd.go).
// Go's compiler lowers archsimd's MulAdd only to VFMADD213PD, which
// overwrites a multiplicand, so a 6×8 block written in Go spent a third of
// its instructions on register copies and spills; here each FMA is
// VFMADD231PD into its accumulator.
//
// Arithmetic (the same as gemmFMARef in gemm_fma_test.go, bit for bit): each
// of the block's C elements is the chain s = A(r,p)·B(p,j) + s over
// p = 0…k−1 from s = +0, then c + s when accumulate is set.
//
// Arguments (strides in bytes): k ≥ 1 steps; a points at A(0, 0) of the
// block, A(r, p) at a + r·rs + p·cs; b at B(0, 0), B(p, j) at b + p·ldb + 8j;
// c at C(0, 0), C(r, j) at c + r·ldc + 8j. The kernels end with VZEROUPPER,
// so the ABI wrapper's scalar code after the call and the caller's scalar
// code run with the upper state clean (FINDINGS.md). Y15 is not used.

// func kern6x8asm(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, init unsafe.Pointer, ldi int)
//
// With init ≠ nil the accumulators start from the block stored at init (row
// stride ldi bytes) instead of +0: a chain over k split into chunks, each
// chunk's partial sums stored and continued by the next, is bit for bit the
// whole chain.
TEXT ·kern6x8asm(SB), NOSPLIT, $0-88
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R8
	MOVQ cs+24(FP), R9
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R10
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R11
	LEAQ (R8)(R8*2), R12   // 3·rs
	LEAQ (SI)(R8*4), R13   // row 4 of A
	MOVQ init+72(FP), AX
	TESTQ AX, AX
	JZ   zero6
	MOVQ ldi+80(FP), BX    // continue the chains stored at init
	BLOCK_INIT6(VMOVUPD)
	JMP  loop6

zero6:
	BLOCK_ZERO6(VXORPD)

loop6:
	BLOCK_STEP6(VMOVUPD, VBROADCASTSD, VFMADD231PD, DI)
	ADDQ R9, SI
	ADDQ R9, R13
	ADDQ R10, DI
	DECQ CX
	JNZ  loop6

	LEAQ (R11)(R11*2), R12
	LEAQ (DX)(R11*4), R13
	MOVBLZX accumulate+64(FP), AX
	TESTB AL, AL
	JZ    store6
	BLOCK_ADDC6(VADDPD)

store6:
	BLOCK_STOREC6(VMOVUPD)
	VZEROUPPER
	RET

// func kern4x8asm(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, init unsafe.Pointer, ldi int)
TEXT ·kern4x8asm(SB), NOSPLIT, $0-88
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R8
	MOVQ cs+24(FP), R9
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R10
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R11
	LEAQ (R8)(R8*2), R12   // 3·rs
	MOVQ init+72(FP), AX
	TESTQ AX, AX
	JZ   zero4
	MOVQ ldi+80(FP), BX    // continue the chains stored at init
	BLOCK_INIT4(VMOVUPD)
	JMP  loop4

zero4:
	BLOCK_ZERO4(VXORPD)

loop4:
	BLOCK_STEP4(VMOVUPD, VBROADCASTSD, VFMADD231PD, DI)
	ADDQ R9, SI
	ADDQ R10, DI
	DECQ CX
	JNZ  loop4

	LEAQ (R11)(R11*2), R12
	MOVBLZX accumulate+64(FP), AX
	TESTB AL, AL
	JZ    store4
	BLOCK_ADDC4(VADDPD)

store4:
	BLOCK_STOREC4(VMOVUPD)
	VZEROUPPER
	RET

// func transpose4asm(dst unsafe.Pointer, ldd int, src unsafe.Pointer, lds int, cols int)
//
// Transposes a strip of 4 source rows: for j < cols (a positive multiple of
// 4), dst row j gets the 4 values src(0…3, j): dst + j·ldd + 8r ← src + r·lds
// + 8j (strides in bytes). Each 4×4 block is 4 loads, VUNPCKLPD/VUNPCKHPD and
// VPERM2F128, 4 stores: a pure permutation, the values are moved unchanged.
TEXT ·transpose4asm(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), R8
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R9
	MOVQ cols+32(FP), CX
	SHRQ $2, CX
	LEAQ (R9)(R9*2), R10 // 3·lds
	LEAQ (R8)(R8*2), R11 // 3·ldd

tloop:
	VMOVUPD (SI), Y0         // r0
	VMOVUPD (SI)(R9*1), Y1   // r1
	VMOVUPD (SI)(R9*2), Y2   // r2
	VMOVUPD (SI)(R10*1), Y3  // r3
	VUNPCKLPD Y1, Y0, Y4     // r0[0] r1[0] r0[2] r1[2]
	VUNPCKHPD Y1, Y0, Y5     // r0[1] r1[1] r0[3] r1[3]
	VUNPCKLPD Y3, Y2, Y6     // r2[0] r3[0] r2[2] r3[2]
	VUNPCKHPD Y3, Y2, Y7     // r2[1] r3[1] r2[3] r3[3]
	VPERM2F128 $0x20, Y6, Y4, Y0 // column 0
	VPERM2F128 $0x20, Y7, Y5, Y1 // column 1
	VPERM2F128 $0x31, Y6, Y4, Y2 // column 2
	VPERM2F128 $0x31, Y7, Y5, Y3 // column 3
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, (DI)(R8*1)
	VMOVUPD Y2, (DI)(R8*2)
	VMOVUPD Y3, (DI)(R11*1)
	ADDQ $32, SI
	LEAQ (DI)(R8*4), DI
	DECQ CX
	JNZ  tloop
	VZEROUPPER
	RET

// func kern6x4mAsm(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, mask unsafe.Pointer)
//
// kern6x8asm for 6 rows × the first 1…4 of 4 columns, the lanes selected by
// the 4 int64 lane masks at mask (−1: on): B and C are read with VMASKMOVPD
// (lanes off read as 0 and never fault) and C written with VMASKMOVPD, so
// nothing outside the block is touched.
TEXT ·kern6x4mAsm(SB), NOSPLIT, $0-80
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R8
	MOVQ cs+24(FP), R9
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R10
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R11
	MOVQ mask+72(FP), AX
	VMOVDQU (AX), Y14
	LEAQ (R8)(R8*2), R12
	LEAQ (SI)(R8*4), R13
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5

loop6m:
	VMASKMOVPD (DI), Y14, Y12
	VBROADCASTSD (SI), Y13
	VFMADD231PD Y12, Y13, Y0
	VBROADCASTSD (SI)(R8*1), Y13
	VFMADD231PD Y12, Y13, Y1
	VBROADCASTSD (SI)(R8*2), Y13
	VFMADD231PD Y12, Y13, Y2
	VBROADCASTSD (SI)(R12*1), Y13
	VFMADD231PD Y12, Y13, Y3
	VBROADCASTSD (R13), Y13
	VFMADD231PD Y12, Y13, Y4
	VBROADCASTSD (R13)(R8*1), Y13
	VFMADD231PD Y12, Y13, Y5
	ADDQ R9, SI
	ADDQ R9, R13
	ADDQ R10, DI
	DECQ CX
	JNZ  loop6m

	LEAQ (R11)(R11*2), R12
	LEAQ (DX)(R11*4), R13
	MOVBLZX accumulate+64(FP), AX
	TESTB AL, AL
	JZ    store6m
	VMASKMOVPD (DX), Y14, Y6
	VADDPD Y6, Y0, Y0
	VMASKMOVPD (DX)(R11*1), Y14, Y6
	VADDPD Y6, Y1, Y1
	VMASKMOVPD (DX)(R11*2), Y14, Y6
	VADDPD Y6, Y2, Y2
	VMASKMOVPD (DX)(R12*1), Y14, Y6
	VADDPD Y6, Y3, Y3
	VMASKMOVPD (R13), Y14, Y6
	VADDPD Y6, Y4, Y4
	VMASKMOVPD (R13)(R11*1), Y14, Y6
	VADDPD Y6, Y5, Y5

store6m:
	VMASKMOVPD Y0, Y14, (DX)
	VMASKMOVPD Y1, Y14, (DX)(R11*1)
	VMASKMOVPD Y2, Y14, (DX)(R11*2)
	VMASKMOVPD Y3, Y14, (DX)(R12*1)
	VMASKMOVPD Y4, Y14, (R13)
	VMASKMOVPD Y5, Y14, (R13)(R11*1)
	VZEROUPPER
	RET

// func kern1x4mAsm(k int, a unsafe.Pointer, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, accumulate bool, mask unsafe.Pointer)
//
// kern6x4mAsm for one row: the first 1…4 of 4 columns of one row of C, the
// same FMA chain per element (s = a·b + s over k from +0, then s + c when
// accumulating), B and C read and C written with VMASKMOVPD. k ≥ 1, as for
// kern6x4mAsm (gemmAVX2 returns before any kernel when k = 0).
TEXT ·kern1x4mAsm(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ cs+16(FP), R9
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R10
	MOVQ c+40(FP), DX
	MOVQ mask+56(FP), AX
	VMOVDQU (AX), Y14
	VXORPD Y0, Y0, Y0

loop1m:
	VMASKMOVPD (DI), Y14, Y12
	VBROADCASTSD (SI), Y13
	VFMADD231PD Y12, Y13, Y0
	ADDQ R9, SI
	ADDQ R10, DI
	DECQ CX
	JNZ  loop1m

	MOVBLZX accumulate+48(FP), AX
	TESTB AL, AL
	JZ    store1m
	VMASKMOVPD (DX), Y14, Y6
	VADDPD Y6, Y0, Y0

store1m:
	VMASKMOVPD Y0, Y14, (DX)
	VZEROUPPER
	RET

// func transpose8asm(dst unsafe.Pointer, ldd int, src unsafe.Pointer, lds int, cols int)
//
// transpose4asm for a strip of 8 source rows: dst row j gets the 8 values
// src(0…7, j), written as 64 contiguous bytes (a whole cache line when
// aligned) instead of two halves written at different times.
TEXT ·transpose8asm(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), R8
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R9
	MOVQ cols+32(FP), CX
	SHRQ $2, CX
	LEAQ (R9)(R9*2), R10 // 3·lds
	LEAQ (R8)(R8*2), R11 // 3·ldd
	LEAQ (SI)(R9*4), R12 // row 4

t8loop:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R9*1), Y1
	VMOVUPD (SI)(R9*2), Y2
	VMOVUPD (SI)(R10*1), Y3
	VUNPCKLPD Y1, Y0, Y4
	VUNPCKHPD Y1, Y0, Y5
	VUNPCKLPD Y3, Y2, Y6
	VUNPCKHPD Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0 // column 0, rows 0–3
	VPERM2F128 $0x20, Y7, Y5, Y1 // column 1
	VPERM2F128 $0x31, Y6, Y4, Y2 // column 2
	VPERM2F128 $0x31, Y7, Y5, Y3 // column 3
	VMOVUPD (R12), Y8
	VMOVUPD (R12)(R9*1), Y9
	VMOVUPD (R12)(R9*2), Y10
	VMOVUPD (R12)(R10*1), Y11
	VUNPCKLPD Y9, Y8, Y4
	VUNPCKHPD Y9, Y8, Y5
	VUNPCKLPD Y11, Y10, Y6
	VUNPCKHPD Y11, Y10, Y7
	VPERM2F128 $0x20, Y6, Y4, Y8  // column 0, rows 4–7
	VPERM2F128 $0x20, Y7, Y5, Y9  // column 1
	VPERM2F128 $0x31, Y6, Y4, Y10 // column 2
	VPERM2F128 $0x31, Y7, Y5, Y11 // column 3
	VMOVUPD Y0, (DI)
	VMOVUPD Y8, 32(DI)
	VMOVUPD Y1, (DI)(R8*1)
	VMOVUPD Y9, 32(DI)(R8*1)
	VMOVUPD Y2, (DI)(R8*2)
	VMOVUPD Y10, 32(DI)(R8*2)
	VMOVUPD Y3, (DI)(R11*1)
	VMOVUPD Y11, 32(DI)(R11*1)
	ADDQ $32, SI
	ADDQ $32, R12
	LEAQ (DI)(R8*4), DI
	DECQ CX
	JNZ  t8loop
	VZEROUPPER
	RET

// func prefetchRows(p unsafe.Pointer, rows, stride, n int)
//
// PREFETCHT0 of the first n bytes (rounded out to 64-byte lines) of rows
// rows stride bytes apart from p: a hint, no architectural effect.
TEXT ·prefetchRows(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), SI
	MOVQ rows+8(FP), BX
	MOVQ stride+16(FP), R8
	MOVQ n+24(FP), DX
	TESTQ BX, BX
	JZ   prdone

prrow:
	MOVQ SI, AX
	LEAQ (SI)(DX*1), CX

prline:
	PREFETCHT0 (AX)
	ADDQ $64, AX
	CMPQ AX, CX
	JLT  prline
	ADDQ R8, SI
	DECQ BX
	JNZ  prrow

prdone:
	RET

// func kern6x8strip(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, panels int, next unsafe.Pointer)
//
// kern6x8asm over a whole strip: panels blocks of 6×8 side by side (B
// and C advance by 8 columns per block), one call per strip, each block the
// same FMA chains as kern6x8asm's. Before each block it prefetches the
// 6 lines of the block of C that the next strip (rows at next, row stride
// ldc; nil for none) writes in the same columns.
TEXT ·kern6x8strip(SB), NOSPLIT, $0-88
	MOVQ a+8(FP), BX
	MOVQ rs+16(FP), R8
	MOVQ cs+24(FP), R9
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R10
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R11
	MOVQ panels+72(FP), R14
	MOVQ next+80(FP), R15

kern6x8stripblk:
	TESTQ R15, R15
	JZ   kern6x8stripnopf
	STRIP_PREFETCH6
	ADDQ $64, R15

kern6x8stripnopf:
	MOVQ k+0(FP), CX
	MOVQ BX, SI
	LEAQ (R8)(R8*2), R12
	LEAQ (SI)(R8*4), R13
	MOVQ DI, AX
	BLOCK_ZERO6(VXORPD)

kern6x8striploop:
	BLOCK_STEP6(VMOVUPD, VBROADCASTSD, VFMADD231PD, AX)
	ADDQ R9, SI
	ADDQ R9, R13
	ADDQ R10, AX
	DECQ CX
	JNZ  kern6x8striploop

	LEAQ (R11)(R11*2), R12
	LEAQ (DX)(R11*4), R13
	MOVBLZX accumulate+64(FP), AX
	TESTB AL, AL
	JZ    kern6x8stripst
	BLOCK_ADDC6(VADDPD)

kern6x8stripst:
	BLOCK_STOREC6(VMOVUPD)
	ADDQ $64, DI
	ADDQ $64, DX
	DECQ R14
	JNZ  kern6x8stripblk
	VZEROUPPER
	RET

// func kern4x8strip(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, panels int, next unsafe.Pointer)
//
// kern4x8asm over a whole strip: panels blocks of 4×8 side by side (B
// and C advance by 8 columns per block), one call per strip, each block the
// same FMA chains as kern4x8asm's. Before each block it prefetches the
// 4 lines of the block of C that the next strip (rows at next, row stride
// ldc; nil for none) writes in the same columns.
TEXT ·kern4x8strip(SB), NOSPLIT, $0-88
	MOVQ a+8(FP), BX
	MOVQ rs+16(FP), R8
	MOVQ cs+24(FP), R9
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R10
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R11
	MOVQ panels+72(FP), R14
	MOVQ next+80(FP), R15

kern4x8stripblk:
	TESTQ R15, R15
	JZ   kern4x8stripnopf
	STRIP_PREFETCH4
	ADDQ $64, R15

kern4x8stripnopf:
	MOVQ k+0(FP), CX
	MOVQ BX, SI
	LEAQ (R8)(R8*2), R12
	MOVQ DI, AX
	BLOCK_ZERO4(VXORPD)

kern4x8striploop:
	BLOCK_STEP4(VMOVUPD, VBROADCASTSD, VFMADD231PD, AX)
	ADDQ R9, SI
	ADDQ R10, AX
	DECQ CX
	JNZ  kern4x8striploop

	LEAQ (R11)(R11*2), R12
	MOVBLZX accumulate+64(FP), AX
	TESTB AL, AL
	JZ    kern4x8stripst
	BLOCK_ADDC4(VADDPD)

kern4x8stripst:
	BLOCK_STOREC4(VMOVUPD)
	ADDQ $64, DI
	ADDQ $64, DX
	DECQ R14
	JNZ  kern4x8stripblk
	VZEROUPPER
	RET
