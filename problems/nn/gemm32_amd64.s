//go:build goexperiment.simd && amd64

#include "textflag.h"
#include "gemm_block_amd64.h"

// The float32 AVX2+FMA micro-kernels of gemmAVX2F32 (gemm32_simd.go): the
// float64 kernels of gemm_amd64.s with 8 float32 lanes per register, so a
// 6×16 block of C in twelve accumulators. Each C element is the FMA chain
// s = A(r,p)·B(p,j) + s over p = 0…k−1 from s = +0 (or from the value at
// init), then c + s when accumulate is set, whatever the blocking. Strides
// are in bytes; the kernels end with VZEROUPPER.

// func kern6x16s(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, init unsafe.Pointer, ldi int)
TEXT ·kern6x16s(SB), NOSPLIT, $0-88
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
	JZ   zero6s
	MOVQ ldi+80(FP), BX
	BLOCK_INIT6(VMOVUPS)
	JMP  loop6s

zero6s:
	BLOCK_ZERO6(VXORPS)

loop6s:
	BLOCK_STEP6(VMOVUPS, VBROADCASTSS, VFMADD231PS, DI)
	ADDQ R9, SI
	ADDQ R9, R13
	ADDQ R10, DI
	DECQ CX
	JNZ  loop6s

	LEAQ (R11)(R11*2), R12
	LEAQ (DX)(R11*4), R13
	MOVBLZX accumulate+64(FP), AX
	TESTB AL, AL
	JZ    store6s
	BLOCK_ADDC6(VADDPS)

store6s:
	BLOCK_STOREC6(VMOVUPS)
	VZEROUPPER
	RET

// func kern4x16s(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, init unsafe.Pointer, ldi int)
TEXT ·kern4x16s(SB), NOSPLIT, $0-88
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R8
	MOVQ cs+24(FP), R9
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R10
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R11
	LEAQ (R8)(R8*2), R12
	MOVQ init+72(FP), AX
	TESTQ AX, AX
	JZ   zero4s
	MOVQ ldi+80(FP), BX
	BLOCK_INIT4(VMOVUPS)
	JMP  loop4s

zero4s:
	BLOCK_ZERO4(VXORPS)

loop4s:
	BLOCK_STEP4(VMOVUPS, VBROADCASTSS, VFMADD231PS, DI)
	ADDQ R9, SI
	ADDQ R10, DI
	DECQ CX
	JNZ  loop4s

	LEAQ (R11)(R11*2), R12
	MOVBLZX accumulate+64(FP), AX
	TESTB AL, AL
	JZ    store4s
	BLOCK_ADDC4(VADDPS)

store4s:
	BLOCK_STOREC4(VMOVUPS)
	VZEROUPPER
	RET

// func kern1x16s(k int, a unsafe.Pointer, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, accumulate bool)
//
// One row of 16 columns (two accumulators: one chain per element).
TEXT ·kern1x16s(SB), NOSPLIT, $0-49
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ cs+16(FP), R9
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R10
	MOVQ c+40(FP), DX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1

loop1s:
	VBROADCASTSS (SI), Y14
	VFMADD231PS (DI), Y14, Y0
	VFMADD231PS 32(DI), Y14, Y1
	ADDQ R9, SI
	ADDQ R10, DI
	DECQ CX
	JNZ  loop1s

	MOVBLZX accumulate+48(FP), AX
	TESTB AL, AL
	JZ    store1s
	VADDPS (DX), Y0, Y0
	VADDPS 32(DX), Y1, Y1

store1s:
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	VZEROUPPER
	RET

// func kern6x8ms(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, mask unsafe.Pointer)
//
// 6 rows × the first 1…8 of 8 columns, the lanes chosen by the 8 int32
// masks at mask: B and C are read and C written with VMASKMOVPS, so nothing
// outside the block is touched.
TEXT ·kern6x8ms(SB), NOSPLIT, $0-80
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R8
	MOVQ cs+24(FP), R9
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R10
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R11
	MOVQ mask+72(FP), AX
	VMOVDQU (AX), Y15
	LEAQ (R8)(R8*2), R12
	LEAQ (SI)(R8*4), R13
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5

