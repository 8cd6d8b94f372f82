package suites

import "gopkg.in/yaml.v3"

// The YAML file as written. Fields whose meaning depends on another field
// (options, hyper, lrs, seeds) stay yaml.Nodes and are decoded, with their
// line numbers, once the kind they belong to is known.
type file struct {
	Suite       string          `yaml:"suite"`
	Description string          `yaml:"description"`
	Problems    []problemSpec   `yaml:"problems"`
	Optimizers  []optimizerSpec `yaml:"optimizers"`
	LRs         yaml.Node       `yaml:"lrs"`
	Seeds       yaml.Node       `yaml:"seeds"`
	Budget      budgetSpec      `yaml:"budget"`
	Eval        evalSpec        `yaml:"eval"`
	Divergence  divergenceSpec  `yaml:"divergence"`
	Protocol    protocolSpec    `yaml:"protocol"`
}

type problemSpec struct {
	Name    string    `yaml:"name"`
	Kind    string    `yaml:"kind"`
	Options yaml.Node `yaml:"options"`
}

type optimizerSpec struct {
	Name      string         `yaml:"name"`
	Kind      string         `yaml:"kind"`
	Hyper     yaml.Node      `yaml:"hyper"`
	Schedule  *scheduleSpec  `yaml:"schedule"`
	Averaging *averagingSpec `yaml:"averaging"`
	Base      *baseSpec      `yaml:"base"`
	LRs       yaml.Node      `yaml:"lrs"`
	Anytime   bool           `yaml:"anytime"`
	Grid      yaml.Node      `yaml:"grid"`     // setting → values, decoded by the kind's settings
	Select    yaml.Node      `yaml:"select"`   // grid (default) or rate
	Problems  yaml.Node      `yaml:"problems"` // names, or name → rates
}

type scheduleSpec struct {
	Kind           string  `yaml:"kind"` // constant, cosine, linear, step
	WarmupSteps    int     `yaml:"warmup_steps"`
	WarmupFraction float64 `yaml:"warmup_fraction"`
	Every          int     `yaml:"every"` // step: decay period in steps
	Gamma          float64 `yaml:"gamma"` // step: decay factor
}

type averagingSpec struct {
	Kind  string  `yaml:"kind"` // polyak, primal, ema
	Decay float64 `yaml:"decay"`
}

type baseSpec struct {
	Kind     string        `yaml:"kind"` // sgd or adamw
	Hyper    yaml.Node     `yaml:"hyper"`
	Schedule *scheduleSpec `yaml:"schedule"`
}

type budgetSpec struct {
	Steps    int   `yaml:"steps"`
	Epochs   int   `yaml:"epochs"`
	Horizons []int `yaml:"horizons"`
}

type evalSpec struct {
	Every  int       `yaml:"every"`
	Points int       `yaml:"points"`
	At     yaml.Node `yaml:"at"` // a point (x, y or z), or a list of them
	// Diagnostics records the optimizer's diagnostics at every evaluation.
	Diagnostics bool `yaml:"diagnostics"`
}

type divergenceSpec struct {
	Factor   float64 `yaml:"factor"`
	Patience int     `yaml:"patience"`
}

type protocolSpec struct {
	Kind      string    `yaml:"kind"` // sweep (default) or tune-then-seeds
	Metric    string    `yaml:"metric"`
	Select    string    `yaml:"select"` // metric the rate is selected by (default: see Protocol)
	Goal      string    `yaml:"goal"`   // min or max
	TuneSeeds yaml.Node `yaml:"tune_seeds"`
	Seeds     yaml.Node `yaml:"seeds"`
	// Widen extends a rate grid whose selected rate is at its edge
	// (Protocol.Widen); WidenLimit caps the rates added on a side.
	Widen      bool `yaml:"widen"`
	WidenLimit *int `yaml:"widen_limit"`
	// Targets and Baseline set what the reports' scores measure against
	// (Protocol.Targets, Protocol.Baseline).
	Targets  map[string]float64 `yaml:"targets"`
	Baseline string             `yaml:"baseline"`
}
