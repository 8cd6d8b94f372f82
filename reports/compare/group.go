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
)

// shortName is problem/optimizer/lr=LR.
func shortName(k record.Key) string {
	return fmt.Sprintf("%s/%s/lr=%s", k.Problem, k.Optimizer, strconv.FormatFloat(k.LR, 'g', -1, 64))
}

// names gives every key a display name: problem/optimizer/lr=LR, with
// /h=HORIZON added where that name is shared, and a short hash of the
// whole configuration where even that is shared.
func names(keys []record.Key) map[record.Key]string {
	byShort := map[string][]record.Key{}
	for _, k := range keys {
		byShort[shortName(k)] = append(byShort[shortName(k)], k)
	}
	out := make(map[record.Key]string, len(keys))
	for short, ks := range byShort {
		if len(ks) == 1 {
			out[ks[0]] = short
			continue
		}
		withH := map[string]int{}
		for _, k := range ks {
			withH[fmt.Sprintf("%s/h=%d", short, k.Horizon)]++
		}
		for _, k := range ks {
			n := fmt.Sprintf("%s/h=%d", short, k.Horizon)
			if withH[n] > 1 {
				n += "/" + k.Hash()
			}
			out[k] = n
		}
	}
	return out
}

// Verdict of a group.
type Verdict int

const (
	Same         Verdict = iota // no significant difference (or smaller than the minimum effect)
	Better                      // NEW is significantly better
	Regression                  // NEW is significantly worse, or fails on more seeds
	Incomparable                // a side has no value of the metric
	FewSeeds                    // a side has fewer than two seeds: no test can decide (never a regression)
)

func (v Verdict) String() string {
	switch v {
	case Better:
		return "better"
	case Regression:
		return "REGRESSION"
	case Incomparable:
		return "?"
	case FewSeeds:
		return "too few seeds"
	}
	return "~"
}

// Sample is one side of a group: the compared metric per seed.
type Sample struct {
	Seeds []int // ascending, one per seed counted
	// Values holds the metric per seed, in the order of Seeds; a seed that
	// diverged or failed holds the worst value (see the package comment).
	// It is empty when every seed of the group, on both sides, failed and
	// no finite value of an unbounded metric exists to stand for them.
	Values []float64
	Failed int     // seeds that diverged or failed (or reported a non-finite value)
	Mean   float64 // of Values; NaN without values
	SE     float64 // standard error of the mean; NaN with fewer than 2 values
}

// N is the number of seeds counted.
func (s Sample) N() int { return len(s.Seeds) }

func (s Sample) failedFraction() float64 {
	if len(s.Seeds) == 0 {
		return 0
	}
	return float64(s.Failed) / float64(len(s.Seeds))
}

func (s *Sample) summarize() { s.Mean, s.SE = stats.MeanSE(s.Values) }

// Row is the comparison of one group present on both sides.
type Row struct {
	Name   string // display name, unique in the comparison
	Key    record.Key
	Metric string // "" when no record reports any of DefaultMetrics
	Goal   string // GoalMin or GoalMax
	Base   Sample
	New    Sample
	// Delta is the relative change of the mean, (new − base)/|base|; NaN
	// when a side has no values.
	Delta    float64
	P        float64 // p-value of the test; NaN when none ran
	Verdict  Verdict
	Note     string   // why, when the verdict needs explaining: "n<2", failed seeds, …
	Warnings []string // about this group's records
}

// VerdictText is the verdict with its note, as the tables print it.
func (r *Row) VerdictText() string {
	if r.Note == "" {
		return r.Verdict.String()
	}
	return r.Verdict.String() + " (" + r.Note + ")"
}

// Comparison is the result of Compare, ready to render.
type Comparison struct {
	Options     Options
	Base, New   string // paths of the two sides
	BaseRecords int
	NewRecords  int
	Rows        []Row    // groups on both sides, sorted by problem, optimizer, rate, horizon
	OnlyBase    []string // names of the groups only in BASE, in the same order
	OnlyNew     []string // names of the groups only in NEW
	Warnings    []string // about the inputs as a whole

	problems map[string]string // problem label by group name, for the one-sided groups
}

