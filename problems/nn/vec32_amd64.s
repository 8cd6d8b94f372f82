//go:build goexperiment.simd && amd64

#include "textflag.h"

// The float32 vector loops of the layers (vec32_simd.go), AVX2 with FMA: 8
// lanes per register. Their results need not equal the scalar loops' bit for
// bit (float32 is new; nothing recorded depends on it), only be as accurate:
// sums run in vector lanes and products fuse.

DATA k32<>+0(SB)/4, $0x42b175c3
DATA k32<>+4(SB)/4, $0x42b175c3
DATA k32<>+8(SB)/4, $0x42b175c3
DATA k32<>+12(SB)/4, $0x42b175c3
DATA k32<>+16(SB)/4, $0x42b175c3
DATA k32<>+20(SB)/4, $0x42b175c3
DATA k32<>+24(SB)/4, $0x42b175c3
DATA k32<>+28(SB)/4, $0x42b175c3
DATA k32<>+32(SB)/4, $0xc2d00000
DATA k32<>+36(SB)/4, $0xc2d00000
DATA k32<>+40(SB)/4, $0xc2d00000
DATA k32<>+44(SB)/4, $0xc2d00000
DATA k32<>+48(SB)/4, $0xc2d00000
DATA k32<>+52(SB)/4, $0xc2d00000
DATA k32<>+56(SB)/4, $0xc2d00000
DATA k32<>+60(SB)/4, $0xc2d00000
DATA k32<>+64(SB)/4, $0x3fb8aa3b
DATA k32<>+68(SB)/4, $0x3fb8aa3b
DATA k32<>+72(SB)/4, $0x3fb8aa3b
DATA k32<>+76(SB)/4, $0x3fb8aa3b
DATA k32<>+80(SB)/4, $0x3fb8aa3b
DATA k32<>+84(SB)/4, $0x3fb8aa3b
DATA k32<>+88(SB)/4, $0x3fb8aa3b
DATA k32<>+92(SB)/4, $0x3fb8aa3b
DATA k32<>+96(SB)/4, $0x3f318000
DATA k32<>+100(SB)/4, $0x3f318000
DATA k32<>+104(SB)/4, $0x3f318000
DATA k32<>+108(SB)/4, $0x3f318000
DATA k32<>+112(SB)/4, $0x3f318000
DATA k32<>+116(SB)/4, $0x3f318000
DATA k32<>+120(SB)/4, $0x3f318000
DATA k32<>+124(SB)/4, $0x3f318000
DATA k32<>+128(SB)/4, $0xb95e8083
DATA k32<>+132(SB)/4, $0xb95e8083
DATA k32<>+136(SB)/4, $0xb95e8083
DATA k32<>+140(SB)/4, $0xb95e8083
DATA k32<>+144(SB)/4, $0xb95e8083
DATA k32<>+148(SB)/4, $0xb95e8083
DATA k32<>+152(SB)/4, $0xb95e8083
DATA k32<>+156(SB)/4, $0xb95e8083
DATA k32<>+160(SB)/4, $0x39506967
DATA k32<>+164(SB)/4, $0x39506967
DATA k32<>+168(SB)/4, $0x39506967
DATA k32<>+172(SB)/4, $0x39506967
DATA k32<>+176(SB)/4, $0x39506967
DATA k32<>+180(SB)/4, $0x39506967
DATA k32<>+184(SB)/4, $0x39506967
DATA k32<>+188(SB)/4, $0x39506967
DATA k32<>+192(SB)/4, $0x3ab743ce
DATA k32<>+196(SB)/4, $0x3ab743ce
DATA k32<>+200(SB)/4, $0x3ab743ce
DATA k32<>+204(SB)/4, $0x3ab743ce
DATA k32<>+208(SB)/4, $0x3ab743ce
DATA k32<>+212(SB)/4, $0x3ab743ce
DATA k32<>+216(SB)/4, $0x3ab743ce
DATA k32<>+220(SB)/4, $0x3ab743ce
DATA k32<>+224(SB)/4, $0x3c088908
DATA k32<>+228(SB)/4, $0x3c088908
DATA k32<>+232(SB)/4, $0x3c088908
DATA k32<>+236(SB)/4, $0x3c088908
DATA k32<>+240(SB)/4, $0x3c088908
DATA k32<>+244(SB)/4, $0x3c088908
DATA k32<>+248(SB)/4, $0x3c088908
DATA k32<>+252(SB)/4, $0x3c088908
DATA k32<>+256(SB)/4, $0x3d2aa9c1
DATA k32<>+260(SB)/4, $0x3d2aa9c1
DATA k32<>+264(SB)/4, $0x3d2aa9c1
DATA k32<>+268(SB)/4, $0x3d2aa9c1
DATA k32<>+272(SB)/4, $0x3d2aa9c1
DATA k32<>+276(SB)/4, $0x3d2aa9c1
DATA k32<>+280(SB)/4, $0x3d2aa9c1
DATA k32<>+284(SB)/4, $0x3d2aa9c1
DATA k32<>+288(SB)/4, $0x3e2aaaaa
DATA k32<>+292(SB)/4, $0x3e2aaaaa
DATA k32<>+296(SB)/4, $0x3e2aaaaa
DATA k32<>+300(SB)/4, $0x3e2aaaaa
DATA k32<>+304(SB)/4, $0x3e2aaaaa
DATA k32<>+308(SB)/4, $0x3e2aaaaa
DATA k32<>+312(SB)/4, $0x3e2aaaaa
DATA k32<>+316(SB)/4, $0x3e2aaaaa
DATA k32<>+320(SB)/4, $0x3f000000
DATA k32<>+324(SB)/4, $0x3f000000
DATA k32<>+328(SB)/4, $0x3f000000
DATA k32<>+332(SB)/4, $0x3f000000
DATA k32<>+336(SB)/4, $0x3f000000
DATA k32<>+340(SB)/4, $0x3f000000
DATA k32<>+344(SB)/4, $0x3f000000
DATA k32<>+348(SB)/4, $0x3f000000
DATA k32<>+352(SB)/4, $0x3f800000
DATA k32<>+356(SB)/4, $0x3f800000
DATA k32<>+360(SB)/4, $0x3f800000
DATA k32<>+364(SB)/4, $0x3f800000
DATA k32<>+368(SB)/4, $0x3f800000
DATA k32<>+372(SB)/4, $0x3f800000
DATA k32<>+376(SB)/4, $0x3f800000
DATA k32<>+380(SB)/4, $0x3f800000
DATA k32<>+384(SB)/4, $0x40000000
DATA k32<>+388(SB)/4, $0x40000000
DATA k32<>+392(SB)/4, $0x40000000
DATA k32<>+396(SB)/4, $0x40000000
DATA k32<>+400(SB)/4, $0x40000000
DATA k32<>+404(SB)/4, $0x40000000
DATA k32<>+408(SB)/4, $0x40000000
DATA k32<>+412(SB)/4, $0x40000000
DATA k32<>+416(SB)/4, $0x3f000000
DATA k32<>+420(SB)/4, $0x3f000000
DATA k32<>+424(SB)/4, $0x3f000000
DATA k32<>+428(SB)/4, $0x3f000000
DATA k32<>+432(SB)/4, $0x3f000000
DATA k32<>+436(SB)/4, $0x3f000000
DATA k32<>+440(SB)/4, $0x3f000000
DATA k32<>+444(SB)/4, $0x3f000000
DATA k32<>+448(SB)/4, $0x3d372713
DATA k32<>+452(SB)/4, $0x3d372713
DATA k32<>+456(SB)/4, $0x3d372713
DATA k32<>+460(SB)/4, $0x3d372713
DATA k32<>+464(SB)/4, $0x3d372713
DATA k32<>+468(SB)/4, $0x3d372713
DATA k32<>+472(SB)/4, $0x3d372713
DATA k32<>+476(SB)/4, $0x3d372713
DATA k32<>+480(SB)/4, $0xff800000
DATA k32<>+484(SB)/4, $0xff800000
DATA k32<>+488(SB)/4, $0xff800000
DATA k32<>+492(SB)/4, $0xff800000
DATA k32<>+496(SB)/4, $0xff800000
DATA k32<>+500(SB)/4, $0xff800000
DATA k32<>+504(SB)/4, $0xff800000
DATA k32<>+508(SB)/4, $0xff800000
DATA k32<>+512(SB)/4, $127
DATA k32<>+516(SB)/4, $127
DATA k32<>+520(SB)/4, $127
DATA k32<>+524(SB)/4, $127
DATA k32<>+528(SB)/4, $127
DATA k32<>+532(SB)/4, $127
DATA k32<>+536(SB)/4, $127
DATA k32<>+540(SB)/4, $127
GLOBL k32<>(SB), RODATA|NOPTR, $544
#define K32_hi k32<>+0(SB) // 88.73
#define K32_lo k32<>+32(SB) // -104.0
#define K32_log2e k32<>+64(SB) // 1.4426950408889634
#define K32_c1 k32<>+96(SB) // 0.693359375
#define K32_c2 k32<>+128(SB) // -0.00021219444
#define K32_p0 k32<>+160(SB) // 0.000198756915
#define K32_p1 k32<>+192(SB) // 0.0013981999507
#define K32_p2 k32<>+224(SB) // 0.0083334519073
#define K32_p3 k32<>+256(SB) // 0.041665795894
#define K32_p4 k32<>+288(SB) // 0.16666665459
#define K32_p5 k32<>+320(SB) // 0.50000001201
#define K32_one k32<>+352(SB) // 1.0
#define K32_two k32<>+384(SB) // 2.0
#define K32_half k32<>+416(SB) // 0.5
#define K32_gk k32<>+448(SB) // 0.044715
#define K32_ninf k32<>+480(SB) // -inf
#define K32_127 k32<>+512(SB)

