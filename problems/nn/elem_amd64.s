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

// Lane starts of the column index 2x of the windows x = 0, 2, 1, 3 (the order
// VUNPCKLPD/VUNPCKHPD leave them in), and the step per 8 columns.
DATA poolidx<>+0(SB)/8, $0
DATA poolidx<>+8(SB)/8, $4
DATA poolidx<>+16(SB)/8, $2
DATA poolidx<>+24(SB)/8, $6
DATA poolidx<>+32(SB)/8, $8
GLOBL poolidx<>(SB), RODATA|NOPTR, $40

// func maxPoolRowAsm(out unsafe.Pointer, arg unsafe.Pointer, r0 unsafe.Pointer, w int, base int)
//
// One pair of rows of MaxPool2.Forward, w (a positive multiple of 8) input
// columns, w/2 windows: rows r0 and r0 + w; window x takes a = r0[2x],
// b = r0[2x+1], c = r1[2x], d = r1[2x+1]; j1 = b > a ? 2x+1 : 2x,
// j2 = d > c ? w+2x+1 : w+2x, j = img[j2] > img[j1] ? j2 : j1 (ordered
// compares: ties and NaN keep the first, as the scalar loop);
// out[x] = img[j], arg[x] = int32(base + j).
TEXT ·maxPoolRowAsm(SB), NOSPLIT, $0-40
	MOVQ out+0(FP), DI
	MOVQ arg+8(FP), DX
	MOVQ r0+16(FP), SI
	MOVQ w+24(FP), R8
	LEAQ (SI)(R8*8), R9           // r1
	MOVQ R8, CX
	SHRQ $3, CX                   // blocks of 8 columns
	VPBROADCASTQ base+32(FP), Y15
	VPADDQ poolidx<>+0(SB), Y15, Y15 // index of a, lanes x = 0, 2, 1, 3
	VPBROADCASTQ w+24(FP), Y14    // row offset
	VPBROADCASTQ poolidx<>+32(SB), Y13

ploop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VUNPCKLPD Y1, Y0, Y2          // a
	VUNPCKHPD Y1, Y0, Y3          // b
	VMOVUPD (R9), Y0
	VMOVUPD 32(R9), Y1
	VUNPCKLPD Y1, Y0, Y4          // c
	VUNPCKHPD Y1, Y0, Y5          // d
	VCMPPD $0x1e, Y2, Y3, Y6      // m1 = b > a
	VBLENDVPD Y6, Y3, Y2, Y7      // v1
	VPSUBQ Y6, Y15, Y8            // i1 = ia − m1
	VCMPPD $0x1e, Y4, Y5, Y9      // m2 = d > c
	VBLENDVPD Y9, Y5, Y4, Y10     // v2
	VPADDQ Y14, Y15, Y11
	VPSUBQ Y9, Y11, Y11           // i2 = ia + w − m2
	VCMPPD $0x1e, Y7, Y10, Y12    // m3 = v2 > v1
	VBLENDVPD Y12, Y10, Y7, Y0    // v
	VBLENDVPD Y12, Y11, Y8, Y1    // i
	VPERMPD $0xd8, Y0, Y0         // lanes x = 0, 1, 2, 3
	VPERMQ $0xd8, Y1, Y1
	VPSHUFD $0x08, Y1, Y1         // low dwords of each 128-bit half
	VPERMQ $0x08, Y1, Y1
	VMOVUPD Y0, (DI)
	VMOVDQU X1, (DX)
	VPADDQ Y13, Y15, Y15
	ADDQ $64, SI
	ADDQ $64, R9
	ADDQ $32, DI
	ADDQ $16, DX
	DECQ CX
	JNZ  ploop
	VZEROUPPER
	RET

// func im2colChanAsm(col, plane unsafe.Pointer, h, w int)
//
// im2col's rows of one channel from its zero-bordered copy plane
// [h+2, w+2]: for ky, kx < 3 and y < h, the next w values of col are
// plane[y+ky, kx : kx+w] (w a positive multiple of 4). Moves only.
TEXT ·im2colChanAsm(SB), NOSPLIT, $0-32
	MOVQ col+0(FP), DI
	MOVQ plane+8(FP), R10
	MOVQ h+16(FP), AX
	MOVQ w+24(FP), R8
	LEAQ 16(R8*8), R9 // (w+2)·8, the plane's row stride
	SHLQ $3, R8       // w·8
	MOVQ $3, R11

icky:
	MOVQ R10, R12
	MOVQ $3, R13

ickx:
	MOVQ R12, SI
	MOVQ AX, BX

