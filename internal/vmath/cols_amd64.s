//go:build goexperiment.simd && amd64

#include "textflag.h"

// The loops of three column kernels (loops_cols_amd64.go), where Go's
// compiler spent two instructions on every load and broadcast (it does not
// fold them into the arithmetic) and, with more than four accumulators,
// spilled them: here the products take their operand from memory and one
// broadcast serves eight columns. Each kernel is one call for the whole
// matrix: at the letter shapes (26×16, 16 columns) a call per row or per
// group of columns cost 15-20% of the kernel. Mul then Add as in the Go loops, never
// an FMA, so the bits are those of MatVec and GerBatch (the twin tests
// check it). Only VEX instructions, and VZEROUPPER before returning
// (FINDINGS.md).

// func matVecColsAsm(z, a, x, b unsafe.Pointer, k, d, ls, n4 int)
//
// MatVecCols for columns 0..n4-1 (n4 a multiple of 4) of all k ≥ 1 rows,
// row by row: the d elements of a's row kk at a + 8·d·kk, column r of x at
// x + 8r (rows ls bytes apart), z's row kk at z + ls·kk, and the bias at
// b + 8kk (b nil: none). Accumulator class c (Y0+c, and Y4+c for the
// second four columns) takes the products of elements i ≡ c (mod 4); the
// classes combine as (l0+l1)+(l2+l3). The loop over the rows is here
// rather than in Go: a call per row cost more than the row's arithmetic
// at the letter shapes.
TEXT ·matVecColsAsm(SB), NOSPLIT, $16-64
	MOVQ a+8(FP), SI
	MOVQ b+24(FP), R8
	MOVQ d+40(FP), CX
	MOVQ ls+48(FP), R9
	MOVQ CX, R12
	ANDQ $3, R12          // d mod 4: the tail
	ANDQ $-4, CX          // d rounded down to a multiple of 4
	LEAQ (R9)(R9*2), R11  // 3·ls
	MOVQ z+0(FP), AX
	MOVQ AX, zrow-16(SP)  // z's row kk
	MOVQ k+32(FP), AX
	MOVQ AX, left-8(SP)   // rows left

row:
	MOVQ zrow-16(SP), DI
	MOVQ x+16(FP), DX
	MOVQ n4+56(FP), R10

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
	ADDQ R9, zrow-16(SP)  // z's next row
	MOVQ d+40(FP), AX
	LEAQ (SI)(AX*8), SI   // a's next row
	TESTQ R8, R8
	JZ   nobias
	ADDQ $8, R8           // the next bias
nobias:
	DECQ left-8(SP)
	JNZ  row
	VZEROUPPER
	RET

// func gerBlocksAsm(a, x, y unsafe.Pointer, nk, d16, ks, xs, ys, n int, alpha uint64)
//
// The 16-column blocks (columns 0..d16-1, d16 a positive multiple of 16)
// of every row of gerBatchStrided64, with n ≥ 1 updates and nk ≥ 1 rows
// (ys bytes apart, as the y_r are; x_r[k] at x + k·ks + r·xs). Two rows at
// a time, their sixteen elements each in Y0..Y7: every y_r's sixteen
// elements are loaded once for both rows, x_r[k]·alpha times them is
// added, r = 0, 1, …, and the two rows' eight accumulators are
// independent chains; then an odd last row alone. The loops over the rows
// and blocks are here rather than in Go, where a call per pair of rows
// cost about as much as its arithmetic at the letter shapes.
TEXT ·gerBlocksAsm(SB), NOSPLIT, $32-80
	VBROADCASTSD alpha+72(FP), Y15
	MOVQ ks+40(FP), R11
	MOVQ xs+48(FP), R8
	MOVQ ys+56(FP), R9
	MOVQ a+0(FP), AX
	MOVQ AX, arow-32(SP)  // row k of a
	MOVQ x+8(FP), AX
	MOVQ AX, xrow-24(SP)  // x_0[k]
	MOVQ nk+24(FP), AX
	SHRQ $1, AX
	MOVQ AX, pairs-16(SP) // pairs of rows left
	JZ   single

pair:
	MOVQ $0, j-8(SP)
