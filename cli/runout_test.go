package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/reports"
)

// TestRunOutput: run with its flags after the suite prints the summary
// line other tools parse, names the RESULTS.md it wrote and repeats the
// grid-edge warnings RESULTS.md carries; progress goes to stderr unless
// -quiet. merge writes the merged folder's report the same way.
func TestRunOutput(t *testing.T) {
	tmp := t.TempDir()
	summary := regexp.MustCompile(`^hostile: 16 cells, 0 already done, 16 ran \(0 diverged, 0 failed\); results in (.*)/results.jsonl$`)
	for _, quiet := range []bool{false, true} {
		dir := filepath.Join(tmp, "run")
		args := []string{"run", hostileSuite, "-o", dir, "-j", "2"}
		if quiet {
			dir = filepath.Join(tmp, "quiet")
			args = []string{"run", hostileSuite, "-quiet", "-o", dir}
		}
		out, errOut, code := runCLI(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errOut)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if m := summary.FindStringSubmatch(lines[0]); m == nil || m[1] != dir {
			t.Errorf("%v: summary line %q", args, lines[0])
		}
		results := filepath.Join(dir, reports.ResultsFile)
		if want := "report: wrote 9 files in " + dir + "; see " + results; len(lines) < 2 || lines[1] != want {
			t.Errorf("%v: report line %q, want %q", args, lines[1], want)
		}
		if want := "best: wrote " + filepath.Join(dir, "best.yaml") + ", the selected configurations as a suite"; len(lines) < 3 || lines[2] != want {
			t.Errorf("%v: best line %q, want %q", args, lines[2], want)
		}
		md, err := os.ReadFile(results)
		if err != nil {
			t.Fatal(err)
		}
		// The warnings: one per problem × optimizer whose selected rate is
		// at the edge of the grid, as RESULTS.md marks them (‡).
		warnings := lines[3:]
		if marks := edgeMarks(string(md)); len(warnings) == 0 || len(warnings) != marks {
			t.Errorf("%v: %d warnings, RESULTS.md marks %d rates at the edge:\n%s", args, len(warnings), marks, out)
		}
		for _, w := range warnings {
			if !strings.HasPrefix(w, "warning: ") || !strings.Contains(w, "is at the edge of the grid [0.1, 1]: widen the grid") {
				t.Errorf("%v: warning %q", args, w)
			}
		}
		switch {
		case quiet && errOut != "":
			t.Errorf("-quiet: stderr %q", errOut)
		case !quiet && !strings.HasPrefix(errOut, "progress: 100% of 480 steps, 16/16 cells done, 0 running, 0 diverged, 0 failed, elapsed "):
			t.Errorf("progress on stderr: %q", errOut)
		}
	}
	shards := []string{hostileRun(t, "1/2"), hostileRun(t, "2/2")}
	merged := filepath.Join(tmp, "merged")
	out, errOut, code := runCLI("merge", shards[0], shards[1], "-o", merged)
	if code != 0 || errOut != "" {
		t.Fatalf("merge: exit %d, stderr %q", code, errOut)
	}
	results := filepath.Join(merged, reports.ResultsFile)
	if !strings.HasPrefix(out, "merged 16 records from 2 folders into "+merged+"\nreport: wrote 9 files in "+merged+"; see "+results+"\nwarning: ") {
		t.Errorf("merge: stdout %q", out)
	}
	got, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(tmp, "run", reports.ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	// The report of the merged shards is the report of the whole run,
	// timing aside.
	if strip(string(got)) != strip(string(want)) {
		t.Errorf("the merged folder's RESULTS.md differs from the run's")
	}
}

// edgeMarks counts the rows of the selected-rates table of a RESULTS.md
// whose rate is marked ‡ (at the edge of the grid).
func edgeMarks(md string) int {
	_, rates, _ := strings.Cut(md, "## Selected learning rates")
	rates, _, _ = strings.Cut(rates, "\n## ")
	return strings.Count(rates, "‡ |")
}

// strip drops the lines of a RESULTS.md that name timing or the folder,
// and the steps-to-target table (its columns are as wide as its timings).
func strip(md string) string {
	var keep []string
	inTargets := false
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "## ") {
			// Both sections hold training times, as the scores' time columns.
			inTargets = l == "## Steps to reach a target" || strings.HasPrefix(l, "## Scores")
		}
		if !inTargets && !strings.Contains(l, "µs") && !strings.Contains(l, "sfbench report") && !strings.Contains(l, "second") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
