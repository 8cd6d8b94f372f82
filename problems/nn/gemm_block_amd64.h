// The register blocks of the AVX2+FMA gemm micro-kernels, shared by the
// float64 kernels (gemm_amd64.s) and the float32 ones (gemm32_amd64.s),
// which pass their instructions in: PD and SD forms, or PS and SS. One
// place, then, for the FMA chain every C element gets (gemmFMARef's):
// row r of a block of 4 or 6 rows keeps its two vectors of columns in
// Y(2r) and Y(2r+1).
//
// Registers: A's rows 0-3 at SI, SI+R8, SI+2·R8, SI+R12 (R12 = 3·rs) and
// rows 4, 5 at R13, R13+R8; a k-step's two vectors of B in Y12 and Y13, A's
// broadcast in Y14. C at DX, rows R11 bytes apart, with R12 = 3·ldc and
// R13 = DX + 4·ldc for the 6-row add and store. The init rows at AX, BX
// bytes apart.

// The accumulators start at +0.
#define BLOCK_ZERO4(XOR) \
	XOR Y0, Y0, Y0 \
	XOR Y1, Y1, Y1 \
	XOR Y2, Y2, Y2 \
	XOR Y3, Y3, Y3 \
	XOR Y4, Y4, Y4 \
	XOR Y5, Y5, Y5 \
	XOR Y6, Y6, Y6 \
	XOR Y7, Y7, Y7

#define BLOCK_ZERO6(XOR) \
	BLOCK_ZERO4(XOR) \
	XOR Y8, Y8, Y8 \
	XOR Y9, Y9, Y9 \
	XOR Y10, Y10, Y10 \
	XOR Y11, Y11, Y11

// The accumulators start from the block stored at init (AX, advanced by
// BX per row): the chains of an earlier chunk of k go on.
#define BLOCK_INIT4(LOAD) \
	LOAD (AX), Y0 \
	LOAD 32(AX), Y1 \
	ADDQ BX, AX \
	LOAD (AX), Y2 \
	LOAD 32(AX), Y3 \
	ADDQ BX, AX \
	LOAD (AX), Y4 \
	LOAD 32(AX), Y5 \
	ADDQ BX, AX \
	LOAD (AX), Y6 \
	LOAD 32(AX), Y7

#define BLOCK_INIT6(LOAD) \
	BLOCK_INIT4(LOAD) \
	ADDQ BX, AX \
	LOAD (AX), Y8 \
	LOAD 32(AX), Y9 \
	ADDQ BX, AX \
	LOAD (AX), Y10 \
	LOAD 32(AX), Y11

// One row's step of the chain: A(r, p) at ADDR times B's row p, added.
#define BLOCK_ROW(BCAST, FMA, ADDR, C0, C1) \
	BCAST ADDR, Y14 \
	FMA Y12, Y14, C0 \
	FMA Y13, Y14, C1

// Step p of every row's chain, B's row p at the register B.
#define BLOCK_STEP4(LOAD, BCAST, FMA, B) \
	LOAD (B), Y12 \
	LOAD 32(B), Y13 \
	BLOCK_ROW(BCAST, FMA, (SI), Y0, Y1) \
	BLOCK_ROW(BCAST, FMA, (SI)(R8*1), Y2, Y3) \
	BLOCK_ROW(BCAST, FMA, (SI)(R8*2), Y4, Y5) \
	BLOCK_ROW(BCAST, FMA, (SI)(R12*1), Y6, Y7)

#define BLOCK_STEP6(LOAD, BCAST, FMA, B) \
	BLOCK_STEP4(LOAD, BCAST, FMA, B) \
	BLOCK_ROW(BCAST, FMA, (R13), Y8, Y9) \
	BLOCK_ROW(BCAST, FMA, (R13)(R8*1), Y10, Y11)

// c + s, when accumulate is set.
#define BLOCK_ADDC4(ADD) \
	ADD (DX), Y0, Y0 \
	ADD 32(DX), Y1, Y1 \
	ADD (DX)(R11*1), Y2, Y2 \
	ADD 32(DX)(R11*1), Y3, Y3 \
	ADD (DX)(R11*2), Y4, Y4 \
	ADD 32(DX)(R11*2), Y5, Y5 \
	ADD (DX)(R12*1), Y6, Y6 \
	ADD 32(DX)(R12*1), Y7, Y7

#define BLOCK_ADDC6(ADD) \
	BLOCK_ADDC4(ADD) \
	ADD (R13), Y8, Y8 \
	ADD 32(R13), Y9, Y9 \
	ADD (R13)(R11*1), Y10, Y10 \
	ADD 32(R13)(R11*1), Y11, Y11

#define BLOCK_STOREC4(STORE) \
	STORE Y0, (DX) \
	STORE Y1, 32(DX) \
	STORE Y2, (DX)(R11*1) \
	STORE Y3, 32(DX)(R11*1) \
	STORE Y4, (DX)(R11*2) \
	STORE Y5, 32(DX)(R11*2) \
	STORE Y6, (DX)(R12*1) \
	STORE Y7, 32(DX)(R12*1)

#define BLOCK_STOREC6(STORE) \
	BLOCK_STOREC4(STORE) \
	STORE Y8, (R13) \
	STORE Y9, 32(R13) \
	STORE Y10, (R13)(R11*1) \
	STORE Y11, 32(R13)(R11*1)

// A strip kernel's prefetch of the lines of C that the next strip (rows
// at R15, R11 bytes apart) writes in the block's columns. AX is scratch;
// the kernel moves R15 on.
#define STRIP_PREFETCH4 \
	LEAQ (R11)(R11*2), AX \
	PREFETCHT0 (R15) \
	PREFETCHT0 (R15)(R11*1) \
	PREFETCHT0 (R15)(R11*2) \
	PREFETCHT0 (R15)(AX*1)

#define STRIP_PREFETCH6 \
	STRIP_PREFETCH4 \
	LEAQ (R15)(R11*4), AX \
	PREFETCHT0 (AX) \
	PREFETCHT0 (AX)(R11*1)
