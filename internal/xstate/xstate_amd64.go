//go:build amd64

package xstate

// Implemented in xstate_amd64.s.
func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)
func xgetbv(index uint32) uint64
func xgetbv1() uint64
func vzeroupper()
func dirtyUpper() // for the tests

var supported, hasAVX = detect()

// detect reads CPUID: XGETBV with ECX = 1 needs OSXSAVE (leaf 1, ECX bit 27)
// and leaf 0xD sub-leaf 1, EAX bit 2; AVX needs its CPUID bit (leaf 1, ECX
// bit 28) and the OS saving the SSE and AVX state (XCR0 bits 1 and 2).
func detect() (xinuse, avx bool) {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 1 {
		return false, false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	if ecx1&(1<<27) == 0 {
		return false, false
	}
	avx = ecx1&(1<<28) != 0 && xgetbv(0)&6 == 6
	if maxLeaf >= 0xd {
		eax, _, _, _ := cpuid(0xd, 1)
		xinuse = eax&(1<<2) != 0
	}
	return xinuse, avx
}
