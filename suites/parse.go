package suites

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/internal/strictyaml"
	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/optim/kinds"
	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/record"
)

// Load reads and validates the suite file at path.
func Load(path string) (*Suite, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse validates a suite read from path (used in messages only).
func Parse(path string, data []byte) (*Suite, error) {
	errs := &errorList{path: path}
	var root yaml.Node
	if err := strictyaml.Parse(data, &root); err != nil {
		errs.addErr(0, err)
		return nil, errs.err()
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		errs.add(0, "empty suite file")
		return nil, errs.err()
	}
	var f file
	if err := strictyaml.DecodeNode(&root, &f); err != nil {
		errs.addErr(0, err)
		return nil, errs.err()
	}
	doc := root.Content[0]
	v := &validator{errs: errs, doc: doc, dir: filepath.Dir(path)}
	s := v.suite(&f)
	if err := errs.err(); err != nil {
		return nil, err
	}
	s.Path = path
	sum := hashJSON(struct {
		Budget     Budget
		Eval       Eval
		Divergence Divergence
		Protocol   Protocol
	}{s.Budget, s.Eval, s.Divergence, s.Protocol})
	s.Settings = hex.EncodeToString(sum[:8])
	return s, nil
}

type validator struct {
	errs *errorList
	doc  *yaml.Node // the document's top-level mapping
	dir  string     // the suite file's folder: relative data files are found from it
	// problemNames are the labels of the suite's problem entries, for
	// optimizer entries that name the problems they run on.
	problemNames []string
}

// child returns the value node of key in mapping n, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// item returns element i of sequence n, or nil.
func item(n *yaml.Node, i int) *yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return nil
	}
	return n.Content[i]
}

// line is the line of n, or of the document when n is nil.
func (v *validator) line(n *yaml.Node) int {
	if n == nil {
		return v.doc.Line
	}
	return n.Line
}

// lineOr is the line of n, or fallback (the enclosing entry's) when n is
// nil, e.g. an entry without options.
func (v *validator) lineOr(n *yaml.Node, fallback int) int {
	if n == nil {
		return fallback
	}
	return n.Line
}

var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func (v *validator) suite(f *file) *Suite {
	s := &Suite{Name: f.Suite, Description: f.Description}
	if !safeName.MatchString(f.Suite) {
		v.errs.add(v.line(child(v.doc, "suite")), "suite: want a name of letters, digits, '.', '_' or '-' (it names the output folder), got %q", f.Suite)
	}
	s.Seeds = v.seeds(child(v.doc, "seeds"), []int{0})
	s.Budget = v.budget(f.Budget)
	s.Eval = v.eval(f.Eval)
	s.Divergence = v.divergence(f.Divergence)
	suiteLRs := v.lrs(child(v.doc, "lrs"))
	// A protocol that reports a test metric selects on a validation split
	// by default: turn the split on where the suite did not set it.
	defaultVal := f.Protocol.Select == "" && strings.HasPrefix(f.Protocol.Metric, "test_")
	metrics := v.problems(s, f.Problems, defaultVal)
	v.optimizers(s, f.Optimizers, suiteLRs)
	v.cadence(s)
	s.Protocol = v.protocol(f.Protocol, s.Seeds, metrics)
	v.checkScoring(s)
	return s
}

// checkScoring checks that the protocol's targets name problems of the
// suite and its baseline an optimizer (a table column: an entry, or a grid
// point of an entry selected per point).
func (v *validator) checkScoring(s *Suite) {
	node := child(v.doc, "protocol")
	var problems []string
	for _, p := range s.Problems {
		problems = append(problems, p.Name)
	}
	for _, name := range slices.Sorted(maps.Keys(s.Protocol.Targets)) {
		if !slices.Contains(problems, name) {
			v.errs.add(v.line(child(node, "targets")), "protocol: targets: no problem %q (problems: %s)", name, strings.Join(problems, ", "))
		}
	}
	if b := s.Protocol.Baseline; b != "" {
		var columns []string
		s.eachPoint(func(_ *Problem, pt *Optimizer) {
			if c := pt.SelectedAs(); !slices.Contains(columns, c) {
				columns = append(columns, c)
			}
		})
		if !slices.Contains(columns, b) {
			v.errs.add(v.line(child(node, "baseline")), "protocol: baseline: no optimizer %q (optimizers: %s)", b, strings.Join(columns, ", "))
		}
	}
}

