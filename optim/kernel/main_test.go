package kernel

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// TestMain adds the configuration line "isa: avx512|avx2|scalar" to benchmark
// output, so that timings say which vector code produced them and
// internal/tools/benchcheck refuses to compare runs of different kernels.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		fmt.Printf("isa: %s\n", ISA())
	}
	os.Exit(m.Run())
}
