package kinds

import (
	"reflect"
	"strings"

	"github.com/sfbench/sfbench/optim"
)

// Kind describes a registered optimizer kind.
type Kind struct {
	Name string // as written in suites, e.g. "sf-adamw"
	Doc  string // one line for `sfbench list`

	// Settings returns a pointer to a fresh settings struct holding the
	// defaults; a suite decodes the user's hyperparameters (YAML, by the
	// fields' yaml tags) into it, and records carry its fields.
	Settings func() any

	// Accepts says what an entry of the kind may add to its settings.
	Accepts Accepts

	// AsBase: the kind may be the base optimizer of a kind that accepts
	// one (Accepts.Base).
	AsBase bool

	// ScheduleFree: the kind is a schedule-free method, which needs no
	// horizon and is evaluated at its average x (but see EndPointSetting).
	ScheduleFree bool

	// EndPointSetting names (by its yaml tag) the float64 setting whose
	// values 0 and 1 make a schedule-free kind the family's averaging end
	// points rather than a schedule-free method: Polyak-Ruppert averaging
	// (0) and primal averaging (1). The textbook x, y, z forms have them
	// ("momentum", "beta1"); "" for kinds without.
	EndPointSetting string

	// New builds the optimizer from settings of the type Settings returns
	// and the run's Build. Errors describe bad settings.
	New func(settings any, b Build) (optim.Optimizer, error)
}

// Accepts lists what a suite entry of a kind may give besides its settings.
type Accepts struct {
	// Schedule: a learning-rate schedule, resolved against the run's
	// horizon and passed to New in Build.Schedule.
	Schedule bool
	// Averaging: an iterate average (Polyak, primal, EMA) that the caller
	// puts around the optimizer New returns (optim.NewAveraged).
	Averaging bool
	// Base: a base optimizer, of a kind registered AsBase, built at the
	// same rate and horizon and passed to New in Build.Base. An entry of
	// such a kind must give one.
	Base bool
}

// Build is what New needs beyond a kind's settings: the run.
type Build struct {
	LR      float64 // the learning rate
	Horizon int     // steps of the run; warmup fractions resolve against it
	// Schedule is the entry's schedule, resolved for Horizon (optim.Constant
	// when it gives none), for kinds that accept one.
	Schedule optim.Schedule
	// Base is the built base optimizer, for kinds that accept one.
	Base optim.Optimizer
}

// EndPoint is "polyak" or "primal" when settings put the kind at one of
// its averaging end points (see EndPointSetting), else "".
func (k Kind) EndPoint(settings any) string {
	if k.EndPointSetting == "" {
		return ""
	}
	f, ok := field(settings, k.EndPointSetting)
	if !ok {
		return ""
	}
	switch f.Float() {
	case 0:
		return "polyak"
	case 1:
		return "primal"
	}
	return ""
}

// ScheduleFreeAt reports whether the kind with these settings is a
// schedule-free method proper: a schedule-free kind that the settings do
// not put at an averaging end point.
func (k Kind) ScheduleFreeAt(settings any) bool {
	return k.ScheduleFree && k.EndPoint(settings) == ""
}

// field is the float64 field of the settings struct (a pointer) whose yaml
// tag names key.
func field(settings any, key string) (reflect.Value, bool) {
	v := reflect.ValueOf(settings)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	v = v.Elem()
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
		if name == key && v.Field(i).Kind() == reflect.Float64 {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}
