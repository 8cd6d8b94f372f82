package cli

import (
	"flag"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/sfbench/sfbench/optim/replay"
)

var verifyCmd = command{
	name: "verify-reference", summary: "replay reference trajectories of the official implementation (default: the embedded ones); exit 1 if any case is off",
	args: "[FILE.json]", want: "at most one reference file", min: 0, max: 1,
	flags: verifyFlags,
}

func verifyFlags(fs *flag.FlagSet) action {
	tol := fs.Float64("tol", replay.Tolerance, "largest acceptable error `T`: max over steps and elements of |got-ref|/max(|ref|,1)")
	return func(stdout, _ io.Writer, args []string) error { return runVerify(stdout, *tol, args) }
}

func runVerify(stdout io.Writer, tol float64, args []string) error {
	if !(tol >= 0) {
		return fmt.Errorf("verify-reference: -tol must be >= 0, got %v", tol)
	}
	var files []*replay.File
	if len(args) == 1 {
		f, err := replay.Read(args[0])
		if err != nil {
			return err
		}
		files = []*replay.File{f}
	} else {
		var err error
		if files, err = replay.Embedded(); err != nil {
			return err
		}
	}
	// Build every case before running any, so a bad case is input error
	// with nothing printed.
	for _, f := range files {
		for _, c := range f.Cases {
			if _, err := replay.Build(c); err != nil {
				return fmt.Errorf("%s: case %q: %w", f.Path, c.Name, err)
			}
		}
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tsteps\terr p\terr z\terr x\tresult")
	cases, failed, worst, worstName := 0, 0, 0.0, ""
	for _, f := range files {
		for _, c := range f.Cases {
			r, err := f.Run(c)
			if err != nil {
				return err
			}
			cases++
			verdict := "ok"
			if !r.Pass(tol) {
				verdict = fmt.Sprintf("FAIL (step %d, %s)", r.WorstStep, r.WorstWhich)
				failed++
			}
			if r.Max() >= worst {
				worst, worstName = r.Max(), r.Name
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", r.Name, r.Steps, fmtErr(r.ErrP), fmtErr(r.ErrZ), fmtErr(r.ErrX), verdict)
		}
	}
	tw.Flush()
	summary := fmt.Sprintf("%d of %d cases within %.0e (worst %.1e, %s)", cases-failed, cases, tol, worst, worstName)
	fmt.Fprintln(stdout, summary)
	if failed > 0 {
		return failure{fmt.Sprintf("verify-reference: %d of %d cases exceed %.0e", failed, cases, tol)}
	}
	return nil
}

func fmtErr(e float64) string {
	if math.IsNaN(e) {
		return "-"
	}
	return fmt.Sprintf("%.1e", e)
}
