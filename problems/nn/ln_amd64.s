//go:build goexperiment.simd && amd64

#include "textflag.h"

// LayerNorm rows with AVX2 (ln_simd.go), four rows at a time, bit for bit
// the scalar loops of layernorm.go: the row sums (mean, variance, and in
// the backward pass the two means of dŷ) are chains over the row in order,
// one row per lane, read through 4×4 transposes of the four rows; the
// elementwise parts run along the row. No FMA: each product is rounded, as
// in Go. C is a positive multiple of 4, rows a positive multiple of 4.

DATA lnk<>+0(SB)/8, $1.0
GLOBL lnk<>(SB), RODATA|NOPTR, $8

// T4 transposes the 4×4 block of rows Y0–Y3 (row q, columns j…j+3) into
// Y4–Y7 (column j+q, rows 0…3); T4IN into Y0–Y3. Both clobber Y10–Y13.
#define T4 \
	VUNPCKLPD Y1, Y0, Y10 \
	VUNPCKHPD Y1, Y0, Y11 \
	VUNPCKLPD Y3, Y2, Y12 \
	VUNPCKHPD Y3, Y2, Y13 \
	VPERM2F128 $0x20, Y12, Y10, Y4 \
	VPERM2F128 $0x20, Y13, Y11, Y5 \
	VPERM2F128 $0x31, Y12, Y10, Y6 \
	VPERM2F128 $0x31, Y13, Y11, Y7

#define T4IN \
	VUNPCKLPD Y1, Y0, Y10 \
	VUNPCKHPD Y1, Y0, Y11 \
	VUNPCKLPD Y3, Y2, Y12 \
	VUNPCKHPD Y3, Y2, Y13 \
	VPERM2F128 $0x20, Y12, Y10, Y0 \
	VPERM2F128 $0x20, Y13, Y11, Y1 \
	VPERM2F128 $0x31, Y12, Y10, Y2 \
	VPERM2F128 $0x31, Y13, Y11, Y3

// LOAD4 loads columns DX…DX+3 (byte offset) of the four rows at SI, SI+R8,
// SI+2·R8, SI+R9 (R9 = 3·R8) into Y0–Y3.
#define LOAD4(base) \
	VMOVUPD (base)(DX*1), Y0 \
	LEAQ (base)(R8*1), AX \
	VMOVUPD (AX)(DX*1), Y1 \
	LEAQ (base)(R8*2), AX \
	VMOVUPD (AX)(DX*1), Y2 \
	LEAQ (base)(R9*1), AX \
	VMOVUPD (AX)(DX*1), Y3

// func lnFwdAsm(x, out, mean, rstd, gamma, beta unsafe.Pointer, rows, c int, eps float64)
//
// For each row: s = Σ x (in order, from +0), m = s/c, ss = Σ (x − m)²
// (each square rounded, then added in order), rs = 1/sqrt(ss/c + eps);
// mean = m, rstd = rs, out = ((x − m)·rs)·gamma + beta.
TEXT ·lnFwdAsm(SB), NOSPLIT, $0-72
	MOVQ x+0(FP), SI
	MOVQ out+8(FP), DI
	MOVQ mean+16(FP), R14
	MOVQ rstd+24(FP), R15
	MOVQ rows+48(FP), CX
	SHRQ $2, CX
	MOVQ c+56(FP), R8
	VCVTSI2SDQ R8, X15, X15
	VBROADCASTSD X15, Y15      // c as a float64
	SHLQ $3, R8                // row stride in bytes
	LEAQ (R8)(R8*2), R9        // 3 rows

lfquad:
	// s = Σ x, four rows in the lanes of Y8
	VXORPD Y8, Y8, Y8
	XORQ DX, DX

lfsum:
	LOAD4(SI)
	T4
	VADDPD Y4, Y8, Y8
	VADDPD Y5, Y8, Y8
	VADDPD Y6, Y8, Y8
	VADDPD Y7, Y8, Y8
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  lfsum
	VDIVPD Y15, Y8, Y8         // m = s/c
	// ss = Σ (x − m)²
	VXORPD Y9, Y9, Y9
	XORQ DX, DX

lfvar:
	LOAD4(SI)
	T4
	VSUBPD Y8, Y4, Y4
	VMULPD Y4, Y4, Y4
	VADDPD Y4, Y9, Y9
	VSUBPD Y8, Y5, Y5
	VMULPD Y5, Y5, Y5
	VADDPD Y5, Y9, Y9
	VSUBPD Y8, Y6, Y6
	VMULPD Y6, Y6, Y6
	VADDPD Y6, Y9, Y9
	VSUBPD Y8, Y7, Y7
	VMULPD Y7, Y7, Y7
	VADDPD Y7, Y9, Y9
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  lfvar
	VDIVPD Y15, Y9, Y9         // ss/c
	VBROADCASTSD eps+64(FP), Y10
	VADDPD Y10, Y9, Y9         // + eps
	VSQRTPD Y9, Y9
	VBROADCASTSD lnk<>+0(SB), Y10
	VDIVPD Y9, Y10, Y9         // rs = 1/sqrt(…)
	VMOVUPD Y8, (R14)
	VMOVUPD Y9, (R15)
	// out = ((x − m)·rs)·gamma + beta, row by row
	MOVQ SI, R10
	MOVQ DI, R11
	XORQ BX, BX

lfrow:
	VBROADCASTSD (R14)(BX*8), Y8
	VBROADCASTSD (R15)(BX*8), Y9
	MOVQ gamma+32(FP), R12
	MOVQ beta+40(FP), R13
	XORQ DX, DX