icy:
	XORQ DX, DX

icx:
	VMOVUPD (SI)(DX*1), Y0
	VMOVUPD Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  icx
	ADDQ R9, SI
	DECQ BX
	JNZ  icy
	ADDQ $8, R12
	DECQ R13
	JNZ  ickx
	ADDQ R9, R10
	DECQ R11
	JNZ  icky
	VZEROUPPER
	RET

// Lane masks of col2imGatherAsm: all lanes, all but the last, all but the first.
DATA c2imask<>+0(SB)/8, $-1
DATA c2imask<>+8(SB)/8, $-1
DATA c2imask<>+16(SB)/8, $-1
DATA c2imask<>+24(SB)/8, $-1
DATA c2imask<>+32(SB)/8, $-1
DATA c2imask<>+40(SB)/8, $-1
DATA c2imask<>+48(SB)/8, $-1
DATA c2imask<>+56(SB)/8, $0
DATA c2imask<>+64(SB)/8, $0
DATA c2imask<>+72(SB)/8, $-1
DATA c2imask<>+80(SB)/8, $-1
DATA c2imask<>+88(SB)/8, $-1
GLOBL c2imask<>(SB), RODATA|NOPTR, $96

// func col2imGatherAsm(dx, dcol unsafe.Pointer, h, w int)
//
// col2im of one channel, gathered: dx[iy, ix] (4 columns at a time, w a
// positive multiple of 4) = the sum, from +0 in (ky, kx) order, of
// dcol[ky·3+kx, iy+1−ky, ix+1−kx] over the terms inside the image; terms
// outside the row are masked loads giving +0 (adding +0 to a sum that
// started at +0 changes nothing, it never is −0), rows outside are skipped.
// So each dx element is bit for bit col2im's scalar sum. dcol is the
// channel's [9, h·w] block.
TEXT ·col2imGatherAsm(SB), NOSPLIT, $0-32
	MOVQ dx+0(FP), DI
	MOVQ dcol+8(FP), SI
	MOVQ h+16(FP), R9
	MOVQ w+24(FP), R8
	MOVQ R8, R10
	IMULQ R9, R10
	SHLQ $3, R10          // hw·8
	LEAQ -8(R10), R13     // D = hw·8 − 8: next kx
	LEAQ (R10)(R10*2), R14
	MOVQ R8, AX
	SHLQ $3, AX
	SUBQ AX, R14          // E = 3·hw·8 − w·8: next ky
	LEAQ -4(R8), BX       // x0 of the last block
	XORQ R11, R11         // iy

gyloop:
	XORQ R12, R12         // x0

gxloop:
	VMOVDQU c2imask<>+0(SB), Y11  // mask for kx = 0
	CMPQ R12, BX
	JNE  gnotlast
	VMOVDQU c2imask<>+32(SB), Y11

gnotlast:
	VMOVDQU c2imask<>+0(SB), Y12  // mask for kx = 2
	TESTQ R12, R12
	JNZ  gnotfirst
	VMOVDQU c2imask<>+64(SB), Y12

gnotfirst:
	// AX = dcol + ((iy+1)·w + x0 + 1)·8: term (ky, kx) at AX + (ky·3+kx)·hw·8 − ky·w·8 − kx·8
	LEAQ 1(R11), AX
	IMULQ R8, AX
	ADDQ R12, AX
	LEAQ 8(SI)(AX*8), AX
	VXORPD Y0, Y0, Y0
	LEAQ 1(R11), CX
	CMPQ CX, R9
	JGE  gky1             // iy+1 = h: row ky = 0 is outside
	VMASKMOVPD (AX), Y11, Y1
	VADDPD Y1, Y0, Y0
	VADDPD (AX)(R13*1), Y0, Y0
	VMASKMOVPD (AX)(R13*2), Y12, Y1
	VADDPD Y1, Y0, Y0

gky1:
	ADDQ R14, AX
	VMASKMOVPD (AX), Y11, Y1
	VADDPD Y1, Y0, Y0
	VADDPD (AX)(R13*1), Y0, Y0
	VMASKMOVPD (AX)(R13*2), Y12, Y1
	VADDPD Y1, Y0, Y0
	TESTQ R11, R11
	JZ   gstore           // iy = 0: row ky = 2 is outside
	ADDQ R14, AX
	VMASKMOVPD (AX), Y11, Y1
	VADDPD Y1, Y0, Y0
	VADDPD (AX)(R13*1), Y0, Y0
	VMASKMOVPD (AX)(R13*2), Y12, Y1
	VADDPD Y1, Y0, Y0

