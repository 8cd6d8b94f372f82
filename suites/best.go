package suites

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sfbench/sfbench/record"
)

// Selection is the configuration selected for one problem: a rate of an
// optimizer entry, or of one point of its grid.
type Selection struct {
	Problem string // the problem's label
	// Optimizer is the configuration's label, as records carry it: an
	// entry's name, or a grid point's (record.PointLabel).
	Optimizer string
	LR        float64
}

// BestFile is the name of the suite file `sfbench run` writes beside its
// results: the selected configurations (Suite.Best).
const BestFile = "best.yaml"

// Best writes a suite that reruns the selected configurations and nothing
// else: the suite's problems with their options spelled out (defaults
// included, data files by absolute path), one optimizer entry per
// configuration selected (an entry, or a point of its grid written out as
// an entry of its own), each restricted to the problems it was selected
// on at the rate selected there (problems: {name: [rate]}; a rate the
// protocol's widen added is one like the others), on the
// protocol's seeds (all of them, for tune-then-seeds) under a sweep with
// the protocol's metrics, the budget (the longest horizon, for a suite of
// several: the one a selection is made at), evaluation and divergence
// rule. Data files are named relative to dir, where the file is to be
// written (absolute paths stay so), so that it reads the same files from
// there. Its cells are the selected cells, id for id. comment opens the
// file as YAML comments (one per line).
func (s *Suite) Best(sel []Selection, dir, comment string) ([]byte, error) {
	type chosen struct {
		o     *Optimizer
		rates map[string]float64 // by problem
		order []string           // problems in the suite's order
	}
	var configs []*chosen
	byLabel := map[string]*chosen{}
	for _, x := range sel {
		p := s.problem(x.Problem)
		if p == nil {
			return nil, fmt.Errorf("best: suite %s has no problem %q", s.Name, x.Problem)
		}
		o := s.configuration(x.Optimizer)
		if o == nil {
			return nil, fmt.Errorf("best: suite %s has no optimizer %q", s.Name, x.Optimizer)
		}
		below, above := s.WidenedRates(p, o)
		if !o.RunsOn(p) || !slices.Contains(o.Rates(p), x.LR) && !slices.Contains(below, x.LR) && !slices.Contains(above, x.LR) {
			return nil, fmt.Errorf("best: optimizer %s does not run problem %s at rate %g", x.Optimizer, x.Problem, x.LR)
		}
		c := byLabel[x.Optimizer]
		if c == nil {
			c = &chosen{o: o, rates: map[string]float64{}}
			byLabel[x.Optimizer] = c
			configs = append(configs, c)
		}
		if prev, ok := c.rates[x.Problem]; ok && prev != x.LR {
			return nil, fmt.Errorf("best: optimizer %s selected twice on problem %s (rates %g and %g)", x.Optimizer, x.Problem, prev, x.LR)
		}
		c.rates[x.Problem] = x.LR
	}
	// Entries in the suite's order, the points of a grid in the grid's.
	rank := map[*Optimizer]int{}
	for _, e := range s.Optimizers {
		for _, pt := range e.Points() {
			rank[pt] = len(rank)
		}
	}
	slices.SortFunc(configs, func(a, b *chosen) int { return rank[a.o] - rank[b.o] })

	// Names: an entry's own, or, for a point of a grid, the entry's when
	// it is the only point selected of an entry selected as a whole, else
	// the entry's with the point's settings (sf-sgd.momentum-0.9).
	points := map[*Optimizer]int{} // selected points per entry
	for _, c := range configs {
		points[c.o.Entry()]++
	}
	taken := map[string]bool{}
	for _, e := range s.Optimizers {
		taken[e.Name] = true
	}
	doc := mapping(false)
	if comment != "" {
		doc.HeadComment = strings.TrimRight(comment, "\n")
	}
	add(doc, "suite", scalarNode(s.Name+"-best"))
	add(doc, "description", scalarNode(fmt.Sprintf("The configurations selected in a run of suite %s: on each problem the setting and rate the selection rule chose, "+
		"on the protocol's seeds (written by sfbench run).", s.Name)))
	probs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, p := range s.Problems {
		used := false
		for _, c := range configs {
			_, ok := c.rates[p.Name]
			used = used || ok
		}
		if !used {
			continue
		}
		opts := deepCopy(p.OptionsMap()).(map[string]any) // OptionsMap is shared
		delete(opts, DataDigestKey)
		if err := relativeFiles(p.Options, opts, dir); err != nil {
			return nil, fmt.Errorf("best: problem %s: %w", p.Name, err)
		}
		e := mapping(false)
		add(e, "name", scalarNode(p.Name))
		add(e, "kind", scalarNode(p.Kind))
		if len(opts) > 0 {
			add(e, "options", flow(opts))
		}
		probs.Content = append(probs.Content, e)
	}
	add(doc, "problems", probs)
	opts := &yaml.Node{Kind: yaml.SequenceNode}
	for _, c := range configs {
		name := c.o.Name
		if e := c.o.Entry(); e != c.o {
			name = e.Name
			if points[e] > 1 || e.Select == record.SelectRate {
				name = pointName(e.Name, c.o.Point, taken)
			}
		}
		taken[name] = true
		opts.Content = append(opts.Content, entryNode(name, c.o, c.rates, s.Problems))
	}
	add(doc, "optimizers", opts)
	add(doc, "seeds", flow(s.Protocol.Seeds))
	switch b := s.Budget; {
	case b.Epochs > 0:
		add(doc, "budget", flow(map[string]int{"epochs": b.Epochs}))
	case len(b.Horizons) > 0:
		add(doc, "budget", flow(map[string]int{"steps": b.Horizons[len(b.Horizons)-1]}))
	default:
		add(doc, "budget", flow(map[string]int{"steps": b.Steps}))
	}
	ev := mapping(true)
	if s.Eval.Every > 0 {
		add(ev, "every", scalarNode(s.Eval.Every))
	} else {
		add(ev, "points", scalarNode(s.Eval.Points))
	}
	add(ev, "at", flow(append([]string{s.Eval.At}, s.Eval.Also...)))
	if s.Eval.Diagnostics {
		add(ev, "diagnostics", scalarNode(true))
	}
	add(doc, "eval", ev)
	if d := s.Divergence; d.Factor > 0 {
		add(doc, "divergence", flow(map[string]any{"factor": d.Factor, "patience": d.Patience}))
	}
	if pr := s.Protocol; pr.Metric != "" {
		add(doc, "protocol", flow(map[string]any{"kind": "sweep", "metric": pr.Metric, "goal": pr.Goal, "select": pr.Select}))
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{doc}}); err != nil {
		return nil, fmt.Errorf("best: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("best: %w", err)
	}
	return out.Bytes(), nil
}

