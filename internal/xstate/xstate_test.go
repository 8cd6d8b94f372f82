package xstate

import "testing"

// TestInUseSeesAVX checks the detector itself: after a 256-bit instruction
// XINUSE reports the AVX upper state, after VZEROUPPER it does not.
func TestInUseSeesAVX(t *testing.T) {
	if !Supported() || !hasAVX {
		t.Skip("no XGETBV with ECX=1 or no AVX on this CPU")
	}
	dirty := func() (uint64, bool) {
		for try := 0; try < 3; try++ { // a preemption may clean or dirty it in between
			dirtyUpper()
			if x := InUse(); x&AVX != 0 {
				return x, true
			}
		}
		return InUse(), false
	}
	if x, ok := dirty(); !ok {
		t.Fatalf("XINUSE = %#x after VPCMPEQD Y0: AVX bit (%#x) clear", x, AVX)
	}
	if x, ok := ReturnsClean(func() {}); !ok {
		t.Fatalf("XINUSE = %#x after VZEROUPPER: upper bits %#x set", x, x&Upper)
	}
	if x, ok := ReturnsClean(dirtyUpper); ok {
		t.Fatalf("ReturnsClean(dirtyUpper) reports clean, XINUSE = %#x", x)
	}
}