// divergence validates the opt-in blow-up rule (see Divergence).
func (v *validator) divergence(d divergenceSpec) Divergence {
	node := child(v.doc, "divergence")
	out := Divergence{Factor: d.Factor, Patience: d.Patience}
	if child(node, "factor") == nil {
		if child(node, "patience") != nil {
			v.errs.add(v.line(child(node, "patience")), "divergence: patience needs a factor (the blow-up rule is off without one)")
		}
		return Divergence{}
	}
	if !(d.Factor > 1) || math.IsInf(d.Factor, 0) {
		v.errs.add(v.line(child(node, "factor")), "divergence: factor must be a finite number > 1, got %v", d.Factor)
	}
	if child(node, "patience") == nil {
		out.Patience = DefaultPatience
	} else if d.Patience < 1 {
		v.errs.add(v.line(child(node, "patience")), "divergence: patience must be at least 1 evaluation, got %d", d.Patience)
	}
	return out
}

// buildWork bounds the work (problems.Plan.Work) of the problems
// validation builds, to catch what only building finds (a quadratic of
// dimension 200 or least squares on 100000 rows of 20 features take about
// a quarter of a second). Larger problems are validated by their plan
// alone.
const buildWork = 3e7

// problems validates every problem entry from its plan (see
// problems.Kind.Plan), refusing those that need more memory than the
// budget and building the cheap ones once, and returns the metric names
// every problem reports. With defaultVal, problems that can hold out a
// validation split do, unless their options set it.
func (v *validator) problems(s *Suite, specs []problemSpec, defaultVal bool) map[string]int {
	list := child(v.doc, "problems")
	if len(specs) == 0 {
		v.errs.add(v.line(list), "problems: the suite needs at least one problem")
	}
	budget, source, budgetErr := MemoryBudget()
	if budgetErr != nil && len(specs) > 0 {
		v.errs.add(0, "%v", budgetErr)
	}
	metrics := map[string]int{}
	names := map[string]int{}
	for i, spec := range specs {
		node := item(list, i)
		ln := v.line(node)
		name, ok := v.entryName("problem", spec.Name, spec.Kind, names, ln)
		if !ok {
			continue
		}
		v.problemNames = append(v.problemNames, name)
		optNode := child(node, "options")
		optLine := v.lineOr(optNode, ln) // where the options are, or the entry without any
		k, opts, err := problems.Configure(spec.Kind, func(opts any) error {
			if vo, ok := opts.(problems.ValidationOptions); ok && defaultVal && child(optNode, "validation") == nil {
				vo.SetValidationFraction(problems.DefaultValidation)
			}
			if optNode == nil {
				return nil
			}
			return strictyaml.DecodeNode(optNode, opts)
		})
		var files []string
		if err == nil {
			files = resolveFiles(opts, v.dir)
		}
		if err != nil {
			v.errs.addErr(v.lineOr(child(node, "kind"), ln), err)
			continue
		}
		if _, err := json.Marshal(opts); err != nil {
			v.errs.add(optLine, "problem %s: options must be finite numbers, strings or booleans (%v)", name, err)
			continue
		}
		plan, err := k.Plan(opts)
		if err == nil && budgetErr == nil && plan.Memory > budget {
			v.errs.add(optLine, "problem %s: needs about %s of memory per cell, more than the budget of %s (%s; run -j N runs N cells at once)",
				name, FormatBytes(plan.Memory), FormatBytes(budget), source)
			continue
		}
		if err == nil && plan.Work <= buildWork {
			_, err = k.New(opts, 0)
		}
		if err != nil {
			v.errs.add(optLine, "problem %s: %s", name, strings.TrimPrefix(err.Error(), spec.Kind+": "))
			continue
		}
		for _, m := range plan.Metrics {
			metrics[m]++
		}
		digest := ""
		if len(files) > 0 {
			if digest, err = digestFiles(files); err != nil {
				v.errs.add(optLine, "problem %s: %v", name, err)
				continue
			}
		}
		s.Problems = append(s.Problems, &Problem{Name: name, Kind: spec.Kind, Options: opts,
			StepsPerEpoch: plan.BatchesPerEpoch, Memory: plan.Memory, Work: plan.Work, DataDigest: digest, dataFiles: files, kind: k, line: ln})
	}
	// Keep the metrics every problem reports.
	for m, n := range metrics {
		if n != len(specs) {
			delete(metrics, m)
		}
	}
	return metrics
}

