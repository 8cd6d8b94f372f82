// Command benchcheck compares two `go test -bench` outputs (a stored
// baseline, or a folder of baselines of which it takes the one recorded on
// the new run's kind of machine, and a new run, each with repeated runs
// per benchmark) the way
// benchstat does: per benchmark the mean time, the change and Welch's
// t-test p-value; "~" when the change is not significant. It exits 1 only
// when a benchmark got slower by more than -threshold with p < -alpha, 2 on
// bad input, 0 otherwise.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"text/tabwriter"

	"github.com/sfbench/sfbench/internal/benchfmt"
	"github.com/sfbench/sfbench/internal/stats"
)

func main() {
	err := run(os.Stdout, os.Args[1:])
	var slow slower
	switch {
	case err == nil:
	case errors.As(err, &slow):
		fmt.Fprintln(os.Stderr, "benchcheck:", err)
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "benchcheck:", err)
		os.Exit(2)
	}
}

// slower is a significant slowdown past the threshold (exit 1).
type slower struct{ n int }

func (s slower) Error() string { return fmt.Sprintf("%d benchmark(s) slower than the threshold", s.n) }

// samples reads a benchmark file: the times per benchmark, the benchmarks in
// order of first appearance, and its configuration lines (cpu, isa, ...).
func samples(path string) (map[string][]float64, []string, map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	rs, config, err := benchfmt.ParseWithConfig(f)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(rs) == 0 {
		return nil, nil, nil, fmt.Errorf("%s: no benchmark lines", path)
	}
	out := map[string][]float64{}
	var order []string
	for _, r := range rs {
		if _, ok := out[r.Name]; !ok {
			order = append(order, r.Name)
		}
		out[r.Name] = append(out[r.Name], r.NsPerOp)
	}
	return out, order, config, nil
}

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("benchcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	threshold := fs.Float64("threshold", 0.25, "fail when a benchmark is slower by more than this fraction")
	alpha := fs.Float64("alpha", 0.05, "significance level")
	key := fs.Bool("key", false, "print the baseline file name of NEW's machine kind and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *key {
		if fs.NArg() != 1 {
			return fmt.Errorf("usage: benchcheck -key NEW.txt")
		}
		_, _, config, err := samples(fs.Arg(0))
		if err != nil {
			return err
		}
		fmt.Fprintln(w, machineKey(config)+".txt")
		return nil
	}
	if fs.NArg() != 2 {
		return fmt.Errorf("usage: benchcheck [-threshold F] [-alpha A] BASE.txt|BASEDIR NEW.txt")
	}
	nw, order, newConfig, err := samples(fs.Arg(1))
	if err != nil {
		return err
	}
	basePath := fs.Arg(0)
	if st, err := os.Stat(basePath); err == nil && st.IsDir() {
		if basePath, err = findBaseline(basePath, newConfig); err != nil {
			return err
		}
		fmt.Fprintf(w, "baseline: %s\n", basePath)
	}
	base, _, baseConfig, err := samples(basePath)
	if err != nil {
		return err
	}
	// Timings of other vector code say nothing about a regression: a
	// baseline recorded with AVX-512 kernels would fail every AVX2 machine.
	if b, n := baseConfig["isa"], newConfig["isa"]; b != "" && n != "" && b != n {
		return fmt.Errorf("%s was recorded with %s kernels, this run used %s: record a baseline on this kind of machine (make bench-baseline BENCH_BASE=...)", basePath, b, n)
	}
	if b, n := baseConfig["cpu"], newConfig["cpu"]; b != "" && n != "" && b != n {
		fmt.Fprintf(w, "warning: %s was recorded on %q, this run on %q: differences may be the machines'\n", basePath, b, n)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "benchmark\tbase ns/op\tnew ns/op\tdelta\tp\tn\tverdict")
	slow := 0
	for _, name := range order {
		b, n := base[name], nw[name]
		if len(b) == 0 {
			fmt.Fprintf(tw, "%s\t-\t%.4g\t\t\t0+%d\tnew\n", name, stats.Mean(n), len(n))
			continue
		}
		mb, mn := stats.Mean(b), stats.Mean(n)
		delta := mn/mb - 1
		p := 1.0
		if len(b) > 1 && len(n) > 1 {
			_, _, p = stats.WelchT(b, n)
		}
		verdict := "~"
		switch {
		case p >= *alpha || math.IsNaN(p):
		case delta > *threshold:
			verdict = "SLOWER"
			slow++
		case delta > 0:
			verdict = "slower (below threshold)"
		default:
			verdict = "faster"
		}
		fmt.Fprintf(tw, "%s\t%.4g\t%.4g\t%+.1f%%\t%.3f\t%d+%d\t%s\n", name, mb, mn, 100*delta, p, len(b), len(n), verdict)
	}
	tw.Flush()
	if slow > 0 {
		return slower{slow}
	}
	return nil
}
