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
)

// Optimizer is a validated optimizer entry of a suite: a kind with its
// resolved hyperparameters, optional schedule and averaging (baselines) or
// base optimizer (the wrapper), and its learning-rate grid.
type Optimizer struct {
	Name string
	Kind string
	LRs  []float64
	// Anytime: the method needs no horizon (schedule-free), so with a
	// budget of several horizons only the longest is run and shorter
	// horizons are read off its evaluation curve (paper Fig. 1).
	Anytime bool

	hyper     any // *sfSGDHyper, *sfRefHyper, *sfAdamHyper, *sfAdamRefHyper, *sgdHyper, *adamwHyper or *wrapperHyper
	schedule  *scheduleSpec
	averaging *averagingSpec
	base      *Optimizer // sf-wrapper: the base optimizer (kind sgd or adamw)
	line      int
}

// The hyperparameters of each kind, with the YAML names users write.
type sfSGDHyper struct {
	Momentum       float64 `yaml:"momentum"`
	WeightDecay    float64 `yaml:"weight_decay"`
	WarmupSteps    int     `yaml:"warmup_steps"`
	WarmupFraction float64 `yaml:"warmup_fraction"`
	R              float64 `yaml:"r"`
	WeightLRPower  float64 `yaml:"weight_lr_power"`
}

// sfRefHyper is sfSGDHyper for the reference form (momentum in [0, 1]).
type sfRefHyper sfSGDHyper

type sfAdamHyper struct {
	Beta1          float64 `yaml:"beta1"`
	Beta2          float64 `yaml:"beta2"`
	Eps            float64 `yaml:"eps"`
	WeightDecay    float64 `yaml:"weight_decay"`
	WarmupSteps    int     `yaml:"warmup_steps"`
	WarmupFraction float64 `yaml:"warmup_fraction"`
	R              float64 `yaml:"r"`
	WeightLRPower  float64 `yaml:"weight_lr_power"`
	SGDPhase       bool    `yaml:"sgd_phase"` // sf-radam only
}

// sfAdamRefHyper is sfAdamHyper for the reference form of schedule-free
// AdamW (beta1 in [0, 1]; sgd_phase does not apply).
type sfAdamRefHyper sfAdamHyper

type sgdHyper struct {
	Momentum    float64 `yaml:"momentum"`
	Dampening   float64 `yaml:"dampening"`
	Nesterov    bool    `yaml:"nesterov"`
	WeightDecay float64 `yaml:"weight_decay"`
}

type adamwHyper struct {
	Beta1       float64 `yaml:"beta1"`
	Beta2       float64 `yaml:"beta2"`
	Eps         float64 `yaml:"eps"`
	WeightDecay float64 `yaml:"weight_decay"`
}

type wrapperHyper struct {
	Momentum       float64 `yaml:"momentum"`
	WeightDecayAtY float64 `yaml:"weight_decay_at_y"`
	R              float64 `yaml:"r"`
	WeightLRPower  float64 `yaml:"weight_lr_power"`
}

// optimizerKinds lists the kinds with their documentation and defaults.
var optimizerKinds = []struct {
	name, doc string
	defaults  func() any
}{
	{"sf-sgd", "schedule-free SGD (official SGDScheduleFree)", func() any {
		d := optim.DefaultSFSGD()
		return &sfSGDHyper{Momentum: d.Beta1, WeightLRPower: d.WeightLRPower}
	}},
	{"sf-adamw", "schedule-free AdamW (official AdamWScheduleFree >= 1.3)", sfAdamDefaults},
	{"sf-adamw-paper", "schedule-free AdamW as in the paper (bias correction in the rate)", sfAdamDefaults},
	{"sf-radam", "schedule-free RAdam (no warmup)", sfAdamDefaults},
	{"sf-sgd-reference", "schedule-free SGD in the textbook x, y, z form; momentum may be 0 (Polyak) or 1 (primal)", func() any {
		d := optim.DefaultSFSGD()
		return &sfRefHyper{Momentum: d.Beta1, WeightLRPower: d.WeightLRPower}
	}},
	{"sf-adamw-reference", "schedule-free AdamW in the textbook x, y, z form (official AdamWScheduleFreeReference); beta1 may be 0 (Polyak) or 1 (primal averaging)", func() any {
		return (*sfAdamRefHyper)(sfAdamDefaults().(*sfAdamHyper))
	}},
	{"sf-wrapper", "schedule-free wrapper around a base optimizer (base: sgd or adamw)", func() any {
		d := optim.DefaultWrapper()
		return &wrapperHyper{Momentum: d.Momentum, WeightLRPower: d.WeightLRPower}
	}},
	{"sgd", "SGD with torch semantics; schedule and averaging optional", func() any { return &sgdHyper{} }},
	{"adamw", "AdamW with torch semantics; schedule and averaging optional", func() any {
		d := optim.DefaultAdamW()
		return &adamwHyper{Beta1: d.Beta1, Beta2: d.Beta2, Eps: d.Eps, WeightDecay: d.WeightDecay}
	}},
}

func sfAdamDefaults() any {
	d := optim.DefaultSFAdamW()
	return &sfAdamHyper{Beta1: d.Beta1, Beta2: d.Beta2, Eps: d.Eps, WeightLRPower: d.WeightLRPower}
}

func optimizerKindNames() []string {
	var names []string
	for _, k := range optimizerKinds {
		names = append(names, k.name)
	}
	return names
}