func (v *validator) optimizers(s *Suite, specs []optimizerSpec, suiteLRs []float64) {
	list := child(v.doc, "optimizers")
	if len(specs) == 0 {
		v.errs.add(v.line(list), "optimizers: the suite needs at least one optimizer")
	}
	names := map[string]int{}
	for i := range specs {
		spec := &specs[i]
		node := item(list, i)
		ln := v.line(node)
		name, ok := v.entryName("optimizer", spec.Name, spec.Kind, names, ln)
		if !ok {
			continue
		}
		o := v.optimizer(spec, node, name)
		if o == nil {
			continue
		}
		o.LRs = suiteLRs
		if own := child(node, "lrs"); own != nil {
			o.LRs = v.lrs(own)
		}
		filterOK := v.problemFilter(o, node)
		if gridOK := v.grid(o, node); !filterOK || !gridOK {
			continue
		}
		if len(o.LRs) == 0 {
			if child(v.doc, "lrs") == nil && child(node, "lrs") == nil && o.rates == nil {
				v.errs.add(ln, "optimizer %s: no learning rates (give lrs for the suite or for this optimizer)", name)
			} // else the grid itself was reported
			continue
		}
		// Build it (each point of its grid) for every horizon any problem
		// runs, so that out-of-range values (a warmup longer than a run, …)
		// are reported now.
		built := true
		for _, pt := range o.Points() {
			if err := buildAll(pt, s); err != nil {
				msg := strings.TrimPrefix(err.Error(), "optim: ")
				msg = strings.TrimPrefix(msg, spec.Kind+": ")
				at := ""
				if pt.Point != nil {
					at = " at " + record.PointText(pt.Point)
				}
				v.errs.add(v.hyperLine(node, err), "optimizer %s%s: %s", name, at, msg)
				built = false
				break
			}
		}
		if built {
			s.Optimizers = append(s.Optimizers, o)
		}
	}
	v.duplicates(s)
}

// buildAll builds o at its first rate for every distinct horizon of the
// problems it runs on.
func buildAll(o *Optimizer, s *Suite) error {
	seen := map[int]bool{}
	horizons := []int{1000}
	if len(s.Problems) > 0 {
		horizons = nil
		for _, p := range s.Problems {
			if o.RunsOn(p) {
				horizons = append(horizons, s.Budget.horizons(p)...)
			}
		}
		if len(horizons) == 0 {
			horizons = []int{1000}
		}
	}
	for _, h := range horizons {
		if seen[h] {
			continue
		}
		seen[h] = true
		if _, err := o.New(o.LRs[0], max(h, 1)); err != nil {
			if len(seen) > 1 || len(horizons) > 1 {
				return fmt.Errorf("%w (for runs of %d steps)", err, h)
			}
			return err
		}
	}
	return nil
}

// duplicates reports entries whose configurations are the same under
// different names: they would share cell ids and overwrite each other's
// results.
func (v *validator) duplicates(s *Suite) {
	seen := map[string]string{}
	for _, p := range s.Problems {
		key, _ := json.Marshal(struct {
			Kind string
			Opts any
		}{p.Kind, p.OptionsMap()})
		if prev, dup := seen[string(key)]; dup {
			v.errs.add(p.line, "problem %s has the same configuration as %s", p.Name, prev)
		}
		seen[string(key)] = p.Name
	}
	// Configurations (an entry, or each point of its grid) that share a
	// problem.
	configs := map[string][]*Optimizer{}
	for _, o := range s.Optimizers {
		for _, pt := range o.Points() {
			key, _ := json.Marshal(struct {
				Kind  string
				Hyper map[string]any
			}{pt.Kind, pt.Hyper()})
			for _, prev := range configs[string(key)] {
				if sharesProblem(prev, pt, s.Problems) {
					v.errs.add(o.line, "optimizer %s has the same configuration as %s", pt.Name, prev.Name)
					break
				}
			}
			configs[string(key)] = append(configs[string(key)], pt)
		}
	}
}

