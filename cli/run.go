package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sfbench/sfbench/harness"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports"
	"github.com/sfbench/sfbench/suites"
)

const exitInterrupted = 130

// loadSuite reads a suite file, or an embedded suite by name, or the
// default embedded suite when arg is empty.
func loadSuite(arg string) (*suites.Suite, error) {
	if arg == "" {
		return suites.LoadBuiltin(suites.DefaultSuite)
	}
	_, err := os.Stat(arg)
	if err != nil && !strings.ContainsAny(arg, "/.") {
		return suites.LoadBuiltin(arg)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such suite file (embedded suites: %s)", arg, strings.Join(suites.Builtin(), ", "))
	}
	return suites.Load(arg)
}

func parseShard(s string) (harness.Shard, error) {
	if s == "" {
		return harness.Shard{K: 1, N: 1}, nil
	}
	k, n, ok := strings.Cut(s, "/")
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni {
		return harness.Shard{}, fmt.Errorf("run: -shard wants k/N with 1 <= k <= N, got %q", s)
	}
	return harness.Shard{K: ki, N: ni}, nil
}

var runCmd = command{
	name: "run", summary: "run a suite (a file, an embedded suite's name, or by default the embedded smoke suite); rerun into DIR to resume",
	args: "[CONFIG.yaml | SUITE]", want: "at most one suite (a CONFIG.yaml or an embedded suite's name)", min: 0, max: 1,
	flags: func(fs *flag.FlagSet) action {
		var o runOptions
		fs.StringVar(&o.out, "o", "", "output `DIR` (default out/<suite>)")
		fs.IntVar(&o.jobs, "j", 0, "parallel workers `N` (default: the number of CPUs)")
		fs.StringVar(&o.shard, "shard", "", "run shard `k/N` of the cells (k from 1)")
		fs.BoolVar(&o.dry, "dry-run", false, "print the grid, its size per phase and an estimate of the wall time at -j (timed probe steps), run nothing")
		fs.Float64Var(&o.maxHours, "max-hours", 0, "refuse a run estimated to take more than `H` hours at -j (0: no limit; see -dry-run)")
		fs.BoolVar(&o.force, "force", false, "run even when the estimate exceeds -max-hours")
		fs.IntVar(&o.maxCells, "max-cells", 100000, "refuse grids larger than `N` cells")
		fs.DurationVar(&o.checkpoint, "checkpoint", time.Minute, "checkpoint running cells every `D` of wall time (0: never)")
		fs.BoolVar(&o.quiet, "quiet", false, "no progress on stderr (the summary and the report's lines still go to stdout)")
		fs.DurationVar(&o.every, "progress-every", 30*time.Second, "without a terminal, print a progress line every `D` (a terminal gets a bar redrawn twice a second)")
		return func(stdout, stderr io.Writer, args []string) error {
			if len(args) == 1 {
				o.suite = args[0]
			}
			return runRun(stdout, stderr, o)
		}
	},
}

type runOptions struct {
	out, shard, suite string
	jobs, maxCells    int
	dry, quiet, force bool
	maxHours          float64
	checkpoint, every time.Duration
}