lfout:
	VMOVUPD (R10)(DX*1), Y0
	VSUBPD Y8, Y0, Y0
	VMULPD Y9, Y0, Y0
	VMULPD (R12)(DX*1), Y0, Y0
	VADDPD (R13)(DX*1), Y0, Y0
	VMOVUPD Y0, (R11)(DX*1)
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  lfout
	ADDQ R8, R10
	ADDQ R8, R11
	INCQ BX
	CMPQ BX, $4
	JLT  lfrow
	LEAQ (SI)(R8*4), SI
	LEAQ (DI)(R8*4), DI
	ADDQ $32, R14
	ADDQ $32, R15
	DECQ CX
	JNZ  lfquad
	VZEROUPPER
	RET

// func lnBwdAsm(x, dout, dx, mean, rstd, gamma, dgamma, dbeta, sums unsafe.Pointer, rows, c int)
//
// For each row (in order): with x̂ = (x − m)·rs and dn = dy·gamma,
// sd = (Σ dn)/c and sdx = (Σ dn·x̂)/c (each product rounded, added in
// order, from +0); then along the row dgamma += dy·x̂, dbeta += dy and
// dx = rs·((dy·gamma − sd) − x̂·sdx). sums is scratch for 8 float64.
TEXT ·lnBwdAsm(SB), NOSPLIT, $0-88
	MOVQ x+0(FP), SI
	MOVQ dout+8(FP), DI
	MOVQ dx+16(FP), R10
	MOVQ mean+24(FP), R14
	MOVQ rstd+32(FP), R15
	MOVQ rows+72(FP), CX
	SHRQ $2, CX
	MOVQ c+80(FP), R8
	SHLQ $3, R8                // row stride in bytes
	LEAQ (R8)(R8*2), R9        // 3 rows

lbquad:
	VMOVUPD (R14), Y8          // m of the four rows
	VMOVUPD (R15), Y9          // rs
	VXORPD Y14, Y14, Y14       // Σ dn
	VXORPD Y15, Y15, Y15       // Σ dn·x̂
	MOVQ gamma+40(FP), R12
	XORQ DX, DX

lbsum:
	LOAD4(SI)
	T4IN                       // x, column j+q in Y(q)
	VSUBPD Y8, Y0, Y4
	VMULPD Y9, Y4, Y4          // x̂ of column j
	VSUBPD Y8, Y1, Y5
	VMULPD Y9, Y5, Y5
	VSUBPD Y8, Y2, Y6
	VMULPD Y9, Y6, Y6
	VSUBPD Y8, Y3, Y7
	VMULPD Y9, Y7, Y7
	LOAD4(DI)
	T4IN                       // dy
	VBROADCASTSD (R12)(DX*1), Y10
	VMULPD Y10, Y0, Y0         // dn = dy·gamma[j]
	VADDPD Y0, Y14, Y14
	VMULPD Y4, Y0, Y0          // dn·x̂
	VADDPD Y0, Y15, Y15
	VBROADCASTSD 8(R12)(DX*1), Y10
	VMULPD Y10, Y1, Y1
	VADDPD Y1, Y14, Y14
	VMULPD Y5, Y1, Y1
	VADDPD Y1, Y15, Y15
	VBROADCASTSD 16(R12)(DX*1), Y10
	VMULPD Y10, Y2, Y2
	VADDPD Y2, Y14, Y14
	VMULPD Y6, Y2, Y2
	VADDPD Y2, Y15, Y15
	VBROADCASTSD 24(R12)(DX*1), Y10
	VMULPD Y10, Y3, Y3
	VADDPD Y3, Y14, Y14
	VMULPD Y7, Y3, Y3
	VADDPD Y3, Y15, Y15
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  lbsum
	MOVQ R8, AX
	SHRQ $3, AX
	VCVTSI2SDQ AX, X10, X10
	VBROADCASTSD X10, Y10      // c as a float64
	VDIVPD Y10, Y14, Y14       // sd
	VDIVPD Y10, Y15, Y15       // sdx
	MOVQ sums+64(FP), R11
	VMOVUPD Y14, (R11)
	VMOVUPD Y15, 32(R11)
	// row by row: dgamma, dbeta, dx
	XORQ BX, BX

lbrow:
	VBROADCASTSD (R14)(BX*8), Y8
	VBROADCASTSD (R15)(BX*8), Y9
	VBROADCASTSD (R11)(BX*8), Y14
	VBROADCASTSD 32(R11)(BX*8), Y15
	MOVQ gamma+40(FP), R12
	MOVQ dgamma+48(FP), R13
	MOVQ dbeta+56(FP), AX
	XORQ DX, DX

lbcol:
	VMOVUPD (SI)(DX*1), Y0
	VSUBPD Y8, Y0, Y0
	VMULPD Y9, Y0, Y0          // x̂
	VMOVUPD (DI)(DX*1), Y1     // dy
	VMULPD Y0, Y1, Y2          // dy·x̂
	VADDPD (R13)(DX*1), Y2, Y2
	VMOVUPD Y2, (R13)(DX*1)    // dgamma += …
	VADDPD (AX)(DX*1), Y1, Y3
	VMOVUPD Y3, (AX)(DX*1)     // dbeta += dy
	VMULPD (R12)(DX*1), Y1, Y1 // dy·gamma
	VSUBPD Y14, Y1, Y1         // − sd
	VMULPD Y15, Y0, Y0         // x̂·sdx
	VSUBPD Y0, Y1, Y1
	VMULPD Y9, Y1, Y1          // rs·(…)
	VMOVUPD Y1, (R10)(DX*1)
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  lbcol
	ADDQ R8, SI
	ADDQ R8, DI
	ADDQ R8, R10
	INCQ BX
	CMPQ BX, $4
	JLT  lbrow
	ADDQ $32, R14
	ADDQ $32, R15
	DECQ CX
	JNZ  lbquad
	VZEROUPPER
	RET
