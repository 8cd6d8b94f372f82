package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports/compare"
)

var compareCmd = command{
	name: "compare", summary: "compare two results (folders or results files) across seeds; or, with -a and -b, " +
		"two optimizers of one results folder seed by seed, each at its selected rate; exit 1 on a regression",
	// The count depends on -a and -b (two results, or one folder):
	// compareArgs checks it.
	args: "BASE NEW | -a OPT1 -b OPT2 DIR", want: compareWant, min: 0, max: -1,
	flags: compareFlags,
}

// compareFlags declares the flags of compare, the nightly regression
// check: it compares two results (folders holding results.jsonl, or
// results files) configuration by configuration across seeds, prints a
// table, and exits 1 on a regression. With -a and -b it compares two
// optimizers of one results folder instead, problem by problem, seed by
// seed (runPaired).
func compareFlags(fs *flag.FlagSet) action {
	def := compare.DefaultOptions()
	a := fs.String("a", "", "with -b: compare optimizer `OPT1` (A, the reference) with OPT2 in one results folder DIR, "+
		"each at the rate the report selects per problem, runs paired by seed")
	b := fs.String("b", "", "with -a: optimizer `OPT2` (B): exit 1 where it is significantly worse than A")
	metric := fs.String("metric", "", "metric `NAME` to compare (default: per group, the first reported of "+strings.Join(compare.DefaultMetrics, ", ")+
		"; with -a and -b, per problem the one the report shows)")
	goal := fs.String("goal", def.Goal, "`auto|min|max`: min, lower is better; max, higher is better; auto, max for names ending in _acc and min otherwise")
	test := fs.String("test", def.Test, "`ttest|utest`: ttest, Welch's t-test (with -a and -b: the paired t-test); "+
		"utest, the Mann-Whitney U test (with -a and -b: the Wilcoxon signed-rank test)")
	alpha := fs.Float64("alpha", def.Alpha, "significance level `A`")
	minEffect := fs.Float64("min-effect", def.MinEffect, "relative change of the mean `E` (0.01 = 1%) below which a difference is never a regression")
	allowMissing := fs.Bool("allow-missing", false, "do not fail when NEW lacks groups BASE has (with -a and -b: when B lacks problems A ran)")
	junit := fs.String("junit", "", "also write JUnit XML to `FILE`")
	md := fs.String("md", "", "also write the report as Markdown to `FILE`")
	return func(stdout, _ io.Writer, args []string) error {
		opt := compare.Options{Metric: *metric, Goal: *goal, Test: *test, Alpha: *alpha, MinEffect: *minEffect, AllowMissing: *allowMissing}
		paired := *a != "" || *b != ""
		switch {
		case paired && *a == "":
			return fmt.Errorf("compare: -b %s needs -a OPT1, the optimizer to compare it with (see sfbench help compare)", *b)
		case paired && *b == "":
			return fmt.Errorf("compare: -a %s needs -b OPT2, the optimizer to compare with it (see sfbench help compare)", *a)
		}
		if err := compareArgs(paired, args); err != nil {
			return err
		}
		if paired {
			return runPaired(stdout, opt, *a, *b, *md, *junit, args[0])
		}
		return runCompare(stdout, opt, *md, *junit, args[0], args[1])
	}
}

const compareWant = "two results, BASE and NEW"

// compareArgs checks the number of arguments: two results, or with -a and
// -b one folder; the message is the one every verb gives for a wrong
// count.
func compareArgs(paired bool, args []string) error {
	want, n := compareWant, 2
	if paired {
		want, n = "one results folder (or results file) with -a and -b", 1
	}
	if len(args) == n {
		return nil
	}
	got := "none"
	if len(args) > 0 {
		got = fmt.Sprintf("%d: %s", len(args), strings.Join(args, " "))
	}
	return fmt.Errorf("compare: want %s, got %s (see sfbench help compare)", want, got)
}

// runPaired is compare -a A -b B DIR: the paired verdict of B against A
// (reports/compare.Pair). Every input error comes before any output;
// the reports are rendered whole, the files written atomically, then the
// table printed.
func runPaired(stdout io.Writer, opt compare.Options, a, b, md, junit, path string) error {
	if err := opt.Validate(); err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	f, err := compare.LoadFolder(path)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	p, err := compare.Pair(f, a, b, opt)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	var text bytes.Buffer
	if err := p.WriteText(&text); err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	outs := []struct {
		flag, path string
		write      func(io.Writer) error
	}{{"md", md, p.WriteMarkdown}, {"junit", junit, p.WriteJUnit}}
	for _, out := range outs { // a folder that is not there fails before anything is written
		if fi, err := os.Stat(filepath.Dir(out.path)); out.path != "" && (err != nil || !fi.IsDir()) {
			return fmt.Errorf("compare: -%s %s: no folder %s to write it in", out.flag, out.path, filepath.Dir(out.path))
		}
	}
	for _, out := range outs {
		if out.path == "" {
			continue
		}
		if err := record.WriteAtomic(out.path, out.write); err != nil {
			return fmt.Errorf("compare: -%s: %w", out.flag, err)
		}
	}
	if _, err := stdout.Write(text.Bytes()); err != nil {
		return err
	}
	if worse := p.Worse(); len(worse) > 0 {
		names := make([]string, 0, 3)
		for i, r := range worse {
			if i == 3 {
				names = append(names, fmt.Sprintf("and %d more", len(worse)-3))
				break
			}
			names = append(names, r.Problem)
		}
		return failure{fmt.Sprintf("compare: B (%s) is worse than A (%s) on %d %s: %s", b, a, len(worse),
			pluralS(len(worse), "problem"), strings.Join(names, ", "))}
	}
	if miss := p.Missing(); len(miss) > 0 {
		return failure{fmt.Sprintf("compare: B (%s) has no runs on %d %s A (%s) ran (first %s); -allow-missing accepts that",
			b, len(miss), pluralS(len(miss), "problem"), a, miss[0])}
	}
	return nil
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