pairblock:
	MOVQ arow-32(SP), DI
	ADDQ j-8(SP), DI      // row k, block j
	LEAQ (DI)(R9*1), BX   // row k+1
	MOVQ xrow-24(SP), SI
	MOVQ y+16(FP), DX
	ADDQ j-8(SP), DX
	MOVQ n+64(FP), CX
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD 64(DI), Y2
	VMOVUPD 96(DI), Y3
	VMOVUPD (BX), Y4
	VMOVUPD 32(BX), Y5
	VMOVUPD 64(BX), Y6
	VMOVUPD 96(BX), Y7
pairloop:
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
	JNZ  pairloop
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VMOVUPD Y4, (BX)
	VMOVUPD Y5, 32(BX)
	VMOVUPD Y6, 64(BX)
	VMOVUPD Y7, 96(BX)
	MOVQ j-8(SP), AX
	ADDQ $128, AX         // the next block of 16 columns
	MOVQ AX, j-8(SP)
	MOVQ d16+32(FP), CX
	SHLQ $3, CX
	CMPQ AX, CX
	JLT  pairblock
	LEAQ (R9)(R9*1), AX
	ADDQ AX, arow-32(SP)  // rows k+2, k+3
	LEAQ (R11)(R11*1), AX
	ADDQ AX, xrow-24(SP)
	DECQ pairs-16(SP)
	JNZ  pair

single:
	MOVQ nk+24(FP), AX
	TESTQ $1, AX
	JZ   gerdone
	MOVQ $0, j-8(SP)
singleblock:
	MOVQ arow-32(SP), DI
	ADDQ j-8(SP), DI
	MOVQ xrow-24(SP), SI
	MOVQ y+16(FP), DX
	ADDQ j-8(SP), DX
	MOVQ n+64(FP), CX
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD 64(DI), Y2
	VMOVUPD 96(DI), Y3
singleloop:
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
	JNZ  singleloop
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	MOVQ j-8(SP), AX
	ADDQ $128, AX
	MOVQ AX, j-8(SP)
	MOVQ d16+32(FP), CX
	SHLQ $3, CX
	CMPQ AX, CX
	JLT  singleblock

gerdone:
	VZEROUPPER
	RET

// The exponential of softmaxColsAsm, exp4 operation by operation on the
// constants at R8 (offsets checked by TestConstsLayout), in stages, so that
// two exponentials (registers a..h = Y0..Y7 and Y8..Y15) can be written
// stage by stage in turn. One exponential is a chain of some 30 dependent
// operations; with two chains side by side the out-of-order core finds
// more independent work in its window. (Measured on a Zen 3 at the letter
// shapes, all of SoftmaxSumCols: 1170 ns with one exponential at a time,
// 1040 ns in pairs; about 20 cycles per vector of four remain, near the
// load ports' limit of 14 for the 28 loads each.)
// kf, needed at the end only, waits in the stack slot KF, and x = z - m is
// computed again for the NaN lanes instead of being kept: eight registers
// per exponential.

// x = max(z - m, min), then min(·, max); kf = x·log2e + magic, stored; n.
#define EXP_A(Z, M, KF, a, b, c) \
	VMOVUPD Z, a \
	VSUBPD M, a, a \
	VMAXPD 0(R8), a, a \
	VMINPD 32(R8), a, a \
	VMULPD 64(R8), a, b \
	VADDPD 96(R8), b, b \
	VMOVUPD b, KF \
	VSUBPD 96(R8), b, c

// hi = x - n·ln2Hi (in a); lo = n·ln2Lo (in c); r, r², r⁴ in d, e, f.
#define EXP_B(a, c, d, e, f) \
	VMULPD 128(R8), c, d \
	VSUBPD d, a, a \
	VMULPD 160(R8), c, c \
	VSUBPD c, a, d \
	VMULPD d, d, e \
	VMULPD e, e, f

// h = r⁴·q45, q45 = (c11·r + c10) + (c13·r + c12)·r².
#define EXP_C(d, e, f, g, h) \
	VMULPD 576(R8), d, g \
	VADDPD 544(R8), g, g \
	VMULPD e, g, g \
	VMULPD 512(R8), d, h \
	VADDPD 480(R8), h, h \
	VADDPD g, h, h \
	VMULPD h, f, h

