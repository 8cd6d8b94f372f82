// Package benchfmt reads `go test -bench` output: one Result per benchmark
// line, with the GOMAXPROCS suffix removed from the name, and the
// configuration lines ("cpu: AMD EPYC", "isa: avx512").
package benchfmt

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// Result is one benchmark line.
type Result struct {
	Name    string  // e.g. "SFStep/f64/n=4096/fused"
	NsPerOp float64 // ns/op
	MBPerS  float64 // MB/s, 0 if not reported
	Metrics map[string]float64
}

// Parse reads every benchmark line of r.
func Parse(r io.Reader) ([]Result, error) {
	rs, _, err := ParseWithConfig(r)
	return rs, err
}

// ParseWithConfig also returns the configuration lines, "key: value" with a
// lower-case key without spaces, as in the Go benchmark format; when a key
// repeats (pkg, for one) the last value wins.
func ParseWithConfig(r io.Reader) ([]Result, map[string]string, error) {
	var out []Result
	config := map[string]string{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if k, v, ok := configLine(sc.Text()); ok {
			config[k] = v
			continue
		}
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndex(name, "-"); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		res := Result{Name: name, Metrics: map[string]float64{}}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			res.Metrics[f[i+1]] = v
		}
		res.NsPerOp, res.MBPerS = res.Metrics["ns/op"], res.Metrics["MB/s"]
		if res.NsPerOp > 0 {
			out = append(out, res)
		}
	}
	return out, config, sc.Err()
}

func configLine(line string) (key, value string, ok bool) {
	key, value, ok = strings.Cut(line, ":")
	if !ok || key == "" || key[0] < 'a' || key[0] > 'z' || strings.ContainsAny(key, " \t") || strings.ToLower(key) != key {
		return "", "", false
	}
	return key, strings.TrimSpace(value), true
}
