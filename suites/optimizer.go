package suites

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sfbench/sfbench/internal/strictyaml"
	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/optim/kinds"
)

// Optimizer is a validated optimizer entry of a suite: a registered kind
// (optim/kinds) with its resolved settings, optional schedule and averaging
// or base optimizer (as the kind accepts), and its learning-rate grid.
type Optimizer struct {
	Name string
	Kind string
	LRs  []float64
	// Anytime: the method needs no horizon (schedule-free), so with a
	// budget of several horizons only the longest is run and shorter
	// horizons are read off its evaluation curve (paper Fig. 1).
	Anytime bool
	// Grid are the entry's gridded settings (grid:), by name, each with
	// its values ascending; Points are its configurations. Select is how
	// the entry is selected: record.SelectGrid (one point and rate over the
	// whole grid) or record.SelectRate (the rate per point); "" without a
	// grid.
	Grid   []Axis
	Select string
	// Point holds, for a point of an entry's grid (see Points), the values
	// of the gridded settings there; nil for an entry.
	Point map[string]any

	entry  *Optimizer           // of a grid point
	points []*Optimizer         // of an entry with a grid
	only   map[string]bool      // problems: the problems the entry runs on (nil: all)
	rates  map[string][]float64 // problems: {name: rates}: the rates per problem

	kind      kinds.Kind
	settings  any // of the type kind.Settings returns
	schedule  *scheduleSpec
	averaging *averagingSpec
	base      *Optimizer // for a kind that accepts a base
	line      int
}

// configure looks up kind and returns it with its default settings
// overwritten by the hyper node.
func configure(kind string, node *yaml.Node) (kinds.Kind, any, error) {
	return kinds.Configure(kind, func(settings any) error {
		if node == nil || node.Kind == 0 {
			return nil
		}
		return strictyaml.DecodeNode(node, settings)
	})
}

// kindNames lists the registered kinds for which keep holds, in
// registration order, as "a, b and c" (conj "and") or "a, b or c".
func kindNames(keep func(kinds.Kind) bool, conj string) string {
	var names []string
	for _, k := range kinds.All() {
		if keep(k) {
			names = append(names, k.Name)
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

// ScheduleFree reports whether the optimizer is a schedule-free method
// proper (records carry it): of a schedule-free kind, and not at one of the
// averaging end points of a reference form (momentum 0 or 1).
func (o *Optimizer) ScheduleFree() bool { return o.kind.ScheduleFreeAt(o.settings) }

// Averaging names the iterate averaging that makes the optimizer an
// averaging baseline (records carry it): the entry's averaging (polyak,
// primal or ema), or the averaging end point its kind's settings put it at
// (a reference form at momentum 0: polyak, 1: primal); "" for neither.
func (o *Optimizer) Averaging() string {
	if o.averaging != nil {
		return o.averaging.Kind
	}
	return o.kind.EndPoint(o.settings)
}

// warmupSteps resolves a schedule's warmup_steps / warmup_fraction against
// the horizon (a kind resolves its own warmup).
func warmupSteps(steps int, fraction float64, horizon int) int {
	if fraction > 0 {
		return int(math.Round(fraction * float64(horizon)))
	}
	return steps
}

// New builds the optimizer for one learning rate and a run of horizon steps
// (which schedules and warmup fractions are resolved against).
func (o *Optimizer) New(lr float64, horizon int) (optim.Optimizer, error) {
	if err := o.checkFractions(); err != nil {
		return nil, err
	}
	b := kinds.Build{LR: lr, Horizon: horizon}
	if o.kind.Accepts.Schedule {
		sched, err := o.schedule.resolve(horizon)
		if err != nil {
			return nil, err
		}
		b.Schedule = sched
	}
	if o.base != nil {
		base, err := o.base.New(lr, horizon)
		if err != nil {
			return nil, fmt.Errorf("base: %w", err)
		}
		b.Base = base
	}
	opt, err := o.kind.New(o.settings, b)
	if err != nil || o.averaging == nil {
		return opt, err
	}
	avg := map[string]optim.AveragingKind{"polyak": optim.Polyak, "primal": optim.Primal, "ema": optim.EMA}
	kind, ok := avg[o.averaging.Kind]
	if !ok {
		return nil, fmt.Errorf("unknown averaging %q (want polyak, primal or ema)", o.averaging.Kind)
	}
	return optim.NewAveraged(opt, optim.AveragingConfig{Kind: kind, Decay: o.averaging.Decay})
}

// checkFractions refuses schedule warmup fractions outside [0, 1), the
// base's too, before anything is built (a kind checks its own warmup
// fraction): a warmup as long as the run (or longer) is a mistake, not a
// setting.
func (o *Optimizer) checkFractions() error {
	if o.schedule != nil {
		if f := o.schedule.WarmupFraction; !(f >= 0 && f < 1) {
			return fmt.Errorf("schedule: warmup_fraction must be in [0, 1), got %v", f)
		}
	}
	if o.base != nil {
		return o.base.checkFractions()
	}
	return nil
}

// resolve turns a schedule entry into an optim.Schedule for a horizon.
func (s *scheduleSpec) resolve(horizon int) (optim.Schedule, error) {
	if s == nil {
		return optim.Constant{}, nil
	}
	w := warmupSteps(s.WarmupSteps, s.WarmupFraction, horizon)
	var sched optim.Schedule
	switch s.Kind {
	case "constant", "":
		if w != 0 {
			return nil, fmt.Errorf("schedule constant: warmup needs cosine or linear")
		}
		sched = optim.Constant{}
	case "cosine":
		sched = optim.WarmupCosine{Warmup: w, Horizon: horizon}
	case "linear":
		sched = optim.WarmupLinear{Warmup: w, Horizon: horizon}
	case "step":
		sched = optim.StepDecay{Every: s.Every, Gamma: s.Gamma}
	default:
		return nil, fmt.Errorf("unknown schedule %q (want constant, cosine, linear or step)", s.Kind)
	}
	return sched, sched.Validate()
}

// Hyper returns the resolved hyperparameters, as written in YAML, for
// result records: the kind's own, then schedule, averaging and base.
func (o *Optimizer) Hyper() map[string]any {
	m := yamlFields(o.settings)
	if o.schedule != nil {
		m["schedule"] = yamlFields(o.schedule)
	}
	if o.averaging != nil {
		m["averaging"] = yamlFields(o.averaging)
	}
	if o.base != nil {
		b := o.base.Hyper()
		b["kind"] = o.base.Kind
		m["base"] = b
	}
	return m
}

// yamlFields maps a struct's YAML names to its field values (zero-valued
// schedule fields included, so a record is complete).
func yamlFields(v any) map[string]any {
	rv := reflect.Indirect(reflect.ValueOf(v))
	m := map[string]any{}
	for i := range rv.NumField() {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			m[name] = rv.Field(i).Interface()
		}
	}
	return m
}

// OptimizerKinds describes the registered optimizer kinds and their
// default hyperparameters, sorted by name, for `sfbench list`.
func OptimizerKinds() []KindInfo {
	var out []KindInfo
	for _, k := range kinds.All() {
		out = append(out, KindInfo{Name: k.Name, Doc: k.Doc, Defaults: yamlFields(k.Settings())})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// KindInfo documents one kind of problem or optimizer.
type KindInfo struct {
	Name     string
	Doc      string
	Defaults map[string]any
}