// sharesProblem reports whether a and b run on a common problem.
func sharesProblem(a, b *Optimizer, problems []*Problem) bool {
	for _, p := range problems {
		if a.RunsOn(p) && b.RunsOn(p) {
			return true
		}
	}
	return len(problems) == 0
}

// entryName returns the label of a problem or optimizer entry (its name,
// or else its kind), reporting a duplicate or unsafe one; names maps the
// labels seen so far to their lines.
func (v *validator) entryName(what, name, kind string, names map[string]int, ln int) (string, bool) {
	if name == "" {
		name = kind
	}
	if prev, dup := names[name]; dup {
		v.errs.add(ln, "%s %q is defined twice (first at line %d); give each a distinct name", what, name, prev)
		return "", false
	}
	names[name] = ln
	if !safeName.MatchString(name) {
		v.errs.add(ln, "%s name %q: use letters, digits, '.', '_' or '-'", what, name)
		return "", false
	}
	return name, true
}

// optimizer decodes one optimizer entry (nil after reporting an error):
// its kind and settings, and what the kind accepts besides (see
// kinds.Accepts).
func (v *validator) optimizer(spec *optimizerSpec, node *yaml.Node, name string) *Optimizer {
	kindLine := v.lineOr(child(node, "kind"), v.line(node))
	k, settings, err := configure(spec.Kind, child(node, "hyper"))
	if err != nil {
		v.errs.addErr(kindLine, err)
		return nil
	}
	o := &Optimizer{Name: name, Kind: spec.Kind, kind: k, settings: settings, schedule: spec.Schedule, averaging: spec.Averaging, line: v.line(node)}
	if !k.Accepts.Schedule && spec.Schedule != nil {
		v.errs.add(v.line(child(node, "schedule")), "optimizer %s: a schedule applies to %s (schedule-free methods have warmup only)",
			name, kindNames(func(k kinds.Kind) bool { return k.Accepts.Schedule }, "and"))
		return nil
	}
	if !k.Accepts.Averaging && spec.Averaging != nil {
		v.errs.add(v.line(child(node, "averaging")), "optimizer %s: averaging applies to %s",
			name, kindNames(func(k kinds.Kind) bool { return k.Accepts.Averaging }, "and"))
		return nil
	}
	if spec.Anytime && (spec.Schedule != nil && spec.Schedule.Kind != "constant" || spec.Base != nil && spec.Base.Schedule != nil) {
		v.errs.add(v.line(child(node, "anytime")), "optimizer %s: anytime runs only the longest horizon, but a schedule depends on the horizon", name)
		return nil
	}
	o.Anytime = spec.Anytime
	if k.Accepts.Base != (spec.Base != nil) {
		takers := kindNames(func(k kinds.Kind) bool { return k.Accepts.Base }, "and")
		v.errs.add(kindLine, "optimizer %s: base is required for %s and applies to %s only", name, takers, pronoun(takers))
		return nil
	}
	if spec.Base != nil {
		o.base = v.base(spec.Base, child(node, "base"), name)
		if o.base == nil {
			return nil
		}
	}
	return o
}

// base decodes the base optimizer of entry name (nil after reporting an
// error): a kind registered AsBase.
func (v *validator) base(spec *baseSpec, node *yaml.Node, name string) *Optimizer {
	k, err := kinds.Lookup(spec.Kind)
	if err != nil || !k.AsBase {
		v.errs.add(v.lineOr(child(node, "kind"), v.line(node)), "optimizer %s: base kind must be %s, got %q",
			name, kindNames(func(k kinds.Kind) bool { return k.AsBase }, "or"), spec.Kind)
		return nil
	}
	if !k.Accepts.Schedule && spec.Schedule != nil {
		v.errs.add(v.line(child(node, "schedule")), "optimizer %s: a base schedule applies to %s",
			name, kindNames(func(k kinds.Kind) bool { return k.Accepts.Schedule && k.AsBase }, "and"))
		return nil
	}
	_, settings, err := configure(spec.Kind, child(node, "hyper"))
	if err != nil {
		v.errs.addErr(v.line(node), err)
		return nil
	}
	return &Optimizer{Name: name + ".base", Kind: spec.Kind, kind: k, settings: settings, schedule: spec.Schedule}
}

