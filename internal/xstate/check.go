package xstate

import "testing"

// Call is one function that TestReturnsClean runs.
type Call struct {
	Name string
	F    func()
}

// TestReturnsClean is the body of the TestReturnsClean tests of the packages
// with vector code (optim/kernel, internal/vmath, problems/nn): at each of
// the levels, switched to by atLevel (which returns the undo), it runs every
// call from a clean state and fails t for each that returns with the AVX or
// AVX-512 upper state in use (XINUSE bits 2 and 5–7). A legacy-SSE
// instruction after such a return costs a state transition on Intel CPUs; the
// check runs on AMD too, where that cost does not show, so a regression is
// caught on either machine. It skips t where XINUSE cannot be read.
func TestReturnsClean(t *testing.T, levels []string, atLevel func(string) func(), calls []Call) {
	t.Helper()
	if !Supported() {
		t.Skip("XGETBV with ECX=1 not supported")
	}
	for _, level := range levels {
		restore := atLevel(level)
		for _, c := range calls {
			if x, ok := ReturnsClean(c.F); !ok {
				t.Errorf("%s/%s: returned with XINUSE = %#x (upper state bits %#x in use)", level, c.Name, x, x&Upper)
			}
		}
		restore()
	}
}
