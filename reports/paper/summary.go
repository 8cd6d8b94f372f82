package paper

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports"
	"github.com/sfbench/sfbench/reports/format"
)

// WriteSummary writes the top-level RESULTS.md of several result folders (one
// per paper suite): the claims checklist decided by their numbers, then
// each suite's table and figures with a link to its own RESULTS.md.
// elapsed, when positive, is the wall time the runs took, as measured by
// whoever ran them (make results), in seconds.
func WriteSummary(out string, dirs []string, elapsed float64) error {
	by := map[string]*reports.Analysis{}
	var order []*reports.Analysis
	folder := map[*reports.Analysis]string{} // relative to out, for links
	source := map[*reports.Analysis]string{} // as given, to find its files
	for _, d := range dirs {
		a, dir, err := reports.Read(d)
		if err != nil {
			return err
		}
		if a == nil {
			return fmt.Errorf("%s: no results", d)
		}
		by[a.Suite] = a
		order = append(order, a)
		rel, err := filepath.Rel(filepath.Dir(out), dir)
		if err != nil {
			rel = dir
		}
		folder[a], source[a] = filepath.ToSlash(rel), dir
	}
	paper := false // whether any suite decides a claim of the paper
	for _, a := range order {
		paper = paper || slices.Contains(Suites, a.Suite)
	}
	title := "sfbench results"
	if paper {
		title = summaryTitle
	}
	var b strings.Builder
	b.WriteString("# " + title + "\n\n")
	fmt.Fprintf(&b, "Every number and figure here comes from the results of the %d folders below, summarized by `sfbench summarize`; "+
		"nothing in it is typed by hand. ", len(order))
	if len(order) > 0 {
		b.WriteString(reports.EnvironmentText(order[0].Environment))
	}
	page := filepath.Base(HTMLPath(out))
	fmt.Fprintf(&b, " The same as one page: [%s](%s); each suite's interactive charts are in its report.html.", page, page)
	if paper {
		b.WriteString("\n\nThe problems are small proxies of the paper's (convex LIBSVM sets, an 8×8-digit CNN, a character-level " +
			"transformer on six novels), so a claim that does not reproduce here may still hold at scale, and one that does " +
			"may not; each verdict says what these runs show, by the rule written next to its numbers.")
	}
	b.WriteString("\n\n")
	var all timeTotals
	for _, a := range order {
		all.add(a)
	}
	fmt.Fprintf(&b, "Compute: %s", all)
	if elapsed > 0 {
		fmt.Fprintf(&b, "; the runs took %s from start to end on this machine (%d cores)", FormatDuration(elapsed), runtime.NumCPU())
	}
	b.WriteString(".\n\n")
	b.WriteString(protocolText)
	var claims []Claim
	if paper {
		claims = Claims(by)
	}
	checklist := &format.Table{Header: []string{"claim", "verdict", "decided by"}}
	for _, c := range claims {
		first := ""
		if len(c.Evidence) > 0 {
			first = c.Evidence[0]
		}
		checklist.Rows = append(checklist.Rows, []format.Cell{{Text: c.Text}, {Text: c.Verdict, Bold: true}, {Text: fmt.Sprintf("%s (%s)", first, c.Suite)}})
	}
	if paper {
		b.WriteString("## Claims checklist\n\n")
		var cb bytes.Buffer
		if err := format.Markdown.Write(&cb, checklist); err != nil {
			return err
		}
		b.Write(cb.Bytes())
		b.WriteString("\n")
	}
	for _, c := range claims {
		if len(c.Evidence) < 2 && (c.Verdict == Reproduced || c.Verdict == NotMeasured) {
			continue
		}
		fmt.Fprintf(&b, "<details><summary>%s — %s</summary>\n\n", c.Text, c.Verdict)
		for _, e := range c.Evidence[1:] {
			fmt.Fprintf(&b, "- %s\n", e)
		}
		if c.Verdict != Reproduced && c.Verdict != NotMeasured && c.Caveat != "" {
			fmt.Fprintf(&b, "\nWhat might explain it: %s\n", c.Caveat)
		}
		b.WriteString("\n</details>\n\n")
	}
	for _, a := range order {
		dir := folder[a]
		var tt timeTotals
		tt.add(a)
		fmt.Fprintf(&b, "## %s\n\n%s\n\n%s.\n\n", a.Suite, strings.TrimSpace(a.Description), tt)
		var tb bytes.Buffer
		if err := reports.BuildTable(a).WriteMarkdown(&tb); err != nil {
			return err
		}
		b.Write(tb.Bytes())
		if targets := reports.StepsToTarget(a); len(targets) > 0 && len(a.Optimizers) > 1 {
			// The AlgoPerf-style scores, without their long note (in the
			// suite's own RESULTS.md).
			st := reports.ScoresTable(a, targets, "")
			st.Notes = ""
			tb.Reset()
			if err := format.Markdown.Write(&tb, st); err != nil {
				return err
			}
			b.WriteString("\nScores over the problems (AlgoPerf's integrated performance profile, r_max = 4; see the suite's RESULTS.md):\n\n")
			b.Write(tb.Bytes())
		}
		fmt.Fprintf(&b, "\nDetails, selected rates and all figures: [%s/RESULTS.md](%s/RESULTS.md); interactive: [%s/%s](%s/%s).\n\n",
			dir, dir, dir, reports.HTMLFile, dir, reports.HTMLFile)
		// The figures the suite's own report rendered (no need to rebuild
		// them to learn which exist).
		for _, f := range reports.Figures {
			if _, err := os.Stat(filepath.Join(source[a], f.File)); err == nil && f.Summary {
				fmt.Fprintf(&b, "![%s: %s](%s/%s)\n\n", a.Suite, f.Heading(), dir, f.File)
			}
		}
	}
	if err := record.WriteAtomic(out, func(w io.Writer) error {
		_, err := io.WriteString(w, b.String())
		return err
	}); err != nil {
		return err
	}
	compute := "Compute: " + all.String()
	if elapsed > 0 {
		compute += fmt.Sprintf("; the runs took %s from start to end on this machine (%d cores)", FormatDuration(elapsed), runtime.NumCPU())
	}
	return writeSummaryHTML(HTMLPath(out), title, compute+".", claims, order, folder)
}

