#include "textflag.h"

// func prefetchLines(base unsafe.Pointer, idx []int, rowBytes int)
TEXT ·prefetchLines(SB), NOSPLIT, $0-40
	MOVQ base+0(FP), AX
	MOVQ idx_base+8(FP), BX
	MOVQ idx_len+16(FP), CX
	MOVQ rowBytes+32(FP), DX
	TESTQ CX, CX
	JZ done
row:
	MOVQ (BX), SI
	IMULQ DX, SI
	ADDQ AX, SI // SI = the row's first byte
	LEAQ -1(SI)(DX*1), DI // DI = its last byte
line:
	PREFETCHT0 (SI)
	ADDQ $64, SI
	CMPQ SI, DI
	JLE line
	PREFETCHT0 (DI) // the last line, when the row does not start on a line boundary
	ADDQ $8, BX
	DECQ CX
	JNZ row
done:
	RET