// EXP8 sets Y0 = exp(Y0) in 8 float32 lanes (Cephes' expf: x = n·ln2 + r
// with |r| ≤ ln2/2, a degree-7 polynomial in r, then ·2^n as 2^(n>>1)·2^(n−n>>1)
// so that subnormal results and overflow to +Inf come out right; the
// argument is clamped to [−104, 88.73], NaN passes through). Within 2 ulp
// of the correctly rounded exp (TestExp32). Clobbers Y1–Y5.
#define EXP8 \
	VCMPPS $3, Y0, Y0, Y4 \
	VMINPS K32_hi, Y0, Y1 \
	VMAXPS K32_lo, Y1, Y1 \
	VMULPS K32_log2e, Y1, Y2 \
	VROUNDPS $0, Y2, Y2 \
	VFNMADD231PS K32_c1, Y2, Y1 \
	VFNMADD231PS K32_c2, Y2, Y1 \
	VMOVUPS K32_p0, Y3 \
	VFMADD213PS K32_p1, Y1, Y3 \
	VFMADD213PS K32_p2, Y1, Y3 \
	VFMADD213PS K32_p3, Y1, Y3 \
	VFMADD213PS K32_p4, Y1, Y3 \
	VFMADD213PS K32_p5, Y1, Y3 \
	VMULPS Y1, Y1, Y5 \
	VFMADD213PS Y1, Y5, Y3 \
	VADDPS K32_one, Y3, Y3 \
	VCVTPS2DQ Y2, Y2 \
	VPSRAD $1, Y2, Y5 \
	VPSUBD Y5, Y2, Y2 \
	VPADDD K32_127, Y5, Y5 \
	VPSLLD $23, Y5, Y5 \
	VPADDD K32_127, Y2, Y2 \
	VPSLLD $23, Y2, Y2 \
	VMULPS Y5, Y3, Y3 \
	VMULPS Y2, Y3, Y3 \
	VBLENDVPS Y4, Y0, Y3, Y0

