package compare

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/internal/stats"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports"
)

// The paired verdict (sfbench compare -a A -b B DIR) compares two
// optimizers of one results folder rather than two runs of a suite:
//
//   - selection: each optimizer's rate on each problem is the one the
//     report selects (reports.Analysis, Choice: the seeds-phase rate, else
//     the selection rule on the selection metric, at the longest horizon);
//   - pairing: the runs of the two selected rates are paired by seed. A
//     seed fixes the problem's initial point and data order whatever the
//     optimizer (the cell's data seed depends on the problem and the seed
//     only), so the difference B − A on one seed is free of that noise and
//     a paired test is the right one: the paired t-test on the
//     differences, or with -test utest the Wilcoxon signed-rank test
//     (internal/stats). When a pair's records name different data seeds
//     (the premise fails: records written by hand), that problem falls
//     back to the unpaired test of compare, and says so;
//   - failures: a seed lost by both optimizers (diverged or failed) says
//     nothing about their difference and is left out. A seed lost by one
//     of them counts at the worst value of the metric, as compare counts
//     it (0 for an accuracy, else the worst finite value either
//     optimizer's selected runs reached on the problem); and because that
//     bound understates the damage, the optimizer that lost more of the
//     paired seeds is the worse one on that problem whatever the test says
//     (B worse, or B better when A lost more);
//   - verdict per problem: B better, B worse (a regression), ~ (no
//     significant difference, or one smaller than the minimum effect), too
//     few paired seeds (fewer than 2: never a regression) or ? (no values);
//   - overall: the counts of those verdicts, and a sign test over problems
//     (stats.SignTest): on how many problems B's mean over the paired seeds
//     is better than A's and on how many worse, ties left out. It needs no
//     common scale of the problems' metrics. It is informative: only the
//     per-problem verdicts decide the exit code, as in compare.
//
// Seeds one optimizer ran and the other did not are left out, with a
// warning; so are seeds without a value of the metric.

// Folder is one results folder (or file) read for a paired comparison:
// the report's analysis of its records (grouping and selected rates, no
// curves) and the data seed of each problem × optimizer × seed.
type Folder struct {
	Path     string // the results file, as named in messages
	Records  int
	Torn     bool // the file ended in an incomplete line, which was ignored
	Analysis *reports.Analysis

	dataSeeds map[dataKey]dataSeed
}

type dataKey struct {
	problem, optimizer string
	seed               int
}

// dataSeed is the data seed the records of a problem × optimizer × seed
// name; mixed when they name several (records written by hand).
type dataSeed struct {
	v     uint64
	mixed bool
}

// LoadFolder reads a results folder (its results.jsonl) or file for a
// paired comparison, as every reader reads results (record.Set): one
// suite and version, one configuration per label, valid records, errors
// naming the file and line. Only final metrics are used (curves are not
// required nor kept). A missing path or a file without records is an
// error.
func LoadFolder(path string) (*Folder, error) {
	f := &Folder{dataSeeds: map[dataKey]dataSeed{}}
	an := reports.NewAnalyzer()
	set := record.Set{NoCurves: true, Discard: true, Each: func(_ int, r *record.Record) {
		an.Add(r)
		f.add(r)
	}}
	info, err := set.Load(path)
	if err != nil {
		return nil, err
	}
	if f.Records == 0 {
		return nil, fmt.Errorf("%s: no result records", info.Path)
	}
	f.Path, f.Torn, f.Analysis = info.Path, info.Torn, an.Analysis()
	return f, nil
}

// FolderOf is the Folder of records held in memory, named path.
func FolderOf(path string, recs []record.Record) *Folder {
	f := &Folder{Path: path, dataSeeds: map[dataKey]dataSeed{}}
	an := reports.NewAnalyzer()
	for i := range recs {
		an.Add(&recs[i])
		f.add(&recs[i])
	}
	f.Analysis = an.Analysis()
	return f
}

func (f *Folder) add(r *record.Record) {
	f.Records++
	k := dataKey{r.Problem, reports.ColumnOf(r), r.Seed}
	d, ok := f.dataSeeds[k]
	switch {
	case !ok:
		f.dataSeeds[k] = dataSeed{v: r.DataSeed}
	case d.v != r.DataSeed:
		d.mixed = true
		f.dataSeeds[k] = d
	}
}