// HTMLPath is where the summary's page goes: beside it, with .html for
// its extension (RESULTS.md → RESULTS.html).
func HTMLPath(out string) string { return strings.TrimSuffix(out, filepath.Ext(out)) + ".html" }

const summaryTitle = "The Road Less Scheduled, reproduced at proxy scale"

// protocol states the protocol every suite follows, one term each, and
// where it differs from the paper's; protocolText is it in Markdown.
var protocol = struct {
	Terms   []struct{ Term, Text string }
	Differs string
}{
	Terms: []struct{ Term, Text string }{
		{"Divergence", ", as in the paper and the official code: a run is lost only when its loss or a parameter becomes " +
			"non-finite. Loss spikes that recover count with their final metrics (figures ring the rates where a run's full-batch " +
			"training loss rose above 10× the initial one)."},
		{"Selection", ": one rule (internal/selection) picks every rate: fewest failed seeds, then the best mean, ties broken by " +
			"the lower loss on the same split, then the smaller rate. Each horizon is tuned on its own."},
		{"Splits", ": the convex study selects and reports final training accuracy, as the paper does. Suites that report a test " +
			"metric select on a validation split of 10% of the training data and report the test metric at that rate."},
		{"Baselines", ": primal averaging is the schedule-free family's end point β = 1 (the official reference classes); Polyak " +
			"averaging is the base optimizer evaluated at the uniform average of its iterates, as the official comparison ran it."},
	},
	Differs: "Where this differs from the paper: the problems are small proxies of the paper's and the deep-learning proxies run " +
		"few seeds (1 tuning seed, 3–5 reported); the tuning seeds are among the reported seeds (their runs are reused); rates " +
		"of the proxies are selected on a validation split carved from their training data; in the Pareto study " +
		"schedule-free is tuned once, at the longest horizon, with its warmup a fraction of that horizon.",
}

var protocolText = func() string {
	var b strings.Builder
	b.WriteString("## Protocol\n\n")
	for _, t := range protocol.Terms {
		text := strings.Replace(t.Text, "(internal/selection)", "(`internal/selection`)", 1)
		fmt.Fprintf(&b, "- **%s**%s\n", t.Term, text)
	}
	b.WriteString("\n" + protocol.Differs + "\n\n")
	return b.String()
}()

// timeTotals sums the recorded time of runs.
type timeTotals struct {
	runs                     int
	wall, train, eval, setup float64
}

func (t *timeTotals) add(a *reports.Analysis) {
	for _, g := range a.Groups {
		for _, r := range g.Runs {
			t.runs++
			t.wall += r.WallSeconds
			t.train += r.TrainSeconds
			t.eval += r.EvalSeconds
			t.setup += r.SetupSeconds
		}
	}
}

// String says it as a sentence: the time spent in runs (one core each;
// runs execute in parallel, so the elapsed time is shorter).
func (t timeTotals) String() string {
	return fmt.Sprintf("%d runs took %s of one core's time in all (training %s, evaluations %s, set-up %s; runs execute in parallel, one per core)",
		t.runs, FormatDuration(t.wall), FormatDuration(t.train), FormatDuration(t.eval), FormatDuration(t.setup))
}

func FormatDuration(s float64) string {
	if s < 60 {
		return fmt.Sprintf("%.1f s", s)
	}
	return fmt.Sprintf("%d min %02d s", int(s)/60, int(s)%60)
}
