package data

import (
	"strings"
	"testing"
)

// TestIDXHeaderBounds: a header may not declare more than MaxIDXBytes,
// and a zero dimension does not lift the bound on the others.
func TestIDXHeaderBounds(t *testing.T) {
	cases := []struct {
		name string
		dims []int
		want string // "" for accepted (the data is empty)
	}{
		{"empty rows", []int{0, 28}, ""},
		{"empty images of 28x28", []int{0, 28, 28}, ""},
		{"zero hides a huge size (the FuzzIDX find)", []int{184549378, 0, 512}, "byte offset 12: IDX dimensions [184549378 0 512] declare more than"},
		{"zero first, huge after", []int{0, 1 << 20, 1 << 20}, "byte offset 12: IDX dimensions [0 1048576 1048576] declare more than"},
		{"huge data", []int{1 << 16, 1 << 16}, "byte offset 8: IDX dimensions [65536 65536] declare more than"},
		{"the bound itself, all zero but one", []int{MaxIDXBytes, 0}, ""},
	}
	for _, c := range cases {
		_, err := idxFromBytes("h.idx", idxBytes(c.dims, nil))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), "h.idx: "+c.want)):
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}
