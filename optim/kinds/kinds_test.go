package kinds_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/optim/kinds"
)

// TestRegistrationOrder pins the order of the built-in kinds, which
// messages (unknown kind, what takes a schedule) list them in: the order of
// the family files. Kinds added later may come anywhere.
func TestRegistrationOrder(t *testing.T) {
	want := []string{"sf-sgd", "sf-adamw", "sf-adamw-paper", "sf-radam", "sf-sgd-reference", "sf-adamw-reference",
		"sf-wrapper", "sgd", "adamw"}
	var got []string
	for _, k := range kinds.All() {
		if slices.Contains(want, k.Name) {
			got = append(got, k.Name)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("built-in kinds in order %v, want %v", got, want)
	}
}

// TestEveryKindBuilds builds each built-in kind from its defaults (a kind
// that takes a base around each kind that can be one) and checks the
// optimizer it makes and that it steps.
func TestEveryKindBuilds(t *testing.T) {
	for _, tc := range []struct {
		kind, base, want string
		scheduleFree     bool
	}{
		{"sf-sgd", "", "*optim.ScheduleFree", true},
		{"sf-adamw", "", "*optim.ScheduleFree", true},
		{"sf-adamw-paper", "", "*optim.ScheduleFree", true},
		{"sf-radam", "", "*optim.ScheduleFree", true},
		{"sf-sgd-reference", "", "*optim.ReferenceSF", true},
		{"sf-adamw-reference", "", "*optim.ReferenceSF", true},
		{"sf-wrapper", "sgd", "*optim.Wrapper", true},
		{"sf-wrapper", "adamw", "*optim.Wrapper", true},
		{"sgd", "", "*optim.SGD", false},
		{"adamw", "", "*optim.AdamW", false},
	} {
		t.Run(tc.kind+"/"+tc.base, func(t *testing.T) {
			k, err := kinds.Lookup(tc.kind)
			if err != nil {
				t.Fatal(err)
			}
			b := kinds.Build{LR: 0.1, Horizon: 20}
			if k.Accepts.Schedule {
				b.Schedule = optim.WarmupCosine{Warmup: 2, Horizon: 20}
			}
			if tc.base != "" {
				bk, err := kinds.Lookup(tc.base)
				if err != nil || !bk.AsBase || !k.Accepts.Base {
					t.Fatalf("%s cannot wrap %s (%v)", tc.kind, tc.base, err)
				}
				if b.Base, err = bk.New(bk.Settings(), kinds.Build{LR: 0.1, Horizon: 20}); err != nil {
					t.Fatal(err)
				}
			}
			opt, err := k.New(k.Settings(), b)
			if err != nil {
				t.Fatalf("defaults: %v", err)
			}
			if got := fmt.Sprintf("%T", opt); got != tc.want {
				t.Errorf("builds %s, want %s", got, tc.want)
			}
			if k.ScheduleFree != tc.scheduleFree || k.ScheduleFreeAt(k.Settings()) != tc.scheduleFree {
				t.Errorf("schedule-free %v (at the defaults %v), want %v", k.ScheduleFree, k.ScheduleFreeAt(k.Settings()), tc.scheduleFree)
			}
			w, g := []float64{1, -2, 3}, []float64{0.5, 0.25, -1}
			for range 10 { // RAdam makes no step while its rectification is undefined
				opt.Step(w, g)
			}
			if slices.Equal(w, []float64{1, -2, 3}) {
				t.Errorf("ten steps left the parameters where they were")
			}
		})
	}
}

// TestEndPoints: the reference forms at momentum (beta1) 0 and 1 are the
// averaging end points, not schedule-free methods; the memory-efficient
// kinds and the baselines have none.
func TestEndPoints(t *testing.T) {
	for _, tc := range []struct {
		kind  string
		set   func(any)
		point string
	}{
		{"sf-sgd-reference", func(s any) { s.(*kinds.SFSGDSettings).Momentum = 0 }, "polyak"},
		{"sf-sgd-reference", func(s any) { s.(*kinds.SFSGDSettings).Momentum = 1 }, "primal"},
		{"sf-sgd-reference", func(s any) { s.(*kinds.SFSGDSettings).Momentum = 0.5 }, ""},
		{"sf-adamw-reference", func(s any) { s.(*kinds.SFAdamWSettings).Beta1 = 0 }, "polyak"},
		{"sf-adamw-reference", func(s any) { s.(*kinds.SFAdamWSettings).Beta1 = 1 }, "primal"},
		{"sf-adamw-reference", func(s any) { s.(*kinds.SFAdamWSettings).Beta2 = 0 }, ""},
		{"sf-sgd", func(s any) { s.(*kinds.SFSGDSettings).Momentum = 0 }, ""},
		{"sf-adamw", func(s any) { s.(*kinds.SFAdamWSettings).Beta1 = 1 }, ""},
		{"sgd", func(s any) { s.(*kinds.SGDSettings).Momentum = 0 }, ""},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			k, err := kinds.Lookup(tc.kind)
			if err != nil {
				t.Fatal(err)
			}
			s := k.Settings()
			tc.set(s)
			if got := k.EndPoint(s); got != tc.point {
				t.Errorf("end point %q, want %q", got, tc.point)
			}
			if want := k.ScheduleFree && tc.point == ""; k.ScheduleFreeAt(s) != want {
				t.Errorf("schedule-free %v, want %v", k.ScheduleFreeAt(s), want)
			}
		})
	}
}