// sameData reports whether optimizers a and b ran seed of problem on the
// same data (one data seed each, and the same).
func (f *Folder) sameData(problem, a, b string, seed int) bool {
	da, db := f.dataSeeds[dataKey{problem, a, seed}], f.dataSeeds[dataKey{problem, b, seed}]
	return !da.mixed && !db.mixed && da.v == db.v
}

// PairSide is one optimizer's selected rate on a problem and its values
// over the paired seeds.
type PairSide struct {
	LR      float64
	Horizon int
	Rates   []float64 // the grid it ran
	Edge    bool      // the selected rate is at the edge of a grid of several
	Seeds   int       // seeds the selected rate ran
	// Values are the metric on the paired seeds (PairRow.Seeds), a seed
	// it lost counted at the worst value.
	Values   []float64
	Mean, SE float64 // of Values (NaN without; SE: fewer than 2)
}

// PairRow is the paired comparison of the two optimizers on one problem.
type PairRow struct {
	Problem      string
	Metric, Goal string // compared metric and its goal (GoalMin or GoalMax)
	A, B         PairSide
	Seeds        []int // the paired seeds, ascending: both ran them, not both lost them
	// LostA and LostB are the paired seeds only A (only B) lost: diverged
	// or failed, or a non-finite value.
	LostA, LostB []int
	LostBoth     []int // seeds both lost: left out
	OnlyA, OnlyB []int // seeds only one optimizer ran: left out
	NoValue      []int // seeds without a value of the metric on a side: left out
	// Diff and DiffSE are the mean of B − A over the paired seeds and its
	// standard error; Delta is Diff relative to A's mean (Diff/|A.Mean|).
	Diff, DiffSE, Delta float64
	P                   float64 // p-value of the test; NaN when none ran
	Unpaired            bool    // the seeds did not share data: the unpaired test ran
	Verdict             Verdict // Better and Regression are B's against A
	Note                string
	Warnings            []string
}

// N is the number of paired seeds.
func (r *PairRow) N() int { return len(r.Seeds) }

// Pairing is the paired comparison of optimizers A and B in one results
// folder, ready to render.
type Pairing struct {
	Options  Options
	Path     string // the results file
	Suite    string
	Records  int
	A, B     string    // optimizer labels
	Rows     []PairRow // problems both ran, in the suite's order
	OnlyA    []string  // problems only A ran
	OnlyB    []string  // problems only B ran
	Warnings []string  // about the input as a whole
}

// VerdictText is a paired verdict as the tables print it: B better, B
// WORSE, ~, too few paired seeds, ?, with the note.
func (r *PairRow) VerdictText() string {
	var s string
	switch r.Verdict {
	case Better:
		s = "B better"
	case Regression:
		s = "B WORSE"
	case FewSeeds:
		s = "too few paired seeds"
	case Incomparable:
		s = "?"
	default:
		s = "~"
	}
	if r.Note != "" {
		s += " (" + r.Note + ")"
	}
	return s
}

// Worse are the problems on which B is significantly worse than A (or
// lost more of the paired seeds).
func (p *Pairing) Worse() []*PairRow {
	var out []*PairRow
	for i := range p.Rows {
		if p.Rows[i].Verdict == Regression {
			out = append(out, &p.Rows[i])
		}
	}
	return out
}

// Missing are the problems A ran that B did not, unless the options allow
// them (AllowMissing): a B that skipped part of the suite must not pass.
func (p *Pairing) Missing() []string {
	if p.Options.AllowMissing {
		return nil
	}
	return p.OnlyA
}

// Optimizers are the optimizer labels of the folder, in the suite's order.
func (f *Folder) Optimizers() []string { return f.Analysis.Optimizers }