// HSUM8 sets X0 (lane 0) to the sum of Y0's 8 lanes. Clobbers X1.
#define HSUM8 \
	VEXTRACTF128 $1, Y0, X1 \
	VADDPS X1, X0, X0 \
	VMOVHLPS X0, X0, X1 \
	VADDPS X1, X0, X0 \
	VMOVSHDUP X0, X1 \
	VADDSS X1, X0, X0

// HMAX8 is HSUM8 with max.
#define HMAX8 \
	VEXTRACTF128 $1, Y0, X1 \
	VMAXPS X1, X0, X0 \
	VMOVHLPS X0, X0, X1 \
	VMAXPS X1, X0, X0 \
	VMOVSHDUP X0, X1 \
	VMAXSS X1, X0, X0

// func expSub32Asm(dst, src unsafe.Pointer, n int, sub float32, mask unsafe.Pointer)
//
// dst[i] = exp(src[i] − sub) for i < n (n ≥ 1; the last n mod 8 with the
// lane mask at mask).
TEXT ·expSub32Asm(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSS sub+24(FP), Y6
	MOVQ mask+32(FP), AX
	VMOVDQU (AX), Y7
	MOVQ CX, BX
	ANDQ $-8, BX
	XORQ DX, DX
	CMPQ DX, BX
	JGE  e32tail

e32loop:
	VMOVUPS (SI)(DX*4), Y0
	VSUBPS Y6, Y0, Y0
	EXP8
	VMOVUPS Y0, (DI)(DX*4)
	ADDQ $8, DX
	CMPQ DX, BX
	JLT  e32loop

e32tail:
	CMPQ DX, CX
	JGE  e32done
	VMASKMOVPS (SI)(DX*4), Y7, Y0
	VSUBPS Y6, Y0, Y0
	EXP8
	VMASKMOVPS Y0, Y7, (DI)(DX*4)

e32done:
	VZEROUPPER
	RET

// func softmaxRow32Asm(row unsafe.Pointer, n int, scale float32, mask unsafe.Pointer)
//
// row[s] *= scale, then row = softmax(row) over s < n (n ≥ 1): the max,
// exp(row − max), their sum (in vector lanes, then across), and row/sum.
TEXT ·softmaxRow32Asm(SB), NOSPLIT, $0-32
	MOVQ row+0(FP), DI
	MOVQ n+8(FP), CX
	VBROADCASTSS scale+16(FP), Y6
	MOVQ mask+24(FP), AX
	VMOVDQU (AX), Y7
	MOVQ CX, BX
	ANDQ $-8, BX
	// scale and max
	VMOVUPS K32_ninf, Y8
	XORQ DX, DX
	CMPQ DX, BX
	JGE  s32t1

s32l1:
	VMULPS (DI)(DX*4), Y6, Y0
	VMOVUPS Y0, (DI)(DX*4)
	VMAXPS Y0, Y8, Y8
	ADDQ $8, DX
	CMPQ DX, BX
	JLT  s32l1

s32t1:
	CMPQ DX, CX
	JGE  s32m
	VMASKMOVPS (DI)(DX*4), Y7, Y0
	VMULPS Y0, Y6, Y0
	VMASKMOVPS Y0, Y7, (DI)(DX*4)
	VMOVUPS K32_ninf, Y1
	VBLENDVPS Y7, Y0, Y1, Y0
	VMAXPS Y0, Y8, Y8

s32m:
	VMOVUPS Y8, Y0
	HMAX8
	VBROADCASTSS X0, Y6        // the max
	// exp and sum
	VXORPS Y9, Y9, Y9
	XORQ DX, DX
	CMPQ DX, BX
	JGE  s32t2

s32l2:
	VMOVUPS (DI)(DX*4), Y0
	VSUBPS Y6, Y0, Y0
	EXP8
	VMOVUPS Y0, (DI)(DX*4)
	VADDPS Y0, Y9, Y9
	ADDQ $8, DX
	CMPQ DX, BX
	JLT  s32l2

s32t2:
	CMPQ DX, CX
	JGE  s32s
	VMASKMOVPS (DI)(DX*4), Y7, Y0
	VSUBPS Y6, Y0, Y0
	EXP8
	VANDPS Y7, Y0, Y0          // lanes off: +0
	VMASKMOVPS Y0, Y7, (DI)(DX*4)
	VADDPS Y0, Y9, Y9

s32s:
	VMOVUPS Y9, Y0
	HSUM8
	VMOVSS K32_one, X1
	VDIVSS X0, X1, X1
	VBROADCASTSS X1, Y6        // 1/sum
	XORQ DX, DX
	CMPQ DX, BX
	JGE  s32t3

s32l3:
	VMULPS (DI)(DX*4), Y6, Y0
	VMOVUPS Y0, (DI)(DX*4)
	ADDQ $8, DX
	CMPQ DX, BX
	JLT  s32l3

s32t3:
	CMPQ DX, CX
	JGE  s32done
	VMASKMOVPS (DI)(DX*4), Y7, Y0
	VMULPS Y0, Y6, Y0
	VMASKMOVPS Y0, Y7, (DI)(DX*4)

s32done:
	VZEROUPPER
	RET

// func softmaxBwdRow32Asm(p, d unsafe.Pointer, n int, scale float32, mask unsafe.Pointer)
//
// dot = Σ p·d, then d = (scale·p)·(d − dot), over s < n (n ≥ 1).
TEXT ·softmaxBwdRow32Asm(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), SI
	MOVQ d+8(FP), DI
	MOVQ n+16(FP), CX
	VBROADCASTSS scale+24(FP), Y6
	MOVQ mask+32(FP), AX
	VMOVDQU (AX), Y7
	MOVQ CX, BX
	ANDQ $-8, BX
	VXORPS Y8, Y8, Y8
	XORQ DX, DX
	CMPQ DX, BX
	JGE  b32t1

b32l1:
	VMOVUPS (SI)(DX*4), Y0
	VFMADD231PS (DI)(DX*4), Y0, Y8
	ADDQ $8, DX
	CMPQ DX, BX
	JLT  b32l1

b32t1:
	CMPQ DX, CX
	JGE  b32d
	VMASKMOVPS (SI)(DX*4), Y7, Y0
	VMASKMOVPS (DI)(DX*4), Y7, Y1
	VFMADD231PS Y1, Y0, Y8

b32d:
	VMOVUPS Y8, Y0
	HSUM8
	VBROADCASTSS X0, Y8        // dot
	XORQ DX, DX
	CMPQ DX, BX
	JGE  b32t2

b32l2:
	VMULPS (SI)(DX*4), Y6, Y0
	VMOVUPS (DI)(DX*4), Y1
	VSUBPS Y8, Y1, Y1
	VMULPS Y1, Y0, Y0
	VMOVUPS Y0, (DI)(DX*4)
	ADDQ $8, DX
	CMPQ DX, BX
	JLT  b32l2

b32t2:
	CMPQ DX, CX
	JGE  b32done
	LEAQ (SI)(DX*4), AX
	LEAQ (DI)(DX*4), R8
	VMASKMOVPS (AX), Y7, Y0
	VMULPS Y0, Y6, Y0
	VMASKMOVPS (R8), Y7, Y1
	VSUBPS Y8, Y1, Y1
	VMULPS Y1, Y0, Y0
	VMASKMOVPS Y0, Y7, (R8)

b32done:
	VZEROUPPER
	RET

// func geluFwd32Asm(out, th, x unsafe.Pointer, n int, g2 float32)
//
// GELU forward for i < n (a positive multiple of 8): u = g2·(v + 0.044715·v³)
// (g2 = 2·sqrt(2/π)), t = 1 − 2/(exp(u) + 1), th = t, out = 0.5·v·(1 + t).
TEXT ·geluFwd32Asm(SB), NOSPLIT, $0-36
	MOVQ out+0(FP), DI
	MOVQ th+8(FP), R8
	MOVQ x+16(FP), SI
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	VBROADCASTSS g2+32(FP), Y6

gf32loop:
	VMOVUPS (SI), Y7
	VMULPS Y7, Y7, Y0
	VMULPS K32_gk, Y0, Y0      // 0.044715·v²
	VFMADD213PS Y7, Y7, Y0     // ·v + v
	VMULPS Y6, Y0, Y0          // u
	EXP8
	VADDPS K32_one, Y0, Y0
	VMOVUPS K32_two, Y1
	VDIVPS Y0, Y1, Y1
	VMOVUPS K32_one, Y2
	VSUBPS Y1, Y2, Y2          // t
	VMOVUPS Y2, (R8)
	VADDPS K32_one, Y2, Y2
	VMULPS K32_half, Y7, Y3
	VMULPS Y2, Y3, Y3
	VMOVUPS Y3, (DI)
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, DI
	DECQ CX
	JNZ  gf32loop
	VZEROUPPER
	RET

// func geluBwd32Asm(dx, th, x, dout unsafe.Pointer, n int, s, c3 float32)
//
// dx = dout·(0.5·(1 + t) + 0.5·v·(1 − t²)·s·(1 + c3·v²)) for i < n (a
// positive multiple of 8).
TEXT ·geluBwd32Asm(SB), NOSPLIT, $0-48
	MOVQ dx+0(FP), DI
	MOVQ th+8(FP), SI
	MOVQ x+16(FP), DX
	MOVQ dout+24(FP), R8
	MOVQ n+32(FP), CX
	SHRQ $3, CX
	VBROADCASTSS s+40(FP), Y8
	VBROADCASTSS c3+44(FP), Y9

gb32loop:
	VMOVUPS (SI), Y0            // t
	VMOVUPS (DX), Y1            // v
	VADDPS K32_one, Y0, Y2
	VMULPS K32_half, Y2, Y2     // 0.5(1 + t)
	VMULPS K32_half, Y1, Y3     // 0.5v
	VMOVUPS K32_one, Y4
	VFNMADD231PS Y0, Y0, Y4     // 1 − t²
	VMULPS Y3, Y4, Y4
	VMULPS Y8, Y4, Y4           // 0.5v(1 − t²)s
	VMULPS Y1, Y1, Y5
	VMOVUPS K32_one, Y10
	VFMADD231PS Y9, Y5, Y10     // 1 + c3·v²
	VFMADD231PS Y10, Y4, Y2     // d
	VMULPS (R8), Y2, Y2
	VMOVUPS Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, R8
	ADDQ $32, DI
	DECQ CX
	JNZ  gb32loop
	VZEROUPPER
	RET

// func lnFwd32Asm(x, out, mean, rstd, gamma, beta unsafe.Pointer, rows, c int, eps float32)
//
// LayerNorm forward, row by row (c a positive multiple of 8): m = Σx/c,
// v = Σ(x − m)²/c, rs = 1/sqrt(v + eps), out = (x − m)·rs·gamma + beta.
TEXT ·lnFwd32Asm(SB), NOSPLIT, $0-68
	MOVQ x+0(FP), SI
	MOVQ out+8(FP), DI
	MOVQ mean+16(FP), R14
	MOVQ rstd+24(FP), R15
	MOVQ gamma+32(FP), R12
	MOVQ beta+40(FP), R13
	MOVQ rows+48(FP), CX
	MOVQ c+56(FP), R8
	VCVTSI2SSQ R8, X15, X15    // c as a float32
	SHLQ $2, R8                // row bytes

lf32row:
	VXORPS Y8, Y8, Y8
	XORQ DX, DX

lf32s:
	VADDPS (SI)(DX*1), Y8, Y8
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  lf32s
	VMOVUPS Y8, Y0
	HSUM8
	VDIVSS X15, X0, X0
	VMOVSS X0, (R14)
	VBROADCASTSS X0, Y8        // m
	VXORPS Y9, Y9, Y9
	XORQ DX, DX

lf32v:
	VMOVUPS (SI)(DX*1), Y0
	VSUBPS Y8, Y0, Y0
	VFMADD231PS Y0, Y0, Y9
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  lf32v
	VMOVUPS Y9, Y0
	HSUM8
	VDIVSS X15, X0, X0
	VADDSS eps+64(FP), X0, X0
	VSQRTSS X0, X0, X0
	VMOVSS K32_one, X1
	VDIVSS X0, X1, X1
	VMOVSS X1, (R15)
	VBROADCASTSS X1, Y9        // rs
	XORQ DX, DX

lf32o:
	VMOVUPS (SI)(DX*1), Y0
	VSUBPS Y8, Y0, Y0
	VMULPS Y9, Y0, Y0
	VMOVUPS (R13)(DX*1), Y1
	VFMADD231PS (R12)(DX*1), Y0, Y1
	VMOVUPS Y1, (DI)(DX*1)
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  lf32o
	ADDQ R8, SI
	ADDQ R8, DI
	ADDQ $4, R14
	ADDQ $4, R15
	DECQ CX
	JNZ  lf32row
	VZEROUPPER
	RET

// func lnBwd32Asm(x, dout, dx, mean, rstd, gamma, dgamma, dbeta unsafe.Pointer, rows, c int)
//
// LayerNorm backward, row by row in order (c a positive multiple of 8):
// x̂ = (x − m)·rs, dn = dy·gamma, sd = Σdn/c, sdx = Σdn·x̂/c,
// dgamma += dy·x̂, dbeta += dy, dx = rs·(dn − sd − x̂·sdx).
TEXT ·lnBwd32Asm(SB), NOSPLIT, $0-80
	MOVQ x+0(FP), SI
	MOVQ dout+8(FP), DI
	MOVQ dx+16(FP), R10
	MOVQ mean+24(FP), R14
	MOVQ rstd+32(FP), R15
	MOVQ gamma+40(FP), R12
	MOVQ dgamma+48(FP), R13
	MOVQ dbeta+56(FP), R11
	MOVQ rows+64(FP), CX
	MOVQ c+72(FP), R8
	VCVTSI2SSQ R8, X15, X15
	SHLQ $2, R8

lb32row:
	VBROADCASTSS (R14), Y8     // m
	VBROADCASTSS (R15), Y9     // rs
	VXORPS Y10, Y10, Y10       // Σ dn
	VXORPS Y11, Y11, Y11       // Σ dn·x̂
	XORQ DX, DX

lb32s:
	VMOVUPS (SI)(DX*1), Y0
	VSUBPS Y8, Y0, Y0
	VMULPS Y9, Y0, Y0          // x̂
	VMOVUPS (DI)(DX*1), Y1     // dy
	VMULPS Y0, Y1, Y2
	VADDPS (R13)(DX*1), Y2, Y2
	VMOVUPS Y2, (R13)(DX*1)    // dgamma += dy·x̂
	VADDPS (R11)(DX*1), Y1, Y3
	VMOVUPS Y3, (R11)(DX*1)    // dbeta += dy
	VMULPS (R12)(DX*1), Y1, Y1 // dn
	VADDPS Y1, Y10, Y10
	VFMADD231PS Y0, Y1, Y11
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  lb32s
	VMOVUPS Y10, Y0
	HSUM8
	VDIVSS X15, X0, X0
	VBROADCASTSS X0, Y10       // sd
	VMOVUPS Y11, Y0
	HSUM8
	VDIVSS X15, X0, X0
	VBROADCASTSS X0, Y11       // sdx
	XORQ DX, DX

lb32d:
	VMOVUPS (SI)(DX*1), Y0
	VSUBPS Y8, Y0, Y0
	VMULPS Y9, Y0, Y0          // x̂
	VMOVUPS (DI)(DX*1), Y1
	VMULPS (R12)(DX*1), Y1, Y1 // dn
	VSUBPS Y10, Y1, Y1
	VFNMADD231PS Y11, Y0, Y1   // − x̂·sdx
	VMULPS Y9, Y1, Y1
	VMOVUPS Y1, (R10)(DX*1)
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  lb32d
	ADDQ R8, SI
	ADDQ R8, DI
	ADDQ R8, R10
	ADDQ $4, R14
	ADDQ $4, R15
	DECQ CX
	JNZ  lb32row
	VZEROUPPER
	RET

// func biasAdd32Asm(out, bias unsafe.Pointer, rows, cols, ldo int)
//
// out[r, o] += bias[o] for the first cols (a positive multiple of 8)
// columns of rows rows (row stride ldo elements).
TEXT ·biasAdd32Asm(SB), NOSPLIT, $0-40
	MOVQ out+0(FP), DI
	MOVQ bias+8(FP), SI
	MOVQ rows+16(FP), BX
	MOVQ cols+24(FP), R8
	MOVQ ldo+32(FP), R9
	SHLQ $2, R8
	SHLQ $2, R9

ba32row:
	XORQ DX, DX

ba32col:
	VMOVUPS (DI)(DX*1), Y0
	VADDPS (SI)(DX*1), Y0, Y0
	VMOVUPS Y0, (DI)(DX*1)
	ADDQ $32, DX
	CMPQ DX, R8
	JLT  ba32col
	ADDQ R9, DI
	DECQ BX
	JNZ  ba32row
	VZEROUPPER
	RET

// func biasGrad32Asm(db, dout unsafe.Pointer, rows, cols, ldo int)
//
// db[o] += Σ_r dout[r, o] for the first cols (a positive multiple of 8)
// columns, 32 columns per pass over the rows, then 8.
TEXT ·biasGrad32Asm(SB), NOSPLIT, $0-40
	MOVQ db+0(FP), DI
	MOVQ dout+8(FP), SI
	MOVQ rows+16(FP), R10
	MOVQ cols+24(FP), R8
	MOVQ ldo+32(FP), R9
	SHLQ $2, R8
	SHLQ $2, R9
	XORQ DX, DX
	MOVQ R8, R11
	SUBQ $96, R11

bg32c4:
	CMPQ DX, R11
	JGE  bg32c
	VMOVUPS (DI)(DX*1), Y0
	VMOVUPS 32(DI)(DX*1), Y1
	VMOVUPS 64(DI)(DX*1), Y2
	VMOVUPS 96(DI)(DX*1), Y3
	LEAQ (SI)(DX*1), AX
	MOVQ R10, BX

bg32r4:
	VADDPS (AX), Y0, Y0
	VADDPS 32(AX), Y1, Y1
	VADDPS 64(AX), Y2, Y2
	VADDPS 96(AX), Y3, Y3
	ADDQ R9, AX
	DECQ BX
	JNZ  bg32r4
	VMOVUPS Y0, (DI)(DX*1)
	VMOVUPS Y1, 32(DI)(DX*1)
	VMOVUPS Y2, 64(DI)(DX*1)
	VMOVUPS Y3, 96(DI)(DX*1)
	ADDQ $128, DX
	JMP  bg32c4

bg32c:
	CMPQ DX, R8
	JGE  bg32done
	VMOVUPS (DI)(DX*1), Y0
	LEAQ (SI)(DX*1), AX
	MOVQ R10, BX

bg32r:
	VADDPS (AX), Y0, Y0
	ADDQ R9, AX
	DECQ BX
	JNZ  bg32r
	VMOVUPS Y0, (DI)(DX*1)
	ADDQ $32, DX
	JMP  bg32c

bg32done:
	VZEROUPPER
	RET

// func reluFwd32Asm(out, x unsafe.Pointer, n int)
//
// out = x where x > 0 or NaN, else +0 (Go's max(x, 0)), n a positive
// multiple of 8.
TEXT ·reluFwd32Asm(SB), NOSPLIT, $0-24
	MOVQ out+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	VXORPS Y1, Y1, Y1

rf32loop:
	VMOVUPS (SI), Y0
	VCMPPS $6, Y1, Y0, Y2
	VANDPS Y0, Y2, Y2
	VMOVUPS Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  rf32loop
	VZEROUPPER
	RET

// func reluBwd32Asm(dx, y, dout unsafe.Pointer, n int)
//
// dx = dout where y > 0, else +0 (as ReLU.Backward's float32 loop), n a
// positive multiple of 8.
TEXT ·reluBwd32Asm(SB), NOSPLIT, $0-32
	MOVQ dx+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ dout+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	VXORPS Y1, Y1, Y1

rb32loop:
	VMOVUPS (SI), Y0
	VCMPPS $0x1e, Y1, Y0, Y2   // y > 0 (ordered)
	VANDPS (DX), Y2, Y2
	VMOVUPS Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  rb32loop
	VZEROUPPER
	RET

// func narrowAsm(dst, src unsafe.Pointer, n int)
//
// dst[i] = float32(src[i]) (round to nearest even, as Go), n a positive
// multiple of 8.
TEXT ·narrowAsm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX

nwloop:
	VCVTPD2PSY (SI), X0
	VCVTPD2PSY 32(SI), X1
	VMOVUPS X0, (DI)
	VMOVUPS X1, 16(DI)
	ADDQ $64, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  nwloop
	VZEROUPPER
	RET

// func widenAsm(dst, src unsafe.Pointer, n int)
//
// dst[i] = float64(src[i]) (exact), n a positive multiple of 8.
TEXT ·widenAsm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX

wdloop:
	VCVTPS2PD (SI), Y0
	VCVTPS2PD 16(SI), Y1
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ $32, SI
	ADDQ $64, DI
	DECQ CX
	JNZ  wdloop
	VZEROUPPER
	RET

// func im2colChan32Asm(col, plane unsafe.Pointer, h, w int)
//
// im2colChanAsm for float32 (moved as bits): col's rows of one channel from
// its zero-bordered copy plane [h+2, w+2], w a positive multiple of 4.
TEXT ·im2colChan32Asm(SB), NOSPLIT, $0-32
	MOVQ col+0(FP), DI
	MOVQ plane+8(FP), R10
	MOVQ h+16(FP), AX
	MOVQ w+24(FP), R8
	LEAQ 8(R8*4), R9  // (w+2)·4, the plane's row stride
	SHLQ $2, R8       // w·4
	MOVQ $3, R11

ic32ky:
	MOVQ R10, R12
	MOVQ $3, R13

ic32kx:
	MOVQ R12, SI
	MOVQ AX, BX

ic32y:
	XORQ DX, DX

ic32x:
	VMOVUPS (SI)(DX*1), X0
	VMOVUPS X0, (DI)
	ADDQ $16, DI
	ADDQ $16, DX
	CMPQ DX, R8
	JLT  ic32x
	ADDQ R9, SI
	DECQ BX
	JNZ  ic32y
	ADDQ $4, R12
	DECQ R13
	JNZ  ic32kx
	ADDQ R9, R10
	DECQ R11
	JNZ  ic32ky
	VZEROUPPER
	RET
