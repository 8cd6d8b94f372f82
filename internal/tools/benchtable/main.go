// Command benchtable reads `go test -bench` output of optim/kernel on stdin
// and prints, per kernel, element type and size, the median time of each
// variant, the bandwidth of the fused step, its speed-up over the
// multi-pass and scalar versions and over the same fused step run at the AVX2
// level (on AVX-512 machines), and its bandwidth relative to the STREAM triad
// measured in the same run.
package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/sfbench/sfbench/internal/benchfmt"
)

// sample is one benchmark line: ns/op and MB/s.
type sample struct{ ns, mbs float64 }

// key identifies a row: kernel (SFStep), type (f64) and size (n=4096).
type key struct{ kernel, typ, size string }

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	// samples[key][variant] holds every repetition.
	samples := map[key]map[string][]sample{}
	var order []key
	results, config, err := benchfmt.ParseWithConfig(in)
	if err != nil {
		return err
	}
	for _, r := range results {
		parts := strings.Split(r.Name, "/")
		if len(parts) != 4 {
			continue
		}
		k := key{parts[0], parts[1], parts[2]}
		if samples[k] == nil {
			samples[k] = map[string][]sample{}
			order = append(order, k)
		}
		samples[k][parts[3]] = append(samples[k][parts[3]], sample{r.NsPerOp, r.MBPerS})
	}
	if len(order) == 0 {
		return fmt.Errorf("no benchmark lines on stdin")
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kernel\ttype\tsize\tfused\tGB/s\tmultipass\tfused speed-up\tscalar\tSIMD speed-up\tavx2\tAVX-512 gain\ttriad GB/s\tfused/triad GB/s\t")
	for _, k := range order {
		if k.kernel == "Triad" {
			continue
		}
		v := samples[k]
		fused, ok := median(v["fused"])
		if !ok {
			continue
		}
		triad, hasTriad := median(samples[key{"Triad", k.typ, k.size}]["triad"])
		multi, hasMulti := median(v["multipass"])
		scalar, hasScalar := median(v["scalar"])
		avx2, hasAVX2 := median(v["avx2"])
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n",
			k.kernel, k.typ, strings.TrimPrefix(k.size, "n="), dur(fused.ns), fused.mbs/1000,
			opt(hasMulti, dur(multi.ns)), opt(hasMulti, ratio(multi.ns/fused.ns)),
			opt(hasScalar, dur(scalar.ns)), opt(hasScalar, ratio(scalar.ns/fused.ns)),
			opt(hasAVX2, dur(avx2.ns)), opt(hasAVX2, ratio(avx2.ns/fused.ns)),
			opt(hasTriad, fmt.Sprintf("%.1f", triad.mbs/1000)), opt(hasTriad, ratio(fused.mbs/triad.mbs)))
	}
	tw.Flush()
	fmt.Fprintln(out, "\nmedians over repetitions; GB/s counts useful streams (SF-SGD 5, SF-AdamW 7, triad 3);")
	fmt.Fprintln(out, "multipass = the same update as separate sweeps on the same vector kernels (SF-SGD: torch's lerp, add, sub;\n  SF-AdamW: second moment, direction, then those three); scalar = pure-Go reference loop;")
	fmt.Fprintln(out, "avx2 = the fused step run at the AVX2 level (shown on AVX-512 machines)")
	if isa, cpu := config["isa"], config["cpu"]; isa != "" {
		fmt.Fprintf(out, "kernels: %s on %s\n", isa, cpu)
	}
	return nil
}

func median(s []sample) (sample, bool) {
	if len(s) == 0 {
		return sample{}, false
	}
	s = slices.Clone(s)
	slices.SortFunc(s, func(a, b sample) int {
		switch {
		case a.ns < b.ns:
			return -1
		case a.ns > b.ns:
			return 1
		}
		return 0
	})
	return s[len(s)/2], true
}

func dur(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func ratio(r float64) string { return fmt.Sprintf("%.2fx", r) }

func opt(ok bool, s string) string {
	if !ok {
		return "-"
	}
	return s
}