// decodeHyper returns kind's defaults overwritten by the hyper node.
func decodeHyper(kind string, node *yaml.Node) (any, error) {
	for _, k := range optimizerKinds {
		if k.name == kind {
			h := k.defaults()
			if node != nil && node.Kind != 0 {
				if err := strictyaml.DecodeNode(node, h); err != nil {
					return nil, err
				}
			}
			return h, nil
		}
	}
	return nil, fmt.Errorf("unknown optimizer kind %q (known: %s)", kind, strings.Join(optimizerKindNames(), ", "))
}

// warmupSteps resolves warmup_steps / warmup_fraction against the horizon.
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
	switch h := o.hyper.(type) {
	case *sfSGDHyper:
		c := optim.SFConfig{Method: optim.MethodSGD, LR: lr, Beta1: h.Momentum, WeightDecay: h.WeightDecay,
			Warmup: warmupSteps(h.WarmupSteps, h.WarmupFraction, horizon), R: h.R, WeightLRPower: h.WeightLRPower}
		return optim.NewScheduleFree(c)
	case *sfRefHyper:
		c := optim.SFConfig{Method: optim.MethodSGD, LR: lr, Beta1: h.Momentum, WeightDecay: h.WeightDecay,
			Warmup: warmupSteps(h.WarmupSteps, h.WarmupFraction, horizon), R: h.R, WeightLRPower: h.WeightLRPower}
		return optim.NewReferenceSF(c)
	case *sfAdamHyper:
		method := map[string]optim.SFMethod{"sf-adamw": optim.MethodAdamW, "sf-adamw-paper": optim.MethodAdamWPaper,
			"sf-radam": optim.MethodRAdam}[o.Kind]
		c := optim.SFConfig{Method: method, LR: lr, Beta1: h.Beta1, Beta2: h.Beta2, Eps: h.Eps,
			WeightDecay: h.WeightDecay, Warmup: warmupSteps(h.WarmupSteps, h.WarmupFraction, horizon),
			R: h.R, WeightLRPower: h.WeightLRPower, SGDPhase: h.SGDPhase}
		return optim.NewScheduleFree(c)
	case *sfAdamRefHyper:
		if h.SGDPhase {
			return nil, fmt.Errorf("sgd_phase applies to sf-radam only")
		}
		c := optim.SFConfig{Method: optim.MethodAdamW, LR: lr, Beta1: h.Beta1, Beta2: h.Beta2, Eps: h.Eps,
			WeightDecay: h.WeightDecay, Warmup: warmupSteps(h.WarmupSteps, h.WarmupFraction, horizon),
			R: h.R, WeightLRPower: h.WeightLRPower}
		return optim.NewReferenceSF(c)
	case *wrapperHyper:
		base, err := o.base.New(lr, horizon)
		if err != nil {
			return nil, fmt.Errorf("base: %w", err)
		}
		return optim.NewWrapper(base, optim.WrapperConfig{Momentum: h.Momentum, WeightDecayAtY: h.WeightDecayAtY,
			R: h.R, WeightLRPower: h.WeightLRPower})
	}
	sched, err := o.schedule.resolve(horizon)
	if err != nil {
		return nil, err
	}
	var base optim.Optimizer
	switch h := o.hyper.(type) {
	case *sgdHyper:
		base, err = optim.NewSGD(optim.SGDConfig{LR: lr, Momentum: h.Momentum, Dampening: h.Dampening,
			Nesterov: h.Nesterov, WeightDecay: h.WeightDecay, Schedule: sched})
	case *adamwHyper:
		base, err = optim.NewAdamW(optim.AdamWConfig{LR: lr, Beta1: h.Beta1, Beta2: h.Beta2, Eps: h.Eps,
			WeightDecay: h.WeightDecay, Schedule: sched})
	default:
		return nil, fmt.Errorf("optimizer %s: no hyperparameters", o.Name)
	}
	if err != nil || o.averaging == nil {
		return base, err
	}
	kinds := map[string]optim.AveragingKind{"polyak": optim.Polyak, "primal": optim.Primal, "ema": optim.EMA}
	kind, ok := kinds[o.averaging.Kind]
	if !ok {
		return nil, fmt.Errorf("unknown averaging %q (want polyak, primal or ema)", o.averaging.Kind)
	}
	return optim.NewAveraged(base, optim.AveragingConfig{Kind: kind, Decay: o.averaging.Decay})
}

// checkFractions refuses warmup fractions outside [0, 1): a warmup as long
// as the run (or longer) is a mistake, not a setting.
func (o *Optimizer) checkFractions() error {
	fracs := map[string]float64{}
	switch h := o.hyper.(type) {
	case *sfSGDHyper:
		fracs["warmup_fraction"] = h.WarmupFraction
	case *sfRefHyper:
		fracs["warmup_fraction"] = h.WarmupFraction
	case *sfAdamHyper:
		fracs["warmup_fraction"] = h.WarmupFraction
	case *sfAdamRefHyper:
		fracs["warmup_fraction"] = h.WarmupFraction
	}
	if o.schedule != nil {
		fracs["schedule: warmup_fraction"] = o.schedule.WarmupFraction
	}
	for name, f := range fracs {
		if !(f >= 0 && f < 1) {
			return fmt.Errorf("%s must be in [0, 1), got %v", name, f)
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
	m := yamlFields(o.hyper)
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

// OptimizerKinds describes the optimizer kinds and their default
// hyperparameters, sorted by name, for `sfbench list`.
func OptimizerKinds() []KindInfo {
	var out []KindInfo
	for _, k := range optimizerKinds {
		out = append(out, KindInfo{Name: k.name, Doc: k.doc, Defaults: yamlFields(k.defaults())})
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