// b = r⁴·(q23 + r⁴·q45), q23 = (c7·r + c6) + (c9·r + c8)·r².
#define EXP_D(b, d, e, f, g, h) \
	VMULPD 448(R8), d, g \
	VADDPD 416(R8), g, g \
	VMULPD e, g, g \
	VMULPD 384(R8), d, b \
	VADDPD 352(R8), b, b \
	VADDPD g, b, b \
	VADDPD h, b, b \
	VMULPD b, f, b

// h = q = q01 + b, q01 = (c3·r + c2) + (c5·r + c4)·r².
#define EXP_E(b, d, e, g, h) \
	VMULPD 320(R8), d, g \
	VADDPD 288(R8), g, g \
	VMULPD e, g, g \
	VMULPD 256(R8), d, h \
	VADDPD 224(R8), h, h \
	VADDPD g, h, h \
	VADDPD b, h, h

// s = 1 + hi, e = (1 - s) + hi; y = s + (e - (lo - r²·q)) in b.
#define EXP_F(a, b, c, e, g, h) \
	VADDPD 192(R8), a, b \
	VMOVUPD 192(R8), g \
	VSUBPD b, g, g \
	VADDPD a, g, g \
	VMULPD h, e, h \
	VSUBPD h, c, h \
	VSUBPD h, g, g \
	VADDPD g, b, b

// y·2^⌊n/2⌋·2^⌈n/2⌉ from the bits k of kf; NaN lanes of x = z - m return
// x; the result goes back to Z.
#define EXP_G(Z, M, KF, a, b, c, d, e) \
	VMOVUPD KF, a \
	VPSRLQ $1, a, c \
	VPSUBQ c, a, a \
	VPADDQ 608(R8), c, c \
	VPADDQ 608(R8), a, a \
	VPSLLQ $52, c, c \
	VPSLLQ $52, a, a \
	VMULPD c, b, b \
	VMULPD a, b, b \
	VMOVUPD Z, d \
	VSUBPD M, d, d \
	VCMPPD $3, d, d, e \
	VBLENDVPD e, d, b, b \
	VMOVUPD b, Z

// One exponential in place at Z.
#define EXP1(Z, M, KF) \
	EXP_A(Z, M, KF, Y0, Y1, Y2) \
	EXP_B(Y0, Y2, Y3, Y4, Y5) \
	EXP_C(Y3, Y4, Y5, Y6, Y7) \
	EXP_D(Y1, Y3, Y4, Y5, Y6, Y7) \
	EXP_E(Y1, Y3, Y4, Y6, Y7) \
	EXP_F(Y0, Y1, Y2, Y4, Y6, Y7) \
	EXP_G(Z, M, KF, Y0, Y1, Y2, Y3, Y4)

// Two exponentials in place at Z1 and Z2, stage by stage in turn.
#define EXP2(Z1, Z2, M, KF1, KF2) \
	EXP_A(Z1, M, KF1, Y0, Y1, Y2) \
	EXP_A(Z2, M, KF2, Y8, Y9, Y10) \
	EXP_B(Y0, Y2, Y3, Y4, Y5) \
	EXP_B(Y8, Y10, Y11, Y12, Y13) \
	EXP_C(Y3, Y4, Y5, Y6, Y7) \
	EXP_C(Y11, Y12, Y13, Y14, Y15) \
	EXP_D(Y1, Y3, Y4, Y5, Y6, Y7) \
	EXP_D(Y9, Y11, Y12, Y13, Y14, Y15) \
	EXP_E(Y1, Y3, Y4, Y6, Y7) \
	EXP_E(Y9, Y11, Y12, Y14, Y15) \
	EXP_F(Y0, Y1, Y2, Y4, Y6, Y7) \
	EXP_F(Y8, Y9, Y10, Y12, Y14, Y15) \
	EXP_G(Z1, M, KF1, Y0, Y1, Y2, Y3, Y4) \
	EXP_G(Z2, M, KF2, Y8, Y9, Y10, Y11, Y12)

