package reports

import "testing"

// The grid column counts the rates the protocol's widen added.
func TestGridTextCountsWidened(t *testing.T) {
	for _, tc := range []struct {
		rates   []float64
		widened int
		want    string
	}{
		{[]float64{0.25, 0.5, 1}, 0, "2^-2 … 2^0 (3)"},
		{[]float64{0.25, 0.5, 1, 2}, 1, "2^-2 … 2^1 (4, 1 widened)"},
		{nil, 0, ""},
	} {
		if got := gridText(tc.rates, tc.widened); got != tc.want {
			t.Errorf("gridText(%v, %d) = %q, want %q", tc.rates, tc.widened, got, tc.want)
		}
	}
}
