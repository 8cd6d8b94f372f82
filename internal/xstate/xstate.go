// Package xstate tells whether the upper halves of the vector registers are
// in use, and clears them.
//
// On Intel CPUs a legacy-SSE instruction (Go's scalar floating point and
// parts of math.Exp are compiled to them) executed while the upper halves of
// the YMM or ZMM registers are in use pays a state transition of hundreds of
// cycles; AMD CPUs have no such penalty (../shared/FINDINGS.md). Every
// vector function of sfbench must therefore return with that state clean
// (VZEROUPPER). XGETBV with ECX = 1 reads XINUSE, the components of the
// extended state that are not in their initial configuration; its AVX and
// AVX-512 bits tell whether the upper state is in use, on AMD as on Intel,
// so the tests built on InUse catch a dirty return on either machine.
//
// Off amd64 (and on CPUs without XGETBV with ECX = 1) nothing is in use and
// Supported is false.
package xstate

// The XINUSE bits of the vector upper state.
const (
	AVX      = 1 << 2 // upper halves of YMM0–15
	Opmask   = 1 << 5 // AVX-512 mask registers k0–k7
	ZMMHi256 = 1 << 6 // upper halves of ZMM0–15
	Hi16ZMM  = 1 << 7 // ZMM16–31

	// Upper is every bit that must be clear when a vector function
	// returns to scalar code.
	Upper = AVX | Opmask | ZMMHi256 | Hi16ZMM
)

// Supported reports whether InUse reads XINUSE on this CPU.
func Supported() bool { return supported }

// InUse returns XINUSE (XGETBV with ECX = 1), or 0 when not Supported.
func InUse() uint64 {
	if !supported {
		return 0
	}
	return xgetbv1()
}

// ClearUpper runs VZEROUPPER when the CPU has AVX (else does nothing).
func ClearUpper() {
	if hasAVX {
		vzeroupper()
	}
}

// ReturnsClean runs f with the upper state clean before and reports whether
// it was still clean (XINUSE&Upper == 0) when f returned, with the XINUSE
// value read. An asynchronous preemption restores the full vector registers
// and leaves them in use, which f cannot help, so a dirty return is retried:
// f must return dirty cleanTries times in a row to fail. (Three were too
// few on a loaded machine: a scalar softmax of 1000 values failed once in a
// make test run beside another full test run.)
const cleanTries = 10

func ReturnsClean(f func()) (xinuse uint64, clean bool) {
	for try := 0; try < cleanTries; try++ {
		ClearUpper()
		f()
		xinuse = InUse()
		if xinuse&Upper == 0 {
			return xinuse, true
		}
	}
	return xinuse, false
}