// func softmaxColsAsm(zr unsafe.Pointer, k, ls, groups int, c *consts, m, s unsafe.Pointer)
//
// softmaxSumCols64 for groups ≥ 1 groups of four columns (the first at zr,
// the next 32 bytes on; the k rows ls bytes apart), in three passes
// over the whole block, each free of any dependence between groups: per
// group the maximum in four classes (row kk in class kk mod 4), combined
// as maxLanes combines lanes and stored to m; every exp(z - m) in place,
// two rows at a time; per group the sum in four classes, combined as
// sumLanes, stored to s, and z / s. The sums add the exponentials in the
// same order as before, only after all of them are computed.
TEXT ·softmaxColsAsm(SB), NOSPLIT, $64-56
	MOVQ zr+0(FP), DI
	MOVQ k+8(FP), CX
	MOVQ ls+16(FP), R9
	MOVQ c+32(FP), R8
	MOVQ m+40(FP), R10
	MOVQ s+48(FP), R13
	LEAQ (R9)(R9*2), R11  // 3·ls
	MOVQ R9, R12
	SHLQ $2, R12          // 4·ls
	MOVQ CX, DX
	ANDQ $3, DX           // k mod 4
	ANDQ $-4, CX          // k rounded down to a multiple of 4

	// The maxima, group by group.
	MOVQ DI, SI           // the group's first row; R10 its m
	MOVQ groups+24(FP), DI
maxgroup:
	VPCMPEQQ Y10, Y10, Y10
	VPSLLQ $52, Y10, Y10  // -Inf: 0xfff0000000000000
	VMOVUPD Y10, Y11
	VMOVUPD Y10, Y12
	VMOVUPD Y10, Y13
	MOVQ SI, BX
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
	VMOVUPD Y15, (R10)
	ADDQ $32, SI
	ADDQ $32, R10
	DECQ DI
	JNZ  maxgroup

	// The exponentials, group by group, two rows at a time.
	ADDQ CX, DX           // k
	MOVQ zr+0(FP), SI
	MOVQ m+40(FP), R10
	MOVQ groups+24(FP), DI
expgroup:
	MOVQ SI, BX
	MOVQ DX, AX
	SHRQ $1, AX           // pairs of rows
	JZ   expodd
exppair:
	EXP2((BX), (BX)(R9*1), (R10), kfa-64(SP), kfb-32(SP))
	LEAQ (BX)(R9*2), BX
	DECQ AX
	JNZ  exppair
expodd:
	TESTQ $1, DX
	JZ   expnext
	EXP1((BX), (R10), kfa-64(SP))
expnext:
	ADDQ $32, SI
	ADDQ $32, R10
	DECQ DI
	JNZ  expgroup

	// The sums and the divisions, group by group.
	MOVQ DX, CX
	ANDQ $3, DX           // k mod 4
	ANDQ $-4, CX          // k rounded down to a multiple of 4
	MOVQ zr+0(FP), SI
	MOVQ groups+24(FP), DI
sumgroup:
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	VXORPD Y12, Y12, Y12
	VXORPD Y13, Y13, Y13
	MOVQ SI, BX
	MOVQ CX, AX
	TESTQ AX, AX
	JZ   sumtail
sumloop:
	VADDPD (BX), Y10, Y10
	VADDPD (BX)(R9*1), Y11, Y11
	VADDPD (BX)(R9*2), Y12, Y12
	VADDPD (BX)(R11*1), Y13, Y13
	ADDQ R12, BX
	SUBQ $4, AX
	JNZ  sumloop
sumtail:
	CMPQ DX, $0
	JEQ  sumdone
	VADDPD (BX), Y10, Y10
	CMPQ DX, $1
	JEQ  sumdone
	VADDPD (BX)(R9*1), Y11, Y11
	CMPQ DX, $2
	JEQ  sumdone
	VADDPD (BX)(R9*2), Y12, Y12
sumdone:
	VADDPD Y11, Y10, Y14 // s0 + s1
	VADDPD Y13, Y12, Y9  // s2 + s3
	VADDPD Y9, Y14, Y14  // s
	VMOVUPD Y14, (R13)

	MOVQ SI, BX
	MOVQ CX, AX
	ADDQ DX, AX           // k
	TESTQ AX, AX
	JZ   divdone
divloop:
	VMOVUPD (BX), Y0
	VDIVPD Y14, Y0, Y0
	VMOVUPD Y0, (BX)
	ADDQ R9, BX
	DECQ AX
	JNZ  divloop
divdone:
	ADDQ $32, SI
	ADDQ $32, R13
	DECQ DI
	JNZ  sumgroup
	VZEROUPPER
	RET