loop6ms:
	VMASKMOVPS (DI), Y15, Y12
	VBROADCASTSS (SI), Y13
	VFMADD231PS Y12, Y13, Y0
	VBROADCASTSS (SI)(R8*1), Y13
	VFMADD231PS Y12, Y13, Y1
	VBROADCASTSS (SI)(R8*2), Y13
	VFMADD231PS Y12, Y13, Y2
	VBROADCASTSS (SI)(R12*1), Y13
	VFMADD231PS Y12, Y13, Y3
	VBROADCASTSS (R13), Y13
	VFMADD231PS Y12, Y13, Y4
	VBROADCASTSS (R13)(R8*1), Y13
	VFMADD231PS Y12, Y13, Y5
	ADDQ R9, SI
	ADDQ R9, R13
	ADDQ R10, DI
	DECQ CX
	JNZ  loop6ms

	LEAQ (R11)(R11*2), R12
	LEAQ (DX)(R11*4), R13
	MOVBLZX accumulate+64(FP), AX
	TESTB AL, AL
	JZ    store6ms
	VMASKMOVPS (DX), Y15, Y6
	VADDPS Y6, Y0, Y0
	VMASKMOVPS (DX)(R11*1), Y15, Y6
	VADDPS Y6, Y1, Y1
	VMASKMOVPS (DX)(R11*2), Y15, Y6
	VADDPS Y6, Y2, Y2
	VMASKMOVPS (DX)(R12*1), Y15, Y6
	VADDPS Y6, Y3, Y3
	VMASKMOVPS (R13), Y15, Y6
	VADDPS Y6, Y4, Y4
	VMASKMOVPS (R13)(R11*1), Y15, Y6
	VADDPS Y6, Y5, Y5

store6ms:
	VMASKMOVPS Y0, Y15, (DX)
	VMASKMOVPS Y1, Y15, (DX)(R11*1)
	VMASKMOVPS Y2, Y15, (DX)(R11*2)
	VMASKMOVPS Y3, Y15, (DX)(R12*1)
	VMASKMOVPS Y4, Y15, (R13)
	VMASKMOVPS Y5, Y15, (R13)(R11*1)
	VZEROUPPER
	RET

