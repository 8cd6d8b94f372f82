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
	setting := os.Getenv("SFBENCH_SIMD")
	want := "scalar"
	switch {
	case setting == "off":
	case archsimd.X86.AVX512() && setting != "avx2":
		want = "avx512"
	case archsimd.X86.AVX2():
		want = "avx2"
	}
	if ISA() != want {
		t.Fatalf("ISA() = %q with SFBENCH_SIMD=%q on a CPU supporting %q", ISA(), setting, want)
	}
}

// TestDispatchTable checks that every level runs its own loops: the levels
// give the same bits, so the twin tests cannot tell a wrong row.
func TestDispatchTable(t *testing.T) {
	if table64[levelAVX2] != loops64 || table64[levelAVX512] != loops64x8 || table64[levelScalar] != nil {
		t.Error("float64 table rows are not scalar, loops64, loops64x8")
	}
	if table32[levelAVX2] != loops32 || table32[levelAVX512] != loops32x16 || table32[levelScalar] != nil {
		t.Error("float32 table rows are not scalar, loops32, loops32x16")
	}
	defer setLevel(level)
	for l := range levelNames {
		setLevel(l)
		if vectorLoops[float64]() != table64[l] || vectorLoops[float32]() != table32[l] || ISA() != levelNames[l] {
			t.Errorf("after setLevel(%s) the kernels do not run that level's loops", levelNames[l])
		}
	}
}

func TestDetectLevel(t *testing.T) {
	best := detectLevel("")
	for _, tc := range []struct {
		setting string
		want    int
	}{
		{"", best},
		{"off", levelScalar},
		{"avx2", min(best, levelAVX2)},
		{"avx512", best},
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

// testLevels names every level this CPU runs, narrowest first.
func testLevels() []string { return levelNames[:detectLevel("")+1] }