// entryNode writes configuration o (an entry, or a point of its grid with
// its settings in hyper) as an optimizer entry named name, on the problems
// of rates at their rate each.
func entryNode(name string, o *Optimizer, rates map[string]float64, problems []*Problem) *yaml.Node {
	e := mapping(false)
	add(e, "name", scalarNode(name))
	add(e, "kind", scalarNode(o.Kind))
	add(e, "hyper", flow(yamlFields(o.settings)))
	if o.schedule != nil {
		add(e, "schedule", flow(yamlFields(o.schedule)))
	}
	if o.averaging != nil {
		add(e, "averaging", flow(yamlFields(o.averaging)))
	}
	if b := o.base; b != nil {
		base := mapping(true)
		add(base, "kind", scalarNode(b.Kind))
		add(base, "hyper", flow(yamlFields(b.settings)))
		if b.schedule != nil {
			add(base, "schedule", flow(yamlFields(b.schedule)))
		}
		add(e, "base", base)
	}
	if o.Anytime {
		add(e, "anytime", scalarNode(true))
	}
	on := mapping(true)
	for _, p := range problems {
		if lr, ok := rates[p.Name]; ok {
			add(on, p.Name, flow([]float64{lr}))
		}
	}
	add(e, "problems", on)
	return e
}

// relativeFiles rewrites the data files among the options m (of the
// options struct opts: its fields tagged FileTag, nested structs
// included) relative to dir, where they are read from: a suite there
// resolves them (resolveFiles) to the same paths again. Absolute paths and
// empty ones stay as they are.
func relativeFiles(opts any, m map[string]any, dir string) error {
	v := reflect.Indirect(reflect.ValueOf(opts))
	if v.Kind() != reflect.Struct {
		return nil
	}
	for i := range v.NumField() {
		f, ft := v.Field(i), v.Type().Field(i)
		name, tagOpts, _ := strings.Cut(ft.Tag.Get("yaml"), ",")
		if name == "" {
			name = strings.ToLower(ft.Name)
		}
		switch {
		case !ft.IsExported() || name == "-":
		case ft.Type.Kind() == reflect.Struct && strings.Contains(tagOpts, "inline"):
			if err := relativeFiles(f.Interface(), m, dir); err != nil {
				return err
			}
		case ft.Type.Kind() == reflect.Struct:
			if sub, ok := m[name].(map[string]any); ok {
				if err := relativeFiles(f.Interface(), sub, dir); err != nil {
					return err
				}
			}
		case ft.Tag.Get("sfbench") == FileTag && ft.Type.Kind() == reflect.String && f.String() != "" && !filepath.IsAbs(f.String()):
			rel, err := filepath.Rel(dir, f.String())
			if err != nil {
				abs, aerr := filepath.Abs(f.String())
				if aerr != nil {
					return err
				}
				rel = abs
			}
			m[name] = rel
		}
	}
	return nil
}

// deepCopy copies the maps and lists of a decoded YAML value.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}

// pointName names a grid point as an entry of its own: the entry's name
// and each setting as .name-value ("sf-sgd.momentum-0.9"), made a safe
// name and distinct from those taken.
func pointName(entry string, point map[string]any, taken map[string]bool) string {
	var keys []string
	for k := range point {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	name := entry
	for _, k := range keys {
		name += "." + k + "-" + record.FormatSetting(point[k])
	}
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '_'
	}, name)
	for base, i := name, 2; taken[name]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	return name
}

// problem is the suite's problem labelled name, or nil.
func (s *Suite) problem(name string) *Problem {
	for _, p := range s.Problems {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// configuration is the entry, or point of an entry's grid, labelled name,
// or nil.
func (s *Suite) configuration(name string) *Optimizer {
	for _, e := range s.Optimizers {
		for _, pt := range e.Points() {
			if pt.Name == name {
				return pt
			}
		}
	}
	return nil
}

func mapping(flowStyle bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	if flowStyle {
		n.Style = yaml.FlowStyle
	}
	return n
}

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, scalarNode(key), v)
}

func scalarNode(v any) *yaml.Node {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		panic("suites: " + err.Error())
	}
	return &n
}

// flow encodes v (a map encodes with sorted keys) in flow style, nested
// values included.
func flow(v any) *yaml.Node {
	n := scalarNode(v)
	var set func(*yaml.Node)
	set = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
			n.Style = yaml.FlowStyle
		}
		for _, c := range n.Content {
			set(c)
		}
	}
	set(n)
	return n
}