// func kern1x8ms(k int, a unsafe.Pointer, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, accumulate bool, mask unsafe.Pointer)
//
// kern6x8ms for one row.
TEXT ·kern1x8ms(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ cs+16(FP), R9
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R10
	MOVQ c+40(FP), DX
	MOVQ mask+56(FP), AX
	VMOVDQU (AX), Y15
	VXORPS Y0, Y0, Y0

loop1ms:
	VMASKMOVPS (DI), Y15, Y12
	VBROADCASTSS (SI), Y13
	VFMADD231PS Y12, Y13, Y0
	ADDQ R9, SI
	ADDQ R10, DI
	DECQ CX
	JNZ  loop1ms

	MOVBLZX accumulate+48(FP), AX
	TESTB AL, AL
	JZ    store1ms
	VMASKMOVPS (DX), Y15, Y6
	VADDPS Y6, Y0, Y0

store1ms:
	VMASKMOVPS Y0, Y15, (DX)
	VZEROUPPER
	RET

// func kern6x16strip(k int, a unsafe.Pointer, rs, cs int, b unsafe.Pointer, ldb int, c unsafe.Pointer, ldc int, accumulate bool, panels int, next unsafe.Pointer)
//
// kern6x16s over a whole strip: panels blocks of 6×16 side by side (B and C
// advance by 16 columns per block), so that the strip costs one call. At
// the start of each block it prefetches the 6 lines of the block of C that
// the next strip (rows at next, row stride ldc; nil for none) writes in the
// same columns.
TEXT ·kern6x16strip(SB), NOSPLIT, $0-88
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R8
	MOVQ cs+24(FP), R9
	MOVQ b+32(FP), DI
	MOVQ ldb+40(FP), R10
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R11
	MOVQ panels+72(FP), R14
	MOVQ next+80(FP), R15
	MOVQ SI, BX             // A of the strip

sblock:
	TESTQ R15, R15
	JZ   snopf
	STRIP_PREFETCH6
	ADDQ $64, R15

snopf:
	MOVQ k+0(FP), CX
	MOVQ BX, SI
	LEAQ (R8)(R8*2), R12
	LEAQ (SI)(R8*4), R13
	MOVQ DI, AX             // B of this block
	BLOCK_ZERO6(VXORPS)

sloop:
	BLOCK_STEP6(VMOVUPS, VBROADCASTSS, VFMADD231PS, AX)
	ADDQ R9, SI
	ADDQ R9, R13
	ADDQ R10, AX
	DECQ CX
	JNZ  sloop

	LEAQ (R11)(R11*2), R12
	LEAQ (DX)(R11*4), R13
	MOVBLZX accumulate+64(FP), AX
	TESTB AL, AL
	JZ    sstore
	BLOCK_ADDC6(VADDPS)

sstore:
	BLOCK_STOREC6(VMOVUPS)
	ADDQ $64, DI            // next 16 columns of B
	ADDQ $64, DX            // and of C
	DECQ R14
	JNZ  sblock
	VZEROUPPER
	RET

// func transpose8x8s(dst unsafe.Pointer, ldd int, src unsafe.Pointer, lds int, cols int)
//
// Transposes a strip of 8 float32 source rows: for j < cols (a positive
// multiple of 8), dst row j gets the 8 values src(0…7, j): dst + j·ldd + 4r
// ← src + r·lds + 4j (strides in bytes). Each 8×8 block is 8 loads, three
// rounds of shuffles, 8 stores: a permutation, the values move unchanged.
TEXT ·transpose8x8s(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), R8
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R9
	MOVQ cols+32(FP), CX
	SHRQ $3, CX
	LEAQ (R9)(R9*2), R10 // 3·lds
	LEAQ (R8)(R8*2), R11 // 3·ldd
	LEAQ (SI)(R9*4), R12 // row 4

t8sloop:
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R9*1), Y1
	VMOVUPS (SI)(R9*2), Y2
	VMOVUPS (SI)(R10*1), Y3
	VMOVUPS (R12), Y4
	VMOVUPS (R12)(R9*1), Y5
	VMOVUPS (R12)(R9*2), Y6
	VMOVUPS (R12)(R10*1), Y7
	VUNPCKLPS Y1, Y0, Y8   // r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5]
	VUNPCKHPS Y1, Y0, Y9   // r0[2] r1[2] r0[3] r1[3] | …6, 7
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15
	VSHUFPS $0x44, Y10, Y8, Y0  // r0 r1 r2 r3 of columns 0 | 4
	VSHUFPS $0xee, Y10, Y8, Y1  // columns 1 | 5
	VSHUFPS $0x44, Y11, Y9, Y2  // columns 2 | 6
	VSHUFPS $0xee, Y11, Y9, Y3  // columns 3 | 7
	VSHUFPS $0x44, Y14, Y12, Y4 // r4…r7 of columns 0 | 4
	VSHUFPS $0xee, Y14, Y12, Y5
	VSHUFPS $0x44, Y15, Y13, Y6
	VSHUFPS $0xee, Y15, Y13, Y7
	VPERM2F128 $0x20, Y4, Y0, Y8  // column 0
	VPERM2F128 $0x20, Y5, Y1, Y9  // column 1
	VPERM2F128 $0x20, Y6, Y2, Y10 // column 2
	VPERM2F128 $0x20, Y7, Y3, Y11 // column 3
	VPERM2F128 $0x31, Y4, Y0, Y12 // column 4
	VPERM2F128 $0x31, Y5, Y1, Y13 // column 5
	VPERM2F128 $0x31, Y6, Y2, Y14 // column 6
	VPERM2F128 $0x31, Y7, Y3, Y15 // column 7
	VMOVUPS Y8, (DI)
	VMOVUPS Y9, (DI)(R8*1)
	VMOVUPS Y10, (DI)(R8*2)
	VMOVUPS Y11, (DI)(R11*1)
	LEAQ (DI)(R8*4), AX
	VMOVUPS Y12, (AX)
	VMOVUPS Y13, (AX)(R8*1)
	VMOVUPS Y14, (AX)(R8*2)
	VMOVUPS Y15, (AX)(R11*1)
	ADDQ $32, SI
	ADDQ $32, R12
	LEAQ (AX)(R8*4), DI
	DECQ CX
	JNZ  t8sloop
	VZEROUPPER
	RET
