package suites

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sfbench/sfbench/internal/strictyaml"
	"github.com/sfbench/sfbench/optim/kinds"
	"github.com/sfbench/sfbench/record"
)

// Axis is one gridded setting of an optimizer entry (grid:) and its
// values, in ascending order (record.CompareSettings).
type Axis struct {
	Setting string
	Values  []any
}

// maxPoints bounds the points of one entry's grid (before the rates and
// seeds multiply them): beyond it a grid is surely a mistake.
const maxPoints = 10000

// Points are the configurations the entry runs: one per point of its grid
// (each an Optimizer of its own, named record.PointLabel, with the point's
// settings in its hyperparameters), in the grid's order (the first
// setting by name outermost, each setting's values ascending:
// record.ComparePoints); the entry itself when it has no grid.
func (o *Optimizer) Points() []*Optimizer {
	if len(o.points) == 0 {
		return []*Optimizer{o}
	}
	return o.points
}

// Entry is the suite's entry a grid point belongs to; an entry is its own.
func (o *Optimizer) Entry() *Optimizer {
	if o.entry != nil {
		return o.entry
	}
	return o
}

// GridPoint is what records carry of a grid point (nil for an entry
// without a grid).
func (o *Optimizer) GridPoint() *record.GridPoint {
	if o.entry == nil {
		return nil
	}
	return &record.GridPoint{Entry: o.entry.Name, Settings: o.Point, Select: o.entry.Select}
}

// SelectedAs names what a rate (and grid point) is selected for among the
// cells of o: its entry, whose whole grid × rates is one choice, or the
// point itself under select: rate (and every entry without a grid).
func (o *Optimizer) SelectedAs() string {
	if o.entry != nil && o.entry.Select == record.SelectGrid {
		return o.entry.Name
	}
	return o.Name
}

// RunsOn reports whether the entry (or a point of it) runs on problem p:
// every problem, unless the entry names its problems (problems:).
func (o *Optimizer) RunsOn(p *Problem) bool {
	e := o.Entry()
	return e.only == nil || e.only[p.Name]
}

// Rates are the learning rates o runs on problem p: the problem's own
// when the entry gives rates per problem (problems: {name: rates}), else
// the entry's (LRs).
func (o *Optimizer) Rates(p *Problem) []float64 {
	e := o.Entry()
	if r, ok := e.rates[p.Name]; ok {
		return r
	}
	return e.LRs
}

// settingFields maps the yaml names of a settings struct (a pointer) to
// their fields' indexes.
func settingFields(settings any) (names []string, index map[string]int) {
	t := reflect.TypeOf(settings).Elem()
	index = map[string]int{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" && t.Field(i).IsExported() {
			names = append(names, name)
			index[name] = i
		}
	}
	return names, index
}