// Pair compares optimizers a and b of f problem by problem. Invalid
// options, a name that is no optimizer of f (the error names those it
// has), a and b the same, a metric no record of a or b reports, and no
// problem both ran are errors; nothing else is.
func Pair(f *Folder, a, b string, opt Options) (*Pairing, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	an := f.Analysis
	for _, o := range []struct{ flag, name string }{{"-a", a}, {"-b", b}} {
		if !slices.Contains(an.Optimizers, o.name) {
			return nil, fmt.Errorf("%s %s: no optimizer of that name in %s (it has %s)", o.flag, o.name, f.Path, strings.Join(an.Optimizers, ", "))
		}
	}
	if a == b {
		return nil, fmt.Errorf("-a and -b both name %s: compare two different optimizers", a)
	}
	if opt.Metric != "" {
		known := reportedBy(an, a, b)
		if !slices.Contains(known, opt.Metric) {
			return nil, fmt.Errorf("-metric %s: no record of %s or %s reports it (they report %s)", opt.Metric, a, b, strings.Join(known, ", "))
		}
	}
	p := &Pairing{Options: opt, Path: f.Path, Suite: an.Suite, Records: f.Records, A: a, B: b}
	if f.Torn {
		p.Warnings = append(p.Warnings, f.Path+": incomplete last line ignored (a write cut short)")
	}
	for _, prob := range an.Problems {
		ca, cb := an.Choice(prob, a), an.Choice(prob, b)
		switch {
		case ca == nil && cb == nil:
		case cb == nil:
			p.OnlyA = append(p.OnlyA, prob)
		case ca == nil:
			p.OnlyB = append(p.OnlyB, prob)
		default:
			p.Rows = append(p.Rows, opt.pairRow(f, prob, a, b, ca, cb))
		}
	}
	if len(p.Rows) == 0 {
		return nil, fmt.Errorf("no problem of %s has runs of both %s and %s: nothing to compare", f.Path, a, b)
	}
	return p, nil
}

