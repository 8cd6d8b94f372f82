package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sfbench/sfbench/reports/compare"
)

var compareCmd = command{
	name: "compare", summary: "compare two results (folders or results files) across seeds; exit 1 on a regression",
	args: "BASE NEW", want: "two results, BASE and NEW", min: 2, max: 2,
	flags: compareFlags,
}

// compareFlags declares the flags of compare, the nightly regression
// check: it compares two results (folders holding results.jsonl, or
// results files) configuration by configuration across seeds, prints a
// table, and exits 1 on a regression.
func compareFlags(fs *flag.FlagSet) action {
	def := compare.DefaultOptions()
	metric := fs.String("metric", "", "metric `NAME` to compare (default: per group, the first reported of "+strings.Join(compare.DefaultMetrics, ", ")+")")
	goal := fs.String("goal", def.Goal, "`auto|min|max`: min, lower is better; max, higher is better; auto, max for names ending in _acc and min otherwise")
	test := fs.String("test", def.Test, "`ttest|utest`: ttest, Welch's t-test; utest, the Mann-Whitney U test")
	alpha := fs.Float64("alpha", def.Alpha, "significance level `A`")
	minEffect := fs.Float64("min-effect", def.MinEffect, "relative change of the mean `E` (0.01 = 1%) below which a difference is never a regression")
	allowMissing := fs.Bool("allow-missing", false, "do not fail when NEW lacks groups BASE has")
	junit := fs.String("junit", "", "also write JUnit XML to `FILE`")
	md := fs.String("md", "", "also write the report as Markdown to `FILE`")
	return func(stdout, _ io.Writer, args []string) error {
		opt := compare.Options{Metric: *metric, Goal: *goal, Test: *test, Alpha: *alpha, MinEffect: *minEffect, AllowMissing: *allowMissing}
		return runCompare(stdout, opt, *md, *junit, args[0], args[1])
	}
}

func runCompare(stdout io.Writer, opt compare.Options, md, junit, basePath, newPath string) error {
	if err := opt.Validate(); err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	base, err := compare.Load(basePath)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	nw, err := compare.Load(newPath)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	c, err := compare.Compare(base, nw, opt)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	if err := c.WriteText(stdout); err != nil {
		return err
	}
	for _, out := range []struct {
		path  string
		write func(io.Writer) error
	}{{md, c.WriteMarkdown}, {junit, c.WriteJUnit}} {
		if out.path == "" {
			continue
		}
		var b bytes.Buffer
		if err := out.write(&b); err != nil {
			return fmt.Errorf("compare: %w", err)
		}
		if err := os.WriteFile(out.path, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("compare: %w", err)
		}
	}
	if regs := c.Regressions(); len(regs) > 0 {
		names := make([]string, 0, 3)
		for i, r := range regs {
			if i == 3 {
				names = append(names, fmt.Sprintf("and %d more", len(regs)-3))
				break
			}
			names = append(names, r.Name)
		}
		return failure{fmt.Sprintf("compare: %d %s: %s", len(regs), pluralS(len(regs), "regression"), strings.Join(names, ", "))}
	}
	if miss := c.Missing(); len(miss) > 0 {
		return failure{fmt.Sprintf("compare: NEW lacks %d %s of BASE (first %s); -allow-missing accepts that", len(miss), pluralS(len(miss), "group"), miss[0])}
	}
	return nil
}

func pluralS(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}
