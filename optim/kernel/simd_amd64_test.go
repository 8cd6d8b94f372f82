//go:build goexperiment.simd && amd64

package kernel

import (
	"os"
	"simd/archsimd"
	"testing"
)

// TestSIMDActive guards against the twin tests silently comparing the
// reference with itself: the widest vector code the CPU supports must be on.
func TestSIMDActive(t *testing.T) {
	if os.Getenv("SFBENCH_SIMD") != "" {
		t.Skip("SFBENCH_SIMD is set")
	}
	want := "scalar"
	switch {
	case archsimd.X86.AVX512():
		want = "avx512"
	case archsimd.X86.AVX2():
		want = "avx2"
	}
	if ISA() != want {
		t.Fatalf("ISA() = %q on a CPU supporting %q", ISA(), want)
	}
}

func TestDetectLevel(t *testing.T) {
	best := detectLevel("")
	for _, tc := range []struct {
		setting string
		want    int
	}{
		{"", best},
		{"on", best},
		{"off", levelScalar},
		{"avx2", min(best, levelAVX2)},
	} {
		if got := detectLevel(tc.setting); got != tc.want {
			t.Errorf("SFBENCH_SIMD=%q: level %s, want %s", tc.setting, levelNames[got], levelNames[tc.want])
		}
	}
}

// TestTwinsEveryLevel runs the twin comparison at every vector level this
// CPU supports (the default run covers only the widest).
func TestTwinsEveryLevel(t *testing.T) {
	defer setLevel(level)
	for l := levelAVX2; l <= detectLevel(""); l++ {
		setLevel(l)
		t.Run(levelNames[l]+"/f64", testTwins[float64])
		t.Run(levelNames[l]+"/f32", testTwins[float32])
	}
}

// narrowerLevel names the AVX2 level when the kernels run AVX-512, so that
// benchmarks can time both in one run; "" otherwise.
func narrowerLevel() string {
	if level == levelAVX512 {
		return levelNames[levelAVX2]
	}
	return ""
}

// atLevel switches the kernels to the named level and returns the undo.
func atLevel(name string) func() {
	saved := level
	for l, n := range levelNames {
		if n == name {
			setLevel(l)
		}
	}
	return func() { setLevel(saved) }
}