// Missing are the groups of BASE that NEW lacks, unless the options allow
// them (AllowMissing): a NEW that dropped part of the suite must not pass.
func (c *Comparison) Missing() []string {
	if c.Options.AllowMissing {
		return nil
	}
	return c.OnlyBase
}

// Regressions are the rows whose verdict is Regression.
func (c *Comparison) Regressions() []*Row {
	var out []*Row
	for i := range c.Rows {
		if c.Rows[i].Verdict == Regression {
			out = append(out, &c.Rows[i])
		}
	}
	return out
}

// Summary is the one-line verdict of the whole comparison.
func (c *Comparison) Summary() string {
	var count [5]int
	for _, r := range c.Rows {
		count[r.Verdict]++
	}
	head := "ok: no significant regression"
	switch missing := c.Missing(); {
	case count[Regression] > 0:
		head = fmt.Sprintf("FAIL: %d %s", count[Regression], plural(count[Regression], "regression", "regressions"))
	case len(missing) > 0:
		head = fmt.Sprintf("FAIL: NEW lacks %d %s of BASE", len(missing), plural(len(missing), "group", "groups"))
	}
	s := fmt.Sprintf("%s in %d %s compared (%d better, %d ~", head, len(c.Rows),
		plural(len(c.Rows), "group", "groups"), count[Better], count[Same])
	if count[Incomparable] > 0 {
		s += fmt.Sprintf(", %d without values", count[Incomparable])
	}
	if count[FewSeeds] > 0 {
		s += fmt.Sprintf(", %d with too few seeds", count[FewSeeds])
	}
	return s + fmt.Sprintf("); %d only in BASE, %d only in NEW", len(c.OnlyBase), len(c.OnlyNew))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Compare matches the records of base and nw by configuration and compares
// each group present on both sides. Only invalid options are errors.
func Compare(base, nw *Results, opt Options) (*Comparison, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	br, nr := base.runsOf(), nw.runsOf()
	c := &Comparison{Options: opt, Base: base.Path, New: nw.Path,
		BaseRecords: len(br), NewRecords: len(nr)}
	for _, r := range []*Results{base, nw} {
		if r.Torn {
			c.Warnings = append(c.Warnings, r.Path+": incomplete last line ignored (a write cut short)")
		}
	}
	if b, n := suiteNames(br), suiteNames(nr); b != n {
		c.Warnings = append(c.Warnings, fmt.Sprintf("BASE holds suite %s, NEW holds suite %s", b, n))
	}
	if known := reported(br, nr); opt.Metric != "" && len(known) > 0 && !slices.Contains(known, opt.Metric) {
		return nil, fmt.Errorf("-metric %s: no record of either side reports it (they report %s)",
			opt.Metric, strings.Join(known, ", "))
	}
	bg, ng := groupRuns(br), groupRuns(nr)
	keys := make([]record.Key, 0, len(bg)+len(ng))
	for k := range bg {
		keys = append(keys, k)
	}
	for k := range ng {
		if _, ok := bg[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	name := names(keys)
	c.problems = map[string]string{}
	for _, k := range keys {
		b, inBase := bg[k]
		n, inNew := ng[k]
		c.problems[name[k]] = k.Problem
		switch {
		case !inNew:
			c.OnlyBase = append(c.OnlyBase, name[k])
		case !inBase:
			c.OnlyNew = append(c.OnlyNew, name[k])
		default:
			c.Rows = append(c.Rows, opt.row(name[k], k, b, n))
		}
	}
	if len(c.Rows) == 0 {
		return nil, fmt.Errorf("no configuration is in both BASE (%s) and NEW (%s): nothing to compare", base.Path, nw.Path)
	}
	c.Warnings = append(c.Warnings, movedRates(br, nr)...)
	return c, nil
}

func reported(sides ...[]*run) []string {
	var out []string
	for _, runs := range sides {
		for _, r := range runs {
			for _, f := range r.Final {
				m := f.name
				if !slices.Contains(out, m) {
					out = append(out, m)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

func suiteNames(runs []*run) string {
	var s []string
	for _, rec := range runs {
		if !slices.Contains(s, rec.Suite) {
			s = append(s, rec.Suite)
		}
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}

func groupRuns(runs []*run) map[record.Key][]*run {
	out := map[record.Key][]*run{}
	for _, r := range runs {
		out[*r.key] = append(out[*r.key], r)
	}
	return out
}

// worstValue is what a failed seed contributes: the bound of an accuracy,
// or else the worst finite value of the metric in the group (NaN if none).
func worstValue(metric, goal string, sides ...[]*run) float64 {
	if strings.HasSuffix(metric, "_acc") {
		if goal == GoalMax {
			return 0
		}
		return 1
	}
	worst := math.NaN()
	for _, recs := range sides {
		for _, r := range recs {
			v, ok := r.Final.get(metric)
			f := float64(v)
			if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
				continue
			}
			if math.IsNaN(worst) || (goal == GoalMax && f < worst) || (goal == GoalMin && f > worst) {
				worst = f
			}
		}
	}
	return worst
}

// pickMetric is the first of DefaultMetrics any record reports.
func pickMetric(sides ...[]*run) string {
	for _, m := range DefaultMetrics {
		for _, recs := range sides {
			for _, r := range recs {
				if _, ok := r.Final.get(m); ok {
					return m
				}
			}
		}
	}
	return ""
}

// dedupe keeps one record per seed, in seed order: the first in the file,
// with a warning when a later one disagrees with it.
func dedupe(side string, recs []*run, metric string, warn func(string)) []*run {
	bySeed := map[int]*run{}
	var seeds []int
	for _, r := range recs {
		first, dup := bySeed[r.Seed]
		if !dup {
			bySeed[r.Seed] = r
			seeds = append(seeds, r.Seed)
			continue
		}
		a, _ := first.Final.get(metric)
		b, _ := r.Final.get(metric)
		if first.Status != r.Status || math.Float64bits(float64(a)) != math.Float64bits(float64(b)) {
			warn(fmt.Sprintf("%s has seed %d twice with different results (%s %s, %s %s): using the first",
				side, r.Seed, first.ID, first.Status, r.ID, r.Status))
		}
	}
	sort.Ints(seeds)
	out := make([]*run, len(seeds))
	for i, s := range seeds {
		out[i] = bySeed[s]
	}
	return out
}

// sample projects one side's records onto the metric.
func sample(side string, recs []*run, metric string, worst float64, warn func(string)) Sample {
	var s Sample
	var missing, nonFinite, unknown []int
	for _, r := range recs {
		// How a seed counts is the selection rule's (internal/selection).
		v, ok := r.Final.get(metric)
		f, out := selection.OfValue(r.Status, v, ok)
		failed := out == selection.Failed
		switch {
		case out == selection.Missing:
			missing = append(missing, r.Seed)
			continue
		case r.Status == record.StatusOK && failed:
			nonFinite = append(nonFinite, r.Seed)
		case r.Status != record.StatusOK && r.Status != record.StatusDiverged && r.Status != record.StatusError:
			unknown = append(unknown, r.Seed)
		}
		s.Seeds = append(s.Seeds, r.Seed)
		if failed {
			s.Failed++
			f = worst
		}
		if !math.IsNaN(f) {
			s.Values = append(s.Values, f)
		}
	}
	if metric == "" {
		missing = nil // said once for the group
	}
	if len(missing) > 0 {
		warn(fmt.Sprintf("%s: %s without %s, left out", side, seedList(missing), metric))
	}
	if len(nonFinite) > 0 {
		warn(fmt.Sprintf("%s: %s with a non-finite %s, counted as failed", side, seedList(nonFinite), metric))
	}
	if len(unknown) > 0 {
		warn(fmt.Sprintf("%s: %s with an unknown status, counted as failed", side, seedList(unknown)))
	}
	if len(s.Values) != len(s.Seeds) { // no worst value: nothing stands for the failed seeds
		s.Values = nil
	}
	s.summarize()
	return s
}

func seedList(seeds []int) string {
	parts := make([]string, len(seeds))
	for i, s := range seeds {
		parts[i] = strconv.Itoa(s)
	}
	return plural(len(seeds), "seed ", "seeds ") + strings.Join(parts, ", ")
}

// row projects and tests one group present on both sides.
func (o Options) row(name string, k record.Key, base, nw []*run) Row {
	r := Row{Name: name, Key: k, Metric: o.Metric, Delta: math.NaN(), P: math.NaN()}
	warn := func(s string) { r.Warnings = append(r.Warnings, s) }
	if r.Metric == "" {
		r.Metric = pickMetric(base, nw)
		if r.Metric == "" {
			warn(fmt.Sprintf("no record reports any of %s: choose one with -metric", strings.Join(DefaultMetrics, ", ")))
		}
	}
	r.Goal = o.goalFor(r.Metric)
	base = dedupe("BASE", base, r.Metric, warn)
	nw = dedupe("NEW", nw, r.Metric, warn)
	if b, n := evalPoints(base), evalPoints(nw); b != n {
		warn(fmt.Sprintf("evaluated at %s in BASE, at %s in NEW", b, n))
	}
	worst := worstValue(r.Metric, r.Goal, base, nw)
	r.Base = sample("BASE", base, r.Metric, worst, warn)
	r.New = sample("NEW", nw, r.Metric, worst, warn)
	if len(r.Base.Values) > 0 && len(r.New.Values) > 0 {
		r.Delta = relative(r.Base.Mean, r.New.Mean)
	}
	worse := r.New.Mean < r.Base.Mean
	if r.Goal == GoalMin {
		worse = r.New.Mean > r.Base.Mean
	}
	large := math.Abs(r.Delta) >= o.MinEffect && r.New.Mean != r.Base.Mean
	verdict := func(significant bool) Verdict {
		switch {
		case !significant || !large:
			return Same
		case worse:
			return Regression
		}
		return Better
	}
	switch {
	case r.Base.N() == 0 || r.New.N() == 0:
		r.Verdict = Incomparable
		switch {
		case r.Base.N() > 0:
			r.Note = "no values in NEW"
		case r.New.N() > 0:
			r.Note = "no values in BASE"
		default:
			r.Note = "no values"
		}
		if r.Metric == "" {
			r.Note = "no metric"
		}
	case r.New.failedFraction() > r.Base.failedFraction():
		r.Verdict = Regression
		r.Note = fmt.Sprintf("diverged or failed: %d/%d, BASE %d/%d", r.New.Failed, r.New.N(), r.Base.Failed, r.Base.N())
		if r.Base.N() > 1 && r.New.N() > 1 && len(r.Base.Values) > 0 && len(r.New.Values) > 0 {
			r.P = o.pValue(r.Base.Values, r.New.Values)
		}
	case len(r.Base.Values) == 0 || len(r.New.Values) == 0:
		r.Verdict, r.Note = Same, "all seeds failed"
	case r.Base.N() < 2 || r.New.N() < 2:
		r.Verdict, r.Note = FewSeeds, fmt.Sprintf("n = %d and %d", r.Base.N(), r.New.N())
	default:
		r.P = o.pValue(r.Base.Values, r.New.Values)
		r.Verdict = verdict(r.P < o.Alpha)
	}
	return r
}

func (o Options) pValue(a, b []float64) float64 {
	if o.test() == UTest {
		_, p := stats.MannWhitneyU(a, b)
		return p
	}
	_, _, p := stats.WelchT(a, b)
	return p
}

// relative is (nw − base)/|base|: 0 when equal, ±Inf from a zero base.
func relative(base, nw float64) float64 {
	d := nw - base
	if d == 0 {
		return 0
	}
	if base == 0 {
		return math.Inf(int(math.Copysign(1, d)))
	}
	return d / math.Abs(base)
}

func evalPoints(recs []*run) string {
	var at []string
	for _, r := range recs {
		if !slices.Contains(at, r.EvalAt) {
			at = append(at, r.EvalAt)
		}
	}
	sort.Strings(at)
	return strings.Join(at, "+")
}