gstore:
	VMOVUPD Y0, (DI)
	ADDQ $32, DI
	ADDQ $4, R12
	CMPQ R12, R8
	JLT  gxloop
	INCQ R11
	CMPQ R11, R9
	JLT  gyloop
	VZEROUPPER
	RET

// func biasAddAsm(out, bias unsafe.Pointer, rows, cols, ldo int)
//
// Dense.Forward's bias add for the first cols (a positive multiple of 4)
// columns of rows rows: out[r, o] += bias[o] (row stride ldo elements).
TEXT ·biasAddAsm(SB), NOSPLIT, $0-40
	MOVQ out+0(FP), DI
	MOVQ bias+8(FP), SI
	MOVQ rows+16(FP), BX
	MOVQ cols+24(FP), R8
	MOVQ ldo+32(FP), R9
	SHLQ $3, R8
	SHLQ $3, R9

barow:
	XORQ DX, DX

bacol:
	VMOVUPD (DI)(DX*1), Y0
	VADDPD (SI)(DX*1), Y0, Y0 // out + bias, as row[o] += b[o]
	VMOVUPD Y0, (DI)(DX*1)
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  bacol
	ADDQ R9, DI
	DECQ BX
	JNZ  barow
	VZEROUPPER
	RET

// func biasGradAsm(db, dout unsafe.Pointer, rows, cols, ldo int)
//
// Dense.Backward's bias gradient for the first cols (a positive multiple of
// 4) columns: db[o] += dout[r, o] for r = 0…rows−1 in order (each column's
// sum in the scalar loop's order). 16 columns per pass over the rows (four
// independent chains of adds, so the adds' latency overlaps), then 4.
TEXT ·biasGradAsm(SB), NOSPLIT, $0-40
	MOVQ db+0(FP), DI
	MOVQ dout+8(FP), SI
	MOVQ rows+16(FP), R10
	MOVQ cols+24(FP), R8
	MOVQ ldo+32(FP), R9
	SHLQ $3, R8
	SHLQ $3, R9
	XORQ DX, DX
	MOVQ R8, R11
	SUBQ $96, R11 // columns (bytes) left when fewer than 16 remain

bg16col:
	CMPQ DX, R11
	JGE  bgcol
	VMOVUPD (DI)(DX*1), Y0
	VMOVUPD 32(DI)(DX*1), Y1
	VMOVUPD 64(DI)(DX*1), Y2
	VMOVUPD 96(DI)(DX*1), Y3
	LEAQ (SI)(DX*1), AX
	MOVQ R10, BX

bg16row:
	VADDPD (AX), Y0, Y0
	VADDPD 32(AX), Y1, Y1
	VADDPD 64(AX), Y2, Y2
	VADDPD 96(AX), Y3, Y3
	ADDQ R9, AX
	DECQ BX
	JNZ  bg16row
	VMOVUPD Y0, (DI)(DX*1)
	VMOVUPD Y1, 32(DI)(DX*1)
	VMOVUPD Y2, 64(DI)(DX*1)
	VMOVUPD Y3, 96(DI)(DX*1)
	ADDQ $128, DX
	JMP  bg16col

bgcol:
	CMPQ DX, R8
	JGE  bgdone
	VMOVUPD (DI)(DX*1), Y0
	LEAQ (SI)(DX*1), AX
	MOVQ R10, BX

bgrow:
	VADDPD (AX), Y0, Y0
	ADDQ R9, AX
	DECQ BX
	JNZ  bgrow
	VMOVUPD Y0, (DI)(DX*1)
	ADDQ $32, DX
	JMP  bgcol

bgdone:
	VZEROUPPER
	RET

DATA geluk<>+0(SB)/8, $1.0
DATA geluk<>+8(SB)/8, $0.5
GLOBL geluk<>(SB), RODATA|NOPTR, $16

// func geluBwdAsm(dx, th, x, dout unsafe.Pointer, n int, s, c3 float64)
//
// GELU.Backward's loop with the scalar expression's operations in the order
// Go evaluates them (no FMA): with t = th, v = x,
// d = (1 + t)·0.5 + ((c3·v)·v + 1)·(((0.5·v)·(1 − t·t))·s), dx = d·dout
// (s = sqrt(2/π), c3 = 3·0.044715), for i < n (a positive multiple of 4).
TEXT ·geluBwdAsm(SB), NOSPLIT, $0-56
	MOVQ dx+0(FP), DI
	MOVQ th+8(FP), SI
	MOVQ x+16(FP), DX
	MOVQ dout+24(FP), R8
	MOVQ n+32(FP), CX
	SHRQ $2, CX
	VBROADCASTSD s+40(FP), Y8
	VBROADCASTSD c3+48(FP), Y9
	VBROADCASTSD geluk<>+0(SB), Y10 // 1.0
	VBROADCASTSD geluk<>+8(SB), Y11 // 0.5