// reportedBy are the final metrics the runs of optimizers a and b report,
// sorted.
func reportedBy(an *reports.Analysis, opts ...string) []string {
	var out []string
	for _, g := range an.Groups {
		if !slices.Contains(opts, g.Optimizer) {
			continue
		}
		for _, m := range g.Metrics() {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	sort.Strings(out)
	return out
}

func sideOf(c *reports.Choice) PairSide {
	return PairSide{LR: c.Group.LR, Horizon: c.Group.Horizon, Rates: c.Rates, Edge: c.Edge, Seeds: len(c.Group.Runs),
		Mean: math.NaN(), SE: math.NaN()}
}

// pairRow pairs and tests the selected runs of a and b on one problem.
func (o Options) pairRow(f *Folder, problem, a, b string, ca, cb *reports.Choice) PairRow {
	r := PairRow{Problem: problem, Metric: o.Metric, A: sideOf(ca), B: sideOf(cb),
		Diff: math.NaN(), DiffSE: math.NaN(), Delta: math.NaN(), P: math.NaN()}
	if r.Metric == "" {
		r.Metric = ca.Metric // the report's metric of the problem: the same for every optimizer
	}
	r.Goal = o.goalFor(r.Metric)
	warn := func(format string, args ...any) { r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...)) }
	for _, s := range []struct {
		name string
		side PairSide
	}{{"A", r.A}, {"B", r.B}} {
		if s.side.Edge {
			warn("%s's selected rate %s is at the edge of its grid [%s, %s]", s.name, formatRate(s.side.LR),
				formatRate(s.side.Rates[0]), formatRate(s.side.Rates[len(s.side.Rates)-1]))
		}
	}
	if r.A.Horizon != r.B.Horizon {
		warn("A's selected runs are %d steps long, B's %d", r.A.Horizon, r.B.Horizon)
	}
	runsA, runsB := bySeed(ca.Group.Runs), bySeed(cb.Group.Runs)
	worst := worstOf(r.Metric, r.Goal, ca.Group.Runs, cb.Group.Runs)
	var seeds []int
	for s := range runsA {
		seeds = append(seeds, s)
	}
	for s := range runsB {
		if _, ok := runsA[s]; !ok {
			seeds = append(seeds, s)
		}
	}
	sort.Ints(seeds)
	for _, s := range seeds {
		ra, inA := runsA[s]
		rb, inB := runsB[s]
		switch {
		case !inB:
			r.OnlyA = append(r.OnlyA, s)
			continue
		case !inA:
			r.OnlyB = append(r.OnlyB, s)
			continue
		}
		va, outA := selection.Of(ra.Status, ra.Final, r.Metric)
		vb, outB := selection.Of(rb.Status, rb.Final, r.Metric)
		switch {
		case outA == selection.Missing || outB == selection.Missing:
			r.NoValue = append(r.NoValue, s)
			continue
		case outA == selection.Failed && outB == selection.Failed:
			r.LostBoth = append(r.LostBoth, s)
			continue
		case outA == selection.Failed:
			r.LostA = append(r.LostA, s)
			va = worst
		case outB == selection.Failed:
			r.LostB = append(r.LostB, s)
			vb = worst
		}
		if !f.sameData(problem, a, b, s) {
			r.Unpaired = true
		}
		r.Seeds = append(r.Seeds, s)
		r.A.Values = append(r.A.Values, va)
		r.B.Values = append(r.B.Values, vb)
	}
	for _, l := range []struct {
		seeds []int
		what  string
	}{
		{r.OnlyA, "run by A only, left out"},
		{r.OnlyB, "run by B only, left out"},
		{r.LostBoth, "lost by both (diverged or failed), left out"},
		{r.NoValue, "without " + r.Metric + " on a side, left out"},
	} {
		if len(l.seeds) > 0 {
			warn("%s %s", seedList(l.seeds), l.what)
		}
	}
	if r.Unpaired {
		warn("the paired seeds ran different data (their records' data seeds differ): compared unpaired, by %s", o.TestName())
	}
	r.A.Mean, r.A.SE = stats.MeanSE(r.A.Values)
	r.B.Mean, r.B.SE = stats.MeanSE(r.B.Values)
	if r.N() > 0 {
		d := make([]float64, r.N())
		for i := range d {
			d[i] = r.B.Values[i] - r.A.Values[i]
		}
		r.Diff, r.DiffSE = stats.MeanSE(d)
		r.Delta = relative(r.A.Mean, r.B.Mean)
	}
	worse := r.Diff < 0
	if r.Goal == GoalMin {
		worse = r.Diff > 0
	}
	lost := func(first string, n1 int, second string, n2 int) string {
		return fmt.Sprintf("diverged or failed where the other finished: %s %d, %s %d", first, n1, second, n2)
	}
	switch {
	case r.N() == 0:
		r.Verdict = Incomparable
		switch {
		case len(r.LostBoth) > 0 && len(r.NoValue) == 0:
			r.Verdict, r.Note = Same, "both lost every common seed"
		case len(r.NoValue) > 0:
			r.Note = "no values of " + r.Metric
		default:
			r.Note = "no common seeds"
		}
	case len(r.LostB) > len(r.LostA):
		r.Verdict, r.Note = Regression, lost("B", len(r.LostB), "A", len(r.LostA))
		r.P = o.pairedP(r)
	case len(r.LostA) > len(r.LostB):
		r.Verdict, r.Note = Better, lost("A", len(r.LostA), "B", len(r.LostB))
		r.P = o.pairedP(r)
	case r.N() < 2:
		r.Verdict, r.Note = FewSeeds, fmt.Sprintf("n = %d", r.N())
	default:
		r.P = o.pairedP(r)
		large := math.Abs(r.Delta) >= o.MinEffect && r.Diff != 0
		switch {
		case !(r.P < o.Alpha) || !large:
			r.Verdict = Same
		case worse:
			r.Verdict = Regression
		default:
			r.Verdict = Better
		}
	}
	if r.Unpaired && r.Note == "" {
		r.Note = "unpaired"
	}
	return r
}

// pairedP is the p-value of the row's test: paired on B − A, or unpaired
// where the seeds did not share data; NaN with fewer than 2 pairs.
func (o Options) pairedP(r PairRow) float64 {
	if r.N() < 2 {
		return math.NaN()
	}
	if r.Unpaired {
		return o.pValue(r.A.Values, r.B.Values)
	}
	if o.test() == UTest {
		_, p := stats.WilcoxonSignedRank(r.B.Values, r.A.Values)
		return p
	}
	_, _, p := stats.PairedT(r.B.Values, r.A.Values)
	return p
}

