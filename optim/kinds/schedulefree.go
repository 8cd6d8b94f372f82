package kinds

import "github.com/sfbench/sfbench/optim"

// SFSGDSettings are the hyperparameters of schedule-free SGD (sf-sgd and
// its reference form sf-sgd-reference).
type SFSGDSettings struct {
	Momentum       float64 `yaml:"momentum"` // the interpolation β
	WeightDecay    float64 `yaml:"weight_decay"`
	WarmupSteps    int     `yaml:"warmup_steps"`
	WarmupFraction float64 `yaml:"warmup_fraction"` // of the horizon; wins over warmup_steps
	R              float64 `yaml:"r"`
	WeightLRPower  float64 `yaml:"weight_lr_power"`
}

// SFAdamWSettings are the hyperparameters of the schedule-free Adam
// methods (sf-adamw, sf-adamw-paper, sf-radam, sf-adamw-reference).
type SFAdamWSettings struct {
	Beta1          float64 `yaml:"beta1"` // the interpolation β
	Beta2          float64 `yaml:"beta2"`
	Eps            float64 `yaml:"eps"`
	WeightDecay    float64 `yaml:"weight_decay"`
	WarmupSteps    int     `yaml:"warmup_steps"`
	WarmupFraction float64 `yaml:"warmup_fraction"` // of the horizon; wins over warmup_steps
	R              float64 `yaml:"r"`
	WeightLRPower  float64 `yaml:"weight_lr_power"`
	SGDPhase       bool    `yaml:"sgd_phase"` // sf-radam only
}

func init() {
	Register(Kind{
		Name:         "sf-sgd",
		Doc:          "schedule-free SGD (official SGDScheduleFree)",
		Settings:     sfSGDDefaults,
		ScheduleFree: true,
		New: func(settings any, b Build) (optim.Optimizer, error) {
			c, err := settings.(*SFSGDSettings).config(b)
			if err != nil {
				return nil, err
			}
			return optim.NewScheduleFree(c)
		},
	})
	for _, k := range []struct {
		name, doc string
		method    optim.SFMethod
	}{
		{"sf-adamw", "schedule-free AdamW (official AdamWScheduleFree >= 1.3)", optim.MethodAdamW},
		{"sf-adamw-paper", "schedule-free AdamW as in the paper (bias correction in the rate)", optim.MethodAdamWPaper},
		{"sf-radam", "schedule-free RAdam (no warmup)", optim.MethodRAdam},
	} {
		Register(Kind{
			Name:         k.name,
			Doc:          k.doc,
			Settings:     sfAdamWDefaults,
			ScheduleFree: true,
			New: func(settings any, b Build) (optim.Optimizer, error) {
				c, err := settings.(*SFAdamWSettings).config(k.method, b)
				if err != nil {
					return nil, err
				}
				return optim.NewScheduleFree(c)
			},
		})
	}
}

// sfSGDDefaults are the official SGDScheduleFree's.
func sfSGDDefaults() any {
	d := optim.DefaultSFSGD()
	return &SFSGDSettings{Momentum: d.Beta1, WeightLRPower: d.WeightLRPower}
}

// sfAdamWDefaults are the official AdamWScheduleFree's, for every Adam
// method.
func sfAdamWDefaults() any {
	d := optim.DefaultSFAdamW()
	return &SFAdamWSettings{Beta1: d.Beta1, Beta2: d.Beta2, Eps: d.Eps, WeightLRPower: d.WeightLRPower}
}

// config is the optim configuration of the settings for a run.
func (s *SFSGDSettings) config(b Build) (optim.SFConfig, error) {
	w, err := warmup(s.WarmupSteps, s.WarmupFraction, b.Horizon)
	return optim.SFConfig{Method: optim.MethodSGD, LR: b.LR, Beta1: s.Momentum, WeightDecay: s.WeightDecay,
		Warmup: w, R: s.R, WeightLRPower: s.WeightLRPower}, err
}

// config is the optim configuration of the settings for a run of method.
func (s *SFAdamWSettings) config(method optim.SFMethod, b Build) (optim.SFConfig, error) {
	w, err := warmup(s.WarmupSteps, s.WarmupFraction, b.Horizon)
	return optim.SFConfig{Method: method, LR: b.LR, Beta1: s.Beta1, Beta2: s.Beta2, Eps: s.Eps,
		WeightDecay: s.WeightDecay, Warmup: w, R: s.R, WeightLRPower: s.WeightLRPower, SGDPhase: s.SGDPhase}, err
}
