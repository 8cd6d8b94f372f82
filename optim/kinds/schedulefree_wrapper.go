package kinds

import (
	"errors"

	"github.com/sfbench/sfbench/optim"
)

// WrapperSettings are the hyperparameters of the schedule-free wrapper
// (sf-wrapper); the base optimizer has its own.
type WrapperSettings struct {
	Momentum       float64 `yaml:"momentum"`
	WeightDecayAtY float64 `yaml:"weight_decay_at_y"`
	R              float64 `yaml:"r"`
	WeightLRPower  float64 `yaml:"weight_lr_power"`
}

func init() {
	Register(Kind{
		Name: "sf-wrapper",
		Doc:  "schedule-free wrapper around a base optimizer (base: sgd or adamw)",
		Settings: func() any {
			d := optim.DefaultWrapper()
			return &WrapperSettings{Momentum: d.Momentum, WeightLRPower: d.WeightLRPower}
		},
		Accepts:      Accepts{Base: true},
		ScheduleFree: true,
		New: func(settings any, b Build) (optim.Optimizer, error) {
			if b.Base == nil {
				return nil, errors.New("sf-wrapper needs a base optimizer")
			}
			s := settings.(*WrapperSettings)
			return optim.NewWrapper(b.Base, optim.WrapperConfig{Momentum: s.Momentum, WeightDecayAtY: s.WeightDecayAtY,
				R: s.R, WeightLRPower: s.WeightLRPower})
		},
	})
}