// pronoun is "it" for one kind's name, "them" for a list.
func pronoun(names string) string {
	if strings.Contains(names, " and ") {
		return "them"
	}
	return "it"
}

// hyperLine is the line of the setting an error is about (an
// optim.SettingError names it), or the optimizer's line.
func (v *validator) hyperLine(node *yaml.Node, err error) int {
	var se *optim.SettingError
	if !errors.As(err, &se) {
		return v.line(node)
	}
	names := append([]string{se.Setting}, se.Also...)
	for _, section := range []string{"hyper", "grid", "schedule", "averaging", "base"} {
		n := child(node, section)
		if section == "base" {
			n = child(n, "hyper")
		}
		if n == nil || n.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if slices.Contains(names, n.Content[i].Value) {
				return n.Content[i].Line
			}
		}
	}
	return v.line(node)
}

// lrs parses a learning-rate grid: a list of positive numbers, or
// {pow2: [lo, hi]} for 2^lo, 2^(lo+1), …, 2^hi.
func (v *validator) lrs(n *yaml.Node) []float64 {
	if n == nil {
		return nil
	}
	var out []float64
	switch n.Kind {
	case yaml.SequenceNode:
		if err := strictyaml.DecodeNode(n, &out); err != nil {
			v.errs.addErr(n.Line, err)
			return nil
		}
	case yaml.MappingNode:
		var g struct {
			Pow2 []int `yaml:"pow2"`
		}
		if err := strictyaml.DecodeNode(n, &g); err != nil {
			v.errs.addErr(n.Line, err)
			return nil
		}
		if len(g.Pow2) != 2 || g.Pow2[0] > g.Pow2[1] || g.Pow2[1]-g.Pow2[0] > 200 {
			v.errs.add(n.Line, "lrs: pow2 wants [lo, hi] with lo <= hi (at most 200 apart), got %v", g.Pow2)
			return nil
		}
		for e := g.Pow2[0]; e <= g.Pow2[1]; e++ {
			out = append(out, math.Ldexp(1, e))
		}
	default:
		v.errs.add(n.Line, "lrs: want a list of rates or {pow2: [lo, hi]}")
		return nil
	}
	if len(out) == 0 {
		v.errs.add(n.Line, "lrs: the grid is empty")
		return nil
	}
	seen := map[float64]bool{}
	for _, lr := range out {
		if !(lr > 0) || math.IsInf(lr, 0) {
			v.errs.add(n.Line, "lrs: every rate must be a finite number > 0, got %v", lr)
			return nil
		}
		if seen[lr] {
			v.errs.add(n.Line, "lrs: rate %v appears twice", lr)
			return nil
		}
		seen[lr] = true
	}
	return out
}

// seeds parses a seed count N (seeds 0..N-1) or a list of distinct seeds.
func (v *validator) seeds(n *yaml.Node, def []int) []int {
	if n == nil {
		return def
	}
	var out []int
	if n.Kind == yaml.ScalarNode {
		var count int
		if err := strictyaml.DecodeNode(n, &count); err != nil {
			v.errs.addErr(n.Line, err)
			return def
		}
		if count < 1 || count > 10000 {
			v.errs.add(n.Line, "seeds: want a count from 1 to 10000 or a list, got %d", count)
			return def
		}
		for i := range count {
			out = append(out, i)
		}
		return out
	}
	if err := strictyaml.DecodeNode(n, &out); err != nil {
		v.errs.addErr(n.Line, err)
		return def
	}
	if len(out) == 0 {
		v.errs.add(n.Line, "seeds: the list is empty")
		return def
	}
	sorted := slices.Clone(out)
	slices.Sort(sorted)
	for i, s := range sorted {
		if s < 0 || (i > 0 && s == sorted[i-1]) {
			v.errs.add(n.Line, "seeds: want distinct seeds >= 0, got %v", out)
			return def
		}
	}
	return out
}

