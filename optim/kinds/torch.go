package kinds

import "github.com/sfbench/sfbench/optim"

// SGDSettings are the hyperparameters of SGD with torch semantics (sgd).
type SGDSettings struct {
	Momentum    float64 `yaml:"momentum"`
	Dampening   float64 `yaml:"dampening"`
	Nesterov    bool    `yaml:"nesterov"`
	WeightDecay float64 `yaml:"weight_decay"`
}

// AdamWSettings are the hyperparameters of AdamW with torch semantics
// (adamw).
type AdamWSettings struct {
	Beta1       float64 `yaml:"beta1"`
	Beta2       float64 `yaml:"beta2"`
	Eps         float64 `yaml:"eps"`
	WeightDecay float64 `yaml:"weight_decay"`
}

// The baselines: torch's SGD and AdamW, with a learning-rate schedule and
// iterate averaging optional, and the bases of sf-wrapper.
func init() {
	Register(Kind{
		Name:     "sgd",
		Doc:      "SGD with torch semantics; schedule and averaging optional",
		Settings: func() any { return &SGDSettings{} },
		Accepts:  Accepts{Schedule: true, Averaging: true},
		AsBase:   true,
		New: func(settings any, b Build) (optim.Optimizer, error) {
			s := settings.(*SGDSettings)
			return optim.NewSGD(optim.SGDConfig{LR: b.LR, Momentum: s.Momentum, Dampening: s.Dampening,
				Nesterov: s.Nesterov, WeightDecay: s.WeightDecay, Schedule: b.Schedule})
		},
	})
	Register(Kind{
		Name: "adamw",
		Doc:  "AdamW with torch semantics; schedule and averaging optional",
		Settings: func() any {
			d := optim.DefaultAdamW()
			return &AdamWSettings{Beta1: d.Beta1, Beta2: d.Beta2, Eps: d.Eps, WeightDecay: d.WeightDecay}
		},
		Accepts: Accepts{Schedule: true, Averaging: true},
		AsBase:  true,
		New: func(settings any, b Build) (optim.Optimizer, error) {
			s := settings.(*AdamWSettings)
			return optim.NewAdamW(optim.AdamWConfig{LR: b.LR, Beta1: s.Beta1, Beta2: s.Beta2, Eps: s.Eps,
				WeightDecay: s.WeightDecay, Schedule: b.Schedule})
		},
	})
}