// PairedTestName is the long name of the paired test in use.
func (o Options) PairedTestName() string {
	if o.test() == UTest {
		return "Wilcoxon signed-rank test"
	}
	return "paired t-test"
}

// bySeed indexes runs (sorted by seed, one per seed: record.Set keeps a
// cell once) by seed.
func bySeed(runs []*reports.Run) map[int]*reports.Run {
	out := make(map[int]*reports.Run, len(runs))
	for _, r := range runs {
		if _, dup := out[r.Seed]; !dup {
			out[r.Seed] = r
		}
	}
	return out
}

// worstOf is what a lost seed counts as: the bound of an accuracy, or else
// the worst finite value of the metric over both sides' runs (NaN if none;
// then no pair has a finished side either, so none needs it).
func worstOf(metric, goal string, sides ...[]*reports.Run) float64 {
	if strings.HasSuffix(metric, "_acc") {
		if goal == GoalMax {
			return 0
		}
		return 1
	}
	worst := math.NaN()
	for _, runs := range sides {
		for _, r := range runs {
			v, out := selection.Of(r.Status, r.Final, metric)
			if out != selection.Finished {
				continue
			}
			if math.IsNaN(worst) || (goal == GoalMax && v < worst) || (goal == GoalMin && v > worst) {
				worst = v
			}
		}
	}
	return worst
}

func formatRate(lr float64) string { return strconv.FormatFloat(lr, 'g', -1, 64) }

// Overall counts, over the problems with paired seeds, those on which B's
// mean is better than A's (wins) and worse (losses), ties left out, and
// the sign test's p of those counts (NaN with none).
func (p *Pairing) Overall() (wins, losses, ties int, pSign float64) {
	for _, r := range p.Rows {
		switch {
		case r.N() == 0 || math.IsNaN(r.Diff):
			continue
		case r.Diff == 0:
			ties++
		case (r.Diff > 0) == (r.Goal == GoalMax):
			wins++
		default:
			losses++
		}
	}
	return wins, losses, ties, stats.SignTest(wins, losses)
}

// OverallLine is Overall in words.
func (p *Pairing) OverallLine() string {
	w, l, t, ps := p.Overall()
	n := w + l + t
	if n == 0 {
		return "overall: no problem with paired seeds"
	}
	s := fmt.Sprintf("overall: B's mean over the paired seeds is better on %d, worse on %d", w, l)
	if t > 0 {
		s += fmt.Sprintf(", equal on %d", t)
	}
	s += fmt.Sprintf(" of %d %s", n, plural(n, "problem", "problems"))
	if math.IsNaN(ps) {
		return s + "; sign test: no problem with a difference"
	}
	return s + fmt.Sprintf("; sign test p = %s", formatPairP(ps))
}

// Summary is the one-line verdict of the paired comparison.
func (p *Pairing) Summary() string {
	var count [5]int
	for _, r := range p.Rows {
		count[r.Verdict]++
	}
	head := fmt.Sprintf("ok: B (%s) is not significantly worse than A (%s) on any problem", p.B, p.A)
	switch missing := p.Missing(); {
	case count[Regression] > 0:
		head = fmt.Sprintf("FAIL: B (%s) is worse than A (%s) on %d %s", p.B, p.A, count[Regression],
			plural(count[Regression], "problem", "problems"))
	case len(missing) > 0:
		head = fmt.Sprintf("FAIL: B (%s) has no runs on %d %s A (%s) ran", p.B, len(missing),
			plural(len(missing), "problem", "problems"), p.A)
	}
	s := fmt.Sprintf("%s: %d compared (%d B better, %d B worse, %d ~", head, len(p.Rows), count[Better], count[Regression], count[Same])
	if count[FewSeeds] > 0 {
		s += fmt.Sprintf(", %d with too few paired seeds", count[FewSeeds])
	}
	if count[Incomparable] > 0 {
		s += fmt.Sprintf(", %d without values", count[Incomparable])
	}
	return s + fmt.Sprintf("); %d only A ran, %d only B ran", len(p.OnlyA), len(p.OnlyB))
}
