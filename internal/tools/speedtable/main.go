// Command speedtable reads the output of `make bench-torch` on stdin:
// sfbench's step benchmarks (problems/vision, problems/text,
// problems/convex) and PyTorch's steps of the same models
// (internal/tools/torchsteps, lines BenchmarkTorch/<model>), repeated in
// interleaved rounds, and prints issue 16's table: per model the CPU time
// per step of sfbench in float64 and float32 and of PyTorch float32 (min
// and median over the rounds), the ratio of PyTorch's median to sfbench's
// faster median, and the target ratio; and the letter step's two other
// targets (≤ 3 µs, and ≥ 2.5× the same binary under SFBENCH_SIMD=off, whose
// lines are named SIMDOff/SoftmaxLetterSFAdamW).
package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/sfbench/sfbench/internal/benchfmt"
)

// model is one row: the sfbench benchmarks (float64, float32; "" for
// none) and the PyTorch model they are compared with.
type model struct {
	label    string
	f64, f32 string
	torch    string
	target   float64 // PyTorch / sfbench ratio the issue asks for; 0 for none
}

// models are issue 16's proxies, in its order.
var models = []model{
	{"softmax/letter, batch 16, SF-AdamW", "SoftmaxLetterSFAdamW", "", "letter", 50},
	{"MLP 64-128-10, batch 32, SF-SGD", "Step/mlp", "StepFloat32/mlp", "mlp", 8},
	{"CNN (2 conv3×3-BN-ReLU-pool, linear), batch 32, SF-SGD", "Step/cnn", "StepFloat32/cnn", "cnn", 4},
	{"char transformer d64, T64, batch 16, SF-AdamW", "Step", "StepFloat32", "charlm", 3},
	{"paper-lm transformer d48, T48, batch 16, SF-AdamW", "StepPaperLM", "StepPaperLMFloat32", "paper-lm", 0},
}

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "speedtable:", err)
		os.Exit(1)
	}
}

// perStep is the CPU time per step of a result: cpu-ns/op when the
// benchmark reports it (every step benchmark but the letter one), else
// ns/op.
func perStep(r benchfmt.Result) float64 {
	if v, ok := r.Metrics["cpu-ns/op"]; ok && v > 0 {
		return v
	}
	return r.NsPerOp
}

// stats is the min and median of the samples, in ns.
type stats struct {
	min, median float64
	n           int
}

func summarize(xs []float64) stats {
	if len(xs) == 0 {
		return stats{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return stats{s[0], med, len(s)}
}

// duration writes ns in µs or ms.
func duration(ns float64) string {
	if ns >= 1e6 {
		return fmt.Sprintf("%.2f ms", ns/1e6)
	}
	return fmt.Sprintf("%.1f µs", ns/1e3)
}

func (s stats) String() string {
	if s.n == 0 {
		return "–"
	}
	return duration(s.min) + " / " + duration(s.median)
}

func run(in io.Reader, out io.Writer) error {
	results, config, err := benchfmt.ParseWithConfig(in)
	if err != nil {
		return err
	}
	samples := map[string][]float64{}
	for _, r := range results {
		samples[r.Name] = append(samples[r.Name], perStep(r))
	}
	if len(samples) == 0 {
		return fmt.Errorf("no benchmark lines on stdin")
	}
	var b strings.Builder
	b.WriteString("| step | sfbench float64 | sfbench float32 | PyTorch float32 | ratio | target |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	rounds := 0
	for _, m := range models {
		f64, f32, torch := summarize(samples[m.f64]), summarize(samples[m.f32]), summarize(samples["Torch/"+m.torch])
		if f64.n+f32.n+torch.n == 0 {
			continue
		}
		rounds = max(rounds, f64.n, f32.n, torch.n)
		ratio, target := "–", "–"
		if m.target > 0 {
			target = fmt.Sprintf("≥ %g×", m.target)
		}
		best := f64
		if f32.n > 0 && (best.n == 0 || f32.median < best.median) {
			best = f32
		}
		if best.n > 0 && torch.n > 0 {
			r := torch.median / best.median
			ratio = fmt.Sprintf("%.1f×", r)
			if m.target > 0 && r >= m.target {
				ratio += " (met)"
			} else if m.target > 0 {
				ratio += " (not met)"
			}
		}
		fmt.Fprintf(&b, "| %s | %v | %v | %v | %s | %s |\n", m.label, f64, f32, torch, ratio, target)
	}
	if off, on := summarize(samples["SIMDOff/SoftmaxLetterSFAdamW"]), summarize(samples["SoftmaxLetterSFAdamW"]); on.n > 0 {
		verdict := "not met"
		if on.median <= 3000 {
			verdict = "met"
		}
		fmt.Fprintf(&b, "\nsoftmax/letter: median %s against the target ≤ 3 µs (%s)", duration(on.median), verdict)
		if off.n > 0 {
			r := off.median / on.median
			verdict = "not met"
			if r >= 2.5 {
				verdict = "met"
			}
			fmt.Fprintf(&b, "; with SFBENCH_SIMD=off %v, the SIMD build %.1f× faster (target ≥ 2.5×, %s)", off, r, verdict)
		}
		b.WriteString(".\n")
	}
	cpu := config["cpuid"]
	if cpu == "" {
		cpu = config["cpu"]
	}
	fmt.Fprintf(&b, "\nCPU time per step, min / median of %d interleaved rounds; ratio = PyTorch's median over sfbench's faster median. CPU: %s.\n", rounds, cpu)
	_, err = io.WriteString(out, b.String())
	return err
}