func runRun(stdout, stderr io.Writer, o runOptions) error {
	if o.jobs < 0 {
		return fmt.Errorf("run: -j must be >= 0, got %d", o.jobs)
	}
	if o.every <= 0 {
		return fmt.Errorf("run: -progress-every must be > 0, got %v", o.every)
	}
	sh, err := parseShard(o.shard)
	if err != nil {
		return err
	}
	s, err := loadSuite(o.suite)
	if err != nil {
		return err
	}
	cells := s.Cells()
	if len(cells) > o.maxCells {
		return fmt.Errorf("run: %s has %d cells, more than -max-cells %d", s.Name, len(cells), o.maxCells)
	}
	if !(o.maxHours >= 0) || math.IsInf(o.maxHours, 0) {
		return fmt.Errorf("run: -max-hours must be a finite number of hours >= 0, got %v", o.maxHours)
	}
	if o.dry {
		if err := printGrid(stdout, s, cells); err != nil {
			return err
		}
	}
	if o.dry || o.maxHours > 0 {
		est, err := harness.EstimateRun(s, sh.Cells(s), o.jobs)
		if err != nil {
			return fmt.Errorf("run: %w", err)
		}
		if o.dry {
			printEstimate(stdout, s, est)
			return nil
		}
		if est.WallSeconds > o.maxHours*3600 && !o.force {
			return fmt.Errorf("run: %s is estimated to take %s at -j %d, more than -max-hours %g (see -dry-run): shrink the grid, raise -max-hours, or add -force",
				s.Name, fmtSeconds(est.WallSeconds), est.Jobs, o.maxHours)
		}
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Join("out", s.Name)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	var display *harness.Display
	var progress io.Writer
	notes := stderr // above the progress bar, if any
	if !o.quiet {
		display = harness.NewDisplay(stderr, harness.DisplayOptions{Plan: sh.Cells(s), Every: o.every})
		progress, notes = display, display
	}
	go func() {
		if _, ok := <-sigs; !ok {
			return
		}
		fmt.Fprintln(notes, "sfbench: interrupted: finishing the records being written (Ctrl-C again to quit now)")
		cancel()
		if _, ok := <-sigs; ok {
			os.Exit(exitInterrupted)
		}
	}()
	interval := o.checkpoint
	if interval <= 0 {
		interval = -1
	}
	sum, err := harness.Run(ctx, s, harness.Options{Dir: dir, Jobs: o.jobs, Shard: sh, Progress: progress,
		CheckpointInterval: interval})
	display.Close()
	// A run that never started (the folder could not be made, locked or
	// read) has nothing to count.
	if err == nil || sum.Cells > 0 {
		fmt.Fprintf(stdout, "%s: %d cells, %d already done, %d ran (%d diverged, %d failed); results in %s\n",
			s.Name, sum.Cells, sum.Skipped, sum.Ran, sum.Diverged, sum.Failed, filepath.Join(dir, "results.jsonl"))
	}
	if errors.Is(err, harness.ErrInterrupted) {
		return interrupted{}
	}
	if err != nil {
		return err
	}
	if sum.Cells == 0 {
		// A shard can be empty (tune-then-seeds shards whole groups).
		fmt.Fprintf(stdout, "%s: no cells in shard %d/%d; no report\n", s.Name, sh.K, sh.N)
		return nil
	}
	w, err := report(stdout, dir, "", reports.Options{})
	if err != nil {
		return err
	}
	if sh.N == 1 { // a shard selects among its own cells only: no best.yaml
		writeBest(stdout, s, dir, w.Selections)
	}
	printWarnings(stdout, w)
	return nil
}

// writeBest writes DIR/best.yaml, the suite that reruns the configurations
// the report selected (suites.Suite.Best), and names it; a selection the
// suite cannot express (results of an earlier version of it, resumed) is
// a warning, not a failed run.
func writeBest(stdout io.Writer, s *suites.Suite, dir string, selected []reports.Selection) {
	var sel []suites.Selection
	for _, x := range selected {
		sel = append(sel, suites.Selection{Problem: x.Problem, Optimizer: x.Label, LR: x.LR})
	}
	path := filepath.Join(dir, suites.BestFile)
	comment := fmt.Sprintf("Written by sfbench run from the results in %s: for each optimizer of suite %s,\n"+
		"the configuration (setting and rate) selected on each problem. Rerun it with\n"+
		"  sfbench run %s", dir, s.Name, path)
	src, err := s.Best(sel, dir, comment)
	if err == nil {
		err = record.WriteAtomic(path, func(w io.Writer) error {
			_, err := w.Write(src)
			return err
		})
	}
	if err != nil {
		fmt.Fprintf(stdout, "warning: %s not written: %v\n", path, err)
		return
	}
	fmt.Fprintf(stdout, "best: wrote %s, the selected configurations as a suite\n", path)
}

// interrupted ends a run stopped by Ctrl-C (exit 130).
type interrupted struct{}

func (interrupted) Error() string { return "interrupted; rerun the same command to resume" }

func printGrid(w io.Writer, s *suites.Suite, cells []suites.Cell) error {
	fmt.Fprintf(w, "suite %s (%s)\n", s.Name, s.Path)
	if s.Description != "" {
		fmt.Fprintf(w, "  %s\n", s.Description)
	}
	for _, p := range s.Problems {
		fmt.Fprintf(w, "problem %-14s %s %v (%d steps per epoch)\n", p.Name, p.Kind, p.OptionsMap(), p.StepsPerEpoch)
	}
	for _, o := range s.Optimizers {
		fmt.Fprintf(w, "optimizer %-12s %s, %d rates %v", o.Name, o.Kind, len(o.LRs), o.LRs)
		if len(o.Grid) > 0 {
			var axes []string
			for _, ax := range o.Grid {
				var vals []string
				for _, v := range ax.Values {
					vals = append(vals, record.FormatSetting(v))
				}
				axes = append(axes, ax.Setting+" ["+strings.Join(vals, " ")+"]")
			}
			how := "one setting and rate selected over the whole grid"
			if o.Select == record.SelectRate {
				how = "the rate selected per point, each reported on its own"
			}
			fmt.Fprintf(w, " × grid %s (%d points; %s)", strings.Join(axes, ", "), len(o.Points()), how)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "seeds %v, protocol %s", s.Protocol.Seeds, s.Protocol.Kind)
	switch pr := s.Protocol; {
	case pr.Metric != "" && pr.Select != pr.Metric:
		fmt.Fprintf(w, ", reports %s at the rate selected by %s", pr.Metric, pr.Select)
	case pr.Metric != "":
		fmt.Fprintf(w, ", reports and selects by %s", pr.Metric)
	}
	fmt.Fprintln(w)
	steps := 0
	for _, c := range cells {
		steps += c.Horizon
	}
	phase := ""
	if s.Protocol.Kind == "tune-then-seeds" {
		phase = " in the tuning phase (the seeds phase follows)"
	}
	fmt.Fprintf(w, "%d cells%s, %d training steps in all\n", len(cells), phase, steps)
	return nil
}

// printEstimate prints the seeds phase's size and the estimated time.
func printEstimate(w io.Writer, s *suites.Suite, e harness.Estimate) {
	if s.Protocol.Kind == "tune-then-seeds" {
		fmt.Fprintf(w, "%d cells in the seeds phase (at the rates the tuning picks; the tuning seeds' runs reused), %d training steps\n",
			e.SeedCells, e.SeedSteps)
	}
	about := "about"
	if len(e.Untimed) > 0 {
		about = "at least"
	}
	fmt.Fprintf(w, "estimate: %s %s at -j %d (%s of one core's time), from a few timed steps and one timed evaluation per problem × optimizer; an estimate, not a measurement\n",
		about, fmtSeconds(e.WallSeconds), e.Jobs, fmtSeconds(e.CPUSeconds))
	if len(e.Untimed) > 0 {
		fmt.Fprintf(w, "not timed (too costly to build for an estimate; their cells are left out): %s\n", strings.Join(e.Untimed, ", "))
	}
	if s.Protocol.Widen > 0 {
		fmt.Fprintf(w, "widen: the grid only; widening can add up to %d rates on each side of each problem × optimizer's grid, each run on the phase's seeds\n",
			s.Protocol.Widen)
	}
}

// fmtSeconds says a duration in the unit that suits it.
func fmtSeconds(sec float64) string {
	switch {
	case sec < 1:
		return fmt.Sprintf("%.2f s", sec)
	case sec < 120:
		return fmt.Sprintf("%.0f s", sec)
	case sec < 7200:
		return fmt.Sprintf("%.0f min", sec/60)
	}
	return fmt.Sprintf("%.1f h", sec/3600)
}
