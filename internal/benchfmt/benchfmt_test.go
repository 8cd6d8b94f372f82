package benchfmt

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	in := `goos: linux
BenchmarkSFStep/f64/n=4096/fused-2   318186   1007 ns/op   162678.34 MB/s
BenchmarkSoftmaxLetterSFAdamW-2      757465   3170 ns/op   315413 steps/s
BenchmarkNoProcs   10   5 ns/op
PASS
`
	rs, err := Parse(strings.NewReader(in))
	if err != nil || len(rs) != 3 {
		t.Fatalf("%v %v", rs, err)
	}
	if rs[0].Name != "SFStep/f64/n=4096/fused" || rs[0].NsPerOp != 1007 || rs[0].MBPerS != 162678.34 {
		t.Errorf("%+v", rs[0])
	}
	if rs[1].Name != "SoftmaxLetterSFAdamW" || rs[1].Metrics["steps/s"] != 315413 {
		t.Errorf("%+v", rs[1])
	}
	if rs[2].Name != "NoProcs" {
		t.Errorf("%+v", rs[2])
	}
}

func TestParseWithConfig(t *testing.T) {
	in := `goos: linux
cpu: AMD EPYC
isa: avx512
pkg: a
BenchmarkX-2   10   5 ns/op
pkg: b
Not a: config line
PASS
`
	rs, config, err := ParseWithConfig(strings.NewReader(in))
	if err != nil || len(rs) != 1 {
		t.Fatalf("%v %v", rs, err)
	}
	want := map[string]string{"goos": "linux", "cpu": "AMD EPYC", "isa": "avx512", "pkg": "b"}
	if len(config) != len(want) {
		t.Errorf("config %v, want %v", config, want)
	}
	for k, v := range want {
		if config[k] != v {
			t.Errorf("config[%q] = %q, want %q", k, config[k], v)
		}
	}
}