gbloop:
	VMOVUPD (SI), Y0      // t
	VMOVUPD (DX), Y1      // v
	VADDPD Y10, Y0, Y2    // 1 + t
	VMULPD Y11, Y2, Y2    // ·0.5
	VMULPD Y11, Y1, Y3    // 0.5·v
	VMULPD Y0, Y0, Y4     // t·t
	VSUBPD Y4, Y10, Y4    // 1 − t·t
	VMULPD Y3, Y4, Y4     // (0.5·v)·(…)
	VMULPD Y8, Y4, Y4     // ·s
	VMULPD Y9, Y1, Y5     // c3·v
	VMULPD Y1, Y5, Y5     // ·v
	VADDPD Y10, Y5, Y5    // + 1
	VMULPD Y4, Y5, Y5     // ·(…)
	VADDPD Y5, Y2, Y2     // d
	VMULPD (R8), Y2, Y2   // d·dout
	VMOVUPD Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, R8
	ADDQ $32, DI
	DECQ CX
	JNZ  gbloop
	VZEROUPPER
	RET

// Lane starts of the 4-column kernel (pairs k and k+1 side by side).
DATA poolidx4<>+0(SB)/8, $0
DATA poolidx4<>+8(SB)/8, $8
DATA poolidx4<>+16(SB)/8, $2
DATA poolidx4<>+24(SB)/8, $10
DATA poolidx4<>+32(SB)/8, $16
DATA poolidx4<>+40(SB)/8, $4
GLOBL poolidx4<>(SB), RODATA|NOPTR, $48

// POOLSTEP(a0, a1, r1a, r1b) computes 4 windows from the row-0 vectors at
// a0, a1 and the row-1 vectors at r1a, r1b (as maxPoolRowAsm: Y15 the
// indices of a in lanes x = 0, 2, 1, 3, Y14 the row offset), stores them
// at DI and their argmax at DX.
#define POOLSTEP(a0, a1, r1a, r1b) \
	VMOVUPD a0, Y0 \
	VMOVUPD a1, Y1 \
	VUNPCKLPD Y1, Y0, Y2 \
	VUNPCKHPD Y1, Y0, Y3 \
	VMOVUPD r1a, Y0 \
	VMOVUPD r1b, Y1 \
	VUNPCKLPD Y1, Y0, Y4 \
	VUNPCKHPD Y1, Y0, Y5 \
	VCMPPD $0x1e, Y2, Y3, Y6 \
	VBLENDVPD Y6, Y3, Y2, Y7 \
	VPSUBQ Y6, Y15, Y8 \
	VCMPPD $0x1e, Y4, Y5, Y9 \
	VBLENDVPD Y9, Y5, Y4, Y10 \
	VPADDQ Y14, Y15, Y11 \
	VPSUBQ Y9, Y11, Y11 \
	VCMPPD $0x1e, Y7, Y10, Y12 \
	VBLENDVPD Y12, Y10, Y7, Y0 \
	VBLENDVPD Y12, Y11, Y8, Y1 \
	VPERMPD $0xd8, Y0, Y0 \
	VPERMQ $0xd8, Y1, Y1 \
	VPSHUFD $0x08, Y1, Y1 \
	VPERMQ $0x08, Y1, Y1 \
	VMOVUPD Y0, (DI) \
	VMOVDQU X1, (DX)

// func maxPoolAsm(out, arg, x unsafe.Pointer, pairs, w int)
//
// MaxPool2.Forward over pairs consecutive pairs of rows of x (w input
// columns, a positive multiple of 8; row pair k at x + 2k·w, argmax indices
// relative to x): maxPoolRowAsm for every pair in one call.
TEXT ·maxPoolAsm(SB), NOSPLIT, $0-40
	MOVQ out+0(FP), DI
	MOVQ arg+8(FP), DX
	MOVQ x+16(FP), SI
	MOVQ pairs+24(FP), R10
	MOVQ w+32(FP), R8
	VMOVDQU poolidx<>+0(SB), Y15  // index of a, lanes x = 0, 2, 1, 3
	VPBROADCASTQ w+32(FP), Y14
	VPBROADCASTQ poolidx<>+32(SB), Y13