// gridKind: a scalar setting's kind: a grid lists single values.
func gridKind(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// grid reads the entry's grid: and select: (reporting what is wrong) and
// makes its points; false after an error.
func (v *validator) grid(o *Optimizer, node *yaml.Node) bool {
	gridNode, selNode := child(node, "grid"), child(node, "select")
	if gridNode == nil {
		if selNode != nil {
			v.errs.add(v.line(selNode), "optimizer %s: select applies to an entry with a grid (grid: {setting: [values]})", o.Name)
			return false
		}
		return true
	}
	ok := true
	o.Select = record.SelectGrid
	if selNode != nil {
		switch selNode.Value {
		case record.SelectGrid, record.SelectRate:
			o.Select = selNode.Value
		default:
			v.errs.add(v.line(selNode), "optimizer %s: select: want grid (one setting and rate selected over the whole grid) "+
				"or rate (the rate selected for each grid point, each reported on its own), got %s", o.Name, strictyaml.Describe(selNode))
			ok = false
		}
	}
	if gridNode.Kind != yaml.MappingNode {
		v.errs.add(v.line(gridNode), "optimizer %s: grid: want a mapping from a setting of %s to its values, e.g. {%s: [a, b]}",
			o.Name, o.Kind, firstSetting(o.settings))
		return false
	}
	if len(gridNode.Content) == 0 {
		v.errs.add(v.line(gridNode), "optimizer %s: grid: lists no setting (want {setting: [values]})", o.Name)
		return false
	}
	names, index := settingFields(o.settings)
	hyper := child(node, "hyper")
	st := reflect.TypeOf(o.settings).Elem()
	seen := map[string]bool{}
	for i := 0; i+1 < len(gridNode.Content); i += 2 {
		key, list := gridNode.Content[i], gridNode.Content[i+1]
		name := key.Value
		fi, known := index[name]
		switch {
		case seen[name]:
			v.errs.add(key.Line, "optimizer %s: grid: %s is given twice", o.Name, name)
			ok = false
			continue
		case name == "lr" || name == "lrs":
			v.errs.add(key.Line, "optimizer %s: grid: the learning rate has its own grid (lrs), crossed with this one", o.Name)
			ok = false
			continue
		case !known:
			v.errs.add(key.Line, "optimizer %s: grid: %s has no setting %q (%s%s's settings: %s)", o.Name, o.Kind, name, whoHas(name), o.Kind, strings.Join(names, ", "))
			ok = false
			continue
		case child(hyper, name) != nil:
			v.errs.add(key.Line, "optimizer %s: grid: %s is also set in hyper: give it in one place", o.Name, name)
			ok = false
			continue
		}
		seen[name] = true
		ft := st.Field(fi).Type
		if !gridKind(ft) {
			v.errs.add(key.Line, "optimizer %s: grid: %s is not a single value and cannot be gridded", o.Name, name)
			ok = false
			continue
		}
		values, good := v.gridValues(o.Name, name, list, ft)
		if !good {
			ok = false
			continue
		}
		o.Grid = append(o.Grid, Axis{Setting: name, Values: values})
	}
	if !ok {
		return false
	}
	slices.SortFunc(o.Grid, func(a, b Axis) int { return strings.Compare(a.Setting, b.Setting) })
	n := 1
	for _, ax := range o.Grid {
		n *= len(ax.Values)
		if n > maxPoints {
			v.errs.add(v.line(gridNode), "optimizer %s: grid: more than %d points", o.Name, maxPoints)
			return false
		}
	}
	// The product, the first setting by name outermost.
	points := []map[string]any{{}}
	for _, ax := range o.Grid {
		var next []map[string]any
		for _, p := range points {
			for _, val := range ax.Values {
				q := make(map[string]any, len(p)+1)
				for k, x := range p {
					q[k] = x
				}
				q[ax.Setting] = val
				next = append(next, q)
			}
		}
		points = next
	}
	for _, p := range points {
		o.points = append(o.points, o.pointAt(p, index))
	}
	return true
}

// gridValues decodes the values of one gridded setting (of Go type ft),
// sorted; false after reporting what is wrong.
func (v *validator) gridValues(entry, name string, list *yaml.Node, ft reflect.Type) ([]any, bool) {
	if list.Kind != yaml.SequenceNode {
		v.errs.add(v.line(list), "optimizer %s: grid: %s wants a list of values, got %s", entry, name, strictyaml.Describe(list))
		return nil, false
	}
	if len(list.Content) == 0 {
		v.errs.add(v.line(list), "optimizer %s: grid: %s lists no value", entry, name)
		return nil, false
	}
	var values []any
	for _, el := range list.Content {
		if el.Kind == yaml.ScalarNode && el.Tag == "!!null" {
			v.errs.add(el.Line, "optimizer %s: grid: %s: want a value, got nothing", entry, name)
			return nil, false
		}
		ptr := reflect.New(ft)
		if err := strictyaml.DecodeNode(el, ptr.Interface()); err != nil {
			v.errs.addErr(el.Line, fmt.Errorf("optimizer %s: grid: %s: %w", entry, name, err))
			return nil, false
		}
		val := ptr.Elem().Interface()
		if f := ptr.Elem(); f.CanFloat() && (math.IsNaN(f.Float()) || math.IsInf(f.Float(), 0)) {
			v.errs.add(el.Line, "optimizer %s: grid: %s: every value must be a finite number, got %v", entry, name, val)
			return nil, false
		}
		for _, prev := range values {
			if record.CompareSettings(prev, val) == 0 {
				v.errs.add(el.Line, "optimizer %s: grid: %s lists %s twice", entry, name, record.FormatSetting(val))
				return nil, false
			}
		}
		values = append(values, val)
	}
	slices.SortFunc(values, record.CompareSettings)
	return values, true
}

// pointAt is the entry at one grid point: a copy with the point's values
// in its settings.
func (o *Optimizer) pointAt(point map[string]any, index map[string]int) *Optimizer {
	p := *o
	p.Name = record.PointLabel(o.Name, point)
	p.Point, p.entry, p.points, p.Grid, p.Select = point, o, nil, nil, ""
	s := reflect.New(reflect.TypeOf(o.settings).Elem())
	s.Elem().Set(reflect.ValueOf(o.settings).Elem())
	for name, val := range point {
		s.Elem().Field(index[name]).Set(reflect.ValueOf(val))
	}
	p.settings = s.Interface()
	return &p
}

// whoHas names the registered kinds that have a setting, for an entry
// whose kind lacks it ("sf-adamw, adamw have it; ", or "" when none has).
func whoHas(setting string) string {
	var has []string
	for _, k := range kinds.All() {
		if _, index := settingFields(k.Settings()); hasKey(index, setting) {
			has = append(has, k.Name)
		}
	}
	if len(has) == 0 {
		return ""
	}
	return strings.Join(has, ", ") + " " + map[bool]string{true: "has", false: "have"}[len(has) == 1] + " it; "
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// firstSetting is the first setting of a settings struct, for examples.
func firstSetting(settings any) string {
	names, _ := settingFields(settings)
	if len(names) == 0 {
		return "setting"
	}
	return names[0]
}

// problemFilter reads the entry's problems: (a list of problem names it
// runs on, or a mapping from problem name to that problem's rates);
// false after an error.
func (v *validator) problemFilter(o *Optimizer, node *yaml.Node) bool {
	n := child(node, "problems")
	if n == nil {
		return true
	}
	known := func(key *yaml.Node) bool {
		if !slices.Contains(v.problemNames, key.Value) {
			v.errs.add(key.Line, "optimizer %s: problems: the suite has no problem %q (problems: %s)", o.Name, key.Value, strings.Join(v.problemNames, ", "))
			return false
		}
		if o.only[key.Value] {
			v.errs.add(key.Line, "optimizer %s: problems: %s is named twice", o.Name, key.Value)
			return false
		}
		o.only[key.Value] = true
		return true
	}
	o.only = map[string]bool{}
	ok := true
	switch n.Kind {
	case yaml.SequenceNode:
		for _, el := range n.Content {
			if el.Kind != yaml.ScalarNode {
				v.errs.add(el.Line, "optimizer %s: problems: want problem names, got %s", o.Name, strictyaml.Describe(el))
				ok = false
				continue
			}
			ok = known(el) && ok
		}
	case yaml.MappingNode:
		if own := child(node, "lrs"); own != nil {
			v.errs.add(own.Line, "optimizer %s: lrs: the rates are given per problem (problems: {name: rates}); give them there only", o.Name)
			ok = false
		}
		o.rates = map[string][]float64{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i]
			if !known(key) {
				ok = false
				continue
			}
			rates := v.lrs(n.Content[i+1])
			if rates == nil {
				ok = false
				continue
			}
			o.rates[key.Value] = rates
		}
		if ok {
			o.LRs = nil
			for _, r := range o.rates {
				for _, lr := range r {
					if !slices.Contains(o.LRs, lr) {
						o.LRs = append(o.LRs, lr)
					}
				}
			}
			slices.Sort(o.LRs)
		}
	default:
		v.errs.add(n.Line, "optimizer %s: problems: want a list of problem names, or a mapping from problem name to its rates", o.Name)
		return false
	}
	if ok && len(o.only) == 0 {
		v.errs.add(n.Line, "optimizer %s: problems: names no problem", o.Name)
		return false
	}
	return ok
}