func (v *validator) budget(b budgetSpec) Budget {
	ln := v.line(child(v.doc, "budget"))
	set := 0
	for _, on := range []bool{b.Steps != 0, b.Epochs != 0, len(b.Horizons) != 0} {
		if on {
			set++
		}
	}
	if set != 1 {
		v.errs.add(ln, "budget: give exactly one of steps, epochs or horizons")
		return Budget{Steps: 1}
	}
	const maxSteps = 1_000_000_000 // far beyond any benchmark run; guards typos such as 1e12
	if b.Steps > maxSteps || b.Epochs > 1<<30 {
		v.errs.add(ln, "budget: at most %d steps or %d epochs", maxSteps, 1<<30)
		return Budget{Steps: 1}
	}
	for _, h := range b.Horizons {
		if h > maxSteps {
			v.errs.add(ln, "budget: horizons of at most %d steps", maxSteps)
			return Budget{Steps: 1}
		}
	}
	if b.Steps < 0 || b.Epochs < 0 {
		v.errs.add(ln, "budget: steps and epochs must be positive")
		return Budget{Steps: 1}
	}
	for i, h := range b.Horizons {
		if h < 1 || (i > 0 && h <= b.Horizons[i-1]) {
			v.errs.add(ln, "budget: horizons must be positive and increasing, got %v", b.Horizons)
			return Budget{Steps: 1}
		}
	}
	return Budget{Steps: b.Steps, Epochs: b.Epochs, Horizons: b.Horizons}
}

// cadence refuses an evaluation period that no run is longer than: such a
// suite would record its final evaluation only, which is surely a mistake.
func (v *validator) cadence(s *Suite) {
	if s.Eval.Every == 0 {
		return
	}
	for _, p := range s.Problems {
		if h := s.Budget.horizons(p); s.Eval.Every >= h[len(h)-1] {
			v.errs.add(v.line(child(child(v.doc, "eval"), "every")),
				"eval: every %d is not shorter than problem %s's runs (%d steps): only the final evaluation would be made", s.Eval.Every, p.Name, h[len(h)-1])
			return
		}
	}
}

func (v *validator) eval(e evalSpec) Eval {
	ln := v.line(child(v.doc, "eval"))
	out := Eval{Every: e.Every, Points: e.Points, Diagnostics: e.Diagnostics}
	node := child(v.doc, "eval")
	for _, key := range []string{"every", "points"} {
		if n := child(node, key); n != nil && n.Value == "0" {
			v.errs.add(v.line(n), "eval: %s must be at least 1, got 0", key)
		}
	}
	switch {
	case e.Every != 0 && e.Points != 0:
		v.errs.add(ln, "eval: give every or points, not both")
	case e.Every < 0 || e.Points < 0:
		v.errs.add(ln, "eval: every and points must be positive")
	case e.Every == 0 && e.Points == 0:
		out.Points = 20
	}
	var points []string
	switch at := e.At; at.Kind {
	case 0:
		points = []string{"x"}
	case yaml.ScalarNode:
		points = []string{at.Value}
	case yaml.SequenceNode:
		for _, n := range at.Content {
			points = append(points, n.Value)
		}
		if len(points) == 0 {
			v.errs.add(v.lineOr(&e.At, ln), "eval: at lists no point: give x, y or z, or a list of them")
			points = []string{"x"}
		}
	default:
		v.errs.add(v.lineOr(&e.At, ln), "eval: at must be x, y or z, or a list of them")
		points = []string{"x"}
	}
	for i, pt := range points {
		switch {
		case pt != "x" && pt != "y" && pt != "z":
			v.errs.add(v.lineOr(&e.At, ln), "eval: at must be x, y or z, got %q", pt)
		case slices.Contains(points[:i], pt):
			v.errs.add(v.lineOr(&e.At, ln), "eval: at lists %s twice", pt)
		}
	}
	out.At = points[0]
	if len(points) > 1 {
		out.Also = points[1:]
	}
	return out
}