mppair:
	LEAQ (SI)(R8*8), R9           // row 1
	MOVQ R8, CX
	SHRQ $3, CX

mpblock:
	POOLSTEP((SI), 32(SI), (R9), 32(R9))
	VPADDQ Y13, Y15, Y15
	ADDQ $64, SI
	ADDQ $64, R9
	ADDQ $32, DI
	ADDQ $16, DX
	DECQ CX
	JNZ  mpblock
	MOVQ R9, SI                   // the next pair starts after row 1
	VPADDQ Y14, Y15, Y15          // skip row 1's indices
	DECQ R10
	JNZ  mppair
	VZEROUPPER
	RET

// func maxPool4Asm(out, arg, x unsafe.Pointer, pairs int)
//
// maxPoolAsm for w = 4: two row pairs (k, k+1) per step, their 4 windows in
// one register; pairs a positive even count.
TEXT ·maxPool4Asm(SB), NOSPLIT, $0-32
	MOVQ out+0(FP), DI
	MOVQ arg+8(FP), DX
	MOVQ x+16(FP), SI
	MOVQ pairs+24(FP), CX
	SHRQ $1, CX
	VMOVDQU poolidx4<>+0(SB), Y15
	VPBROADCASTQ poolidx4<>+40(SB), Y14 // the row offset, 4
	VPBROADCASTQ poolidx4<>+32(SB), Y13 // 16 per step

mp4loop:
	POOLSTEP((SI), 64(SI), 32(SI), 96(SI))
	VPADDQ Y13, Y15, Y15
	ADDQ $128, SI
	ADDQ $32, DI
	ADDQ $16, DX
	DECQ CX
	JNZ  mp4loop
	VZEROUPPER
	RET

// func maxPoolBwdAsm(dx, dout, arg unsafe.Pointer, pairs, w int)
//
// MaxPool2.Backward for H, W even and every pair of rows (w a positive
// multiple of 4, argmax relative to dx): each input position gets its
// window's +0 + dout where it is the argmax, else +0 (so the values of the
// scalar clear-then-add, −0 included).
TEXT ·maxPoolBwdAsm(SB), NOSPLIT, $0-40
	MOVQ dx+0(FP), DI
	MOVQ dout+8(FP), SI
	MOVQ arg+16(FP), DX
	MOVQ pairs+24(FP), R10
	MOVQ w+32(FP), R8
	LEAQ (R8*8), R9               // row bytes
	VPXOR Y15, Y15, Y15
	VMOVDQU pbwidx<>+0(SB), Y14   // positions 0, 1, 2, 3
	VPBROADCASTQ w+32(FP), Y13    // row offset
	VPBROADCASTQ pbwidx<>+32(SB), Y12 // 4
	VPXOR Y11, Y11, Y11           // base index of the row

mbpair:
	MOVQ R8, CX
	SHRQ $2, CX                   // blocks of 4 positions (2 windows)
	MOVQ DI, BX

mbblock:
	VMOVUPD (SI), X0              // dout of the 2 windows
	VADDPD X15, X0, X0            // +0 + dout
	VPERMPD $0x50, Y0, Y0         // d0 d0 d1 d1
	VPMOVSXDQ (DX), X1            // their argmax, as int64
	VPERMQ $0x50, Y1, Y1
	VPADDQ Y14, Y11, Y2           // positions of row 0
	VPCMPEQQ Y2, Y1, Y3
	VANDPD Y0, Y3, Y3
	VMOVUPD Y3, (BX)
	VPADDQ Y13, Y2, Y2            // row 1
	VPCMPEQQ Y2, Y1, Y3
	VANDPD Y0, Y3, Y3
	VMOVUPD Y3, (BX)(R9*1)
	VPADDQ Y12, Y11, Y11
	ADDQ $16, SI
	ADDQ $8, DX
	ADDQ $32, BX
	DECQ CX
	JNZ  mbblock
	LEAQ (DI)(R9*2), DI           // the next pair of rows
	VPADDQ Y13, Y11, Y11          // skip row 1's indices
	DECQ R10
	JNZ  mbpair
	VZEROUPPER
	RET

DATA pbwidx<>+0(SB)/8, $0
DATA pbwidx<>+8(SB)/8, $1
DATA pbwidx<>+16(SB)/8, $2
DATA pbwidx<>+24(SB)/8, $3
DATA pbwidx<>+32(SB)/8, $4
GLOBL pbwidx<>(SB), RODATA|NOPTR, $40
