package kinds

import (
	"errors"

	"github.com/sfbench/sfbench/optim"
)

// The textbook x, y, z forms of schedule-free SGD and AdamW
// (optim.NewReferenceSF). Unlike the memory-efficient kinds they take the
// family's end points, momentum (beta1) 0: Polyak-Ruppert averaging of z,
// and 1: primal averaging, the gradient at the average.
func init() {
	Register(Kind{
		Name:            "sf-sgd-reference",
		Doc:             "schedule-free SGD in the textbook x, y, z form; momentum may be 0 (Polyak) or 1 (primal)",
		Settings:        sfSGDDefaults,
		ScheduleFree:    true,
		EndPointSetting: "momentum",
		New: func(settings any, b Build) (optim.Optimizer, error) {
			c, err := settings.(*SFSGDSettings).config(b)
			if err != nil {
				return nil, err
			}
			return optim.NewReferenceSF(c)
		},
	})
	Register(Kind{
		Name:            "sf-adamw-reference",
		Doc:             "schedule-free AdamW in the textbook x, y, z form (official AdamWScheduleFreeReference); beta1 may be 0 (Polyak) or 1 (primal averaging)",
		Settings:        sfAdamWDefaults,
		ScheduleFree:    true,
		EndPointSetting: "beta1",
		New: func(settings any, b Build) (optim.Optimizer, error) {
			s := settings.(*SFAdamWSettings)
			c, err := s.config(optim.MethodAdamW, b)
			if err != nil {
				return nil, err
			}
			if s.SGDPhase {
				return nil, errors.New("sgd_phase applies to sf-radam only")
			}
			return optim.NewReferenceSF(c)
		},
	})
}