func (v *validator) protocol(p protocolSpec, seeds []int, metrics map[string]int) Protocol {
	node := child(v.doc, "protocol")
	ln := v.line(node)
	out := Protocol{Kind: p.Kind, Metric: p.Metric, Select: p.Select, Goal: p.Goal}
	switch p.Kind {
	case "", "sweep":
		out.Kind = "sweep"
		if p.TuneSeeds.Kind != 0 || p.Seeds.Kind != 0 {
			v.errs.add(ln, "protocol: tune_seeds and seeds belong to tune-then-seeds (a sweep runs the suite's seeds)")
		}
		out.Seeds = seeds
		if p.Metric == "" {
			if p.Goal != "" || p.Select != "" {
				v.errs.add(ln, "protocol: goal and select need a metric")
			}
			if p.Widen || p.WidenLimit != nil {
				v.errs.add(ln, "protocol: widen needs a metric to select the rate by")
			}
			if len(p.Targets) > 0 || p.Baseline != "" {
				v.errs.add(ln, "protocol: targets and baseline need a metric (targets are values of it)")
			}
			return out
		}
	case "tune-then-seeds":
		if p.Metric == "" {
			v.errs.add(ln, "protocol: tune-then-seeds needs a metric to choose the rate by")
			return out
		}
	default:
		v.errs.add(ln, "protocol: kind must be sweep or tune-then-seeds, got %q", p.Kind)
		return out
	}
	if _, ok := metrics[p.Metric]; !ok {
		known := make([]string, 0, len(metrics))
		for m := range metrics {
			known = append(known, m)
		}
		slices.Sort(known)
		v.errs.add(v.line(child(node, "metric")), "protocol: metric %q is not reported by every problem (common metrics: %s)", p.Metric, strings.Join(known, ", "))
	}
	if out.Select == "" {
		out.Select = selection.SelectBy(p.Metric, func(m string) bool { _, ok := metrics[m]; return ok })
	} else if _, ok := metrics[out.Select]; !ok {
		v.errs.add(v.line(child(node, "select")), "protocol: select metric %q is not reported by every problem", out.Select)
	}
	if out.Goal == "" {
		out.Goal = selection.GoalOf(p.Metric)
	}
	if out.Goal != "min" && out.Goal != "max" {
		v.errs.add(v.line(child(node, "goal")), "protocol: goal must be min or max, got %q", p.Goal)
	}
	out.SelectGoal = out.Goal
	if out.Select != out.Metric {
		out.SelectGoal = selection.GoalOf(out.Select)
	}
	if out.Kind == "tune-then-seeds" {
		out.TuneSeeds = v.seeds(child(node, "tune_seeds"), []int{0})
		out.Seeds = v.seeds(child(node, "seeds"), seeds)
	}
	out.Widen = v.widen(p, node)
	out.Targets = v.targets(p, node)
	out.Baseline = p.Baseline
	return out
}

// targets validates the protocol's targets: finite values (their keys are
// checked against the problems by checkScoring, once those are known).
func (v *validator) targets(p protocolSpec, node *yaml.Node) map[string]float64 {
	if len(p.Targets) == 0 {
		return nil
	}
	ln := v.line(child(node, "targets"))
	for name, t := range p.Targets {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			v.errs.add(ln, "protocol: targets: the target of %s must be a finite number, got %v", name, t)
		}
	}
	return p.Targets
}

// widen validates widen and widen_limit (the protocol has a metric here).
func (v *validator) widen(p protocolSpec, node *yaml.Node) int {
	if p.WidenLimit != nil && !p.Widen {
		v.errs.add(v.line(child(node, "widen_limit")), "protocol: widen_limit needs widen: true")
		return 0
	}
	if !p.Widen {
		return 0
	}
	limit := DefaultWidenLimit
	if p.WidenLimit != nil {
		limit = *p.WidenLimit
		if limit < 1 || limit > 30 {
			v.errs.add(v.line(child(node, "widen_limit")), "protocol: widen_limit must be from 1 to 30 rates per side, got %d", limit)
		}
	}
	return limit
}

// String describes a validated suite in one line.
func (s *Suite) String() string {
	return fmt.Sprintf("suite %s: %d problems × %d optimizers, %d seeds", s.Name, len(s.Problems), len(s.Optimizers), len(s.Seeds))
}