// TestBadSettings: the errors New and Configure give, as suites report them.
func TestBadSettings(t *testing.T) {
	decodeErr := errors.New("line 1: unknown field")
	for _, tc := range []struct {
		name, kind string
		decode     func(any) error
		want       string
	}{
		{"unknown kind", "lion", nil, `unknown optimizer kind "lion" (known: sf-sgd, sf-adamw, sf-adamw-paper, sf-radam, ` +
			`sf-sgd-reference, sf-adamw-reference, sf-wrapper, sgd, adamw`}, // then any registered later
		{"decode error as it is", "sgd", func(any) error { return decodeErr }, decodeErr.Error()},
		{"warmup as long as the run", "sf-sgd", func(s any) error { s.(*kinds.SFSGDSettings).WarmupFraction = 1; return nil },
			"warmup_fraction must be in [0, 1), got 1"},
		{"negative warmup fraction", "sf-adamw", func(s any) error { s.(*kinds.SFAdamWSettings).WarmupFraction = -0.1; return nil },
			"warmup_fraction must be in [0, 1), got -0.1"},
		{"sgd phase on the reference form", "sf-adamw-reference", func(s any) error { s.(*kinds.SFAdamWSettings).SGDPhase = true; return nil },
			"sgd_phase applies to sf-radam only"},
		{"wrapper without a base", "sf-wrapper", nil, "sf-wrapper needs a base optimizer"},
		{"optim validates", "sgd", func(s any) error { s.(*kinds.SGDSettings).Dampening = 2; return nil }, "dampening"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, s, err := kinds.Configure(tc.kind, tc.decode)
			if err == nil {
				_, err = k.New(s, kinds.Build{LR: 0.1, Horizon: 100})
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestRegisterRefuses: incomplete, inconsistent or duplicate registrations
// panic at init time.
func TestRegisterRefuses(t *testing.T) {
	settings := func() any { return &kinds.SGDSettings{} }
	build := func(any, kinds.Build) (optim.Optimizer, error) { return nil, nil }
	for _, tc := range []struct {
		name string
		kind kinds.Kind
	}{
		{"no name", kinds.Kind{Doc: "d", Settings: settings, New: build}},
		{"no doc", kinds.Kind{Name: "x-nodoc", Settings: settings, New: build}},
		{"no settings", kinds.Kind{Name: "x-nosettings", Doc: "d", New: build}},
		{"no constructor", kinds.Kind{Name: "x-nonew", Doc: "d", Settings: settings}},
		{"settings not a struct pointer", kinds.Kind{Name: "x-map", Doc: "d", Settings: func() any { return map[string]any{} }, New: build}},
		{"end point no setting", kinds.Kind{Name: "x-end", Doc: "d", Settings: settings, New: build, EndPointSetting: "beta1"}},
		{"end point not a float", kinds.Kind{Name: "x-endbool", Doc: "d", Settings: settings, New: build, EndPointSetting: "nesterov"}},
		{"base that takes a base", kinds.Kind{Name: "x-base", Doc: "d", Settings: settings, New: build, AsBase: true, Accepts: kinds.Accepts{Base: true}}},
		{"duplicate", kinds.Kind{Name: "sgd", Doc: "d", Settings: settings, New: build}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(kinds.All())
			defer func() {
				if recover() == nil {
					t.Errorf("registered")
				}
				if n := len(kinds.All()); n != before {
					t.Errorf("%d kinds after the refused registration, %d before", n, before)
				}
			}()
			kinds.Register(tc.kind)
		})
	}
}

// lionSettings are a test kind's: a program's own optimizer.
type lionSettings struct {
	Beta float64 `yaml:"beta"`
}

// TestRegisterCustomKind: a kind a program registers is found, configured
// and built like the built-in ones, and listed after them.
func TestRegisterCustomKind(t *testing.T) {
	var got kinds.Build
	registerLion.Do(func() { kinds.Register(lion) })
	lionBuild = func(b kinds.Build) { got = b }
	all := kinds.All()
	if all[len(all)-1].Name != "test-lion" {
		t.Errorf("registered last, but All ends with %s", all[len(all)-1].Name)
	}
	k, s, err := kinds.Configure("test-lion", func(s any) error { s.(*lionSettings).Beta = 1; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if k.EndPoint(s) != "primal" || k.ScheduleFreeAt(s) {
		t.Errorf("beta 1: end point %q, schedule-free %v; want primal, false", k.EndPoint(s), k.ScheduleFreeAt(s))
	}
	opt, err := k.New(s, kinds.Build{LR: 0.25, Horizon: 7, Schedule: optim.Constant{}})
	if err != nil {
		t.Fatal(err)
	}
	if got.LR != 0.25 || got.Horizon != 7 || opt.Rate() != 0.25 {
		t.Errorf("built with %+v, rate %v; want lr 0.25, horizon 7, rate 0.25", got, opt.Rate())
	}
}

// The test kind, registered once however often the test runs.
var (
	registerLion sync.Once
	lionBuild    func(kinds.Build)
	lion         = kinds.Kind{
		Name:            "test-lion",
		Doc:             "a program's own optimizer",
		Settings:        func() any { return &lionSettings{Beta: 0.5} },
		Accepts:         kinds.Accepts{Schedule: true},
		ScheduleFree:    true,
		EndPointSetting: "beta",
		New: func(settings any, b kinds.Build) (optim.Optimizer, error) {
			lionBuild(b)
			return optim.NewSGD(optim.SGDConfig{LR: b.LR * settings.(*lionSettings).Beta, Schedule: b.Schedule})
		},
	}
)
