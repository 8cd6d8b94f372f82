package replay

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sfbench/sfbench/optim"
)

// hyper reads a case's hyperparameters, remembering which keys were used so
// that unknown ones are reported instead of silently ignored.
type hyper struct {
	m    map[string]any
	used map[string]bool
	err  error
}

func (h *hyper) get(key string) (any, bool) {
	v, ok := h.m[key]
	if ok {
		h.used[key] = true
	}
	return v, ok
}

func (h *hyper) float(key string, dst *float64) {
	v, ok := h.get(key)
	if !ok || h.err != nil {
		return
	}
	f, isNum := v.(float64)
	if !isNum {
		h.err = fmt.Errorf("hyperparameter %s: want a number, got %v", key, v)
		return
	}
	*dst = f
}

func (h *hyper) int(key string, dst *int) {
	var f float64 = float64(*dst)
	h.float(key, &f)
	if h.err == nil && f != float64(int(f)) {
		h.err = fmt.Errorf("hyperparameter %s: want an integer, got %v", key, f)
	}
	*dst = int(f)
}

func (h *hyper) bool(key string, dst *bool) {
	v, ok := h.get(key)
	if !ok || h.err != nil {
		return
	}
	b, isBool := v.(bool)
	if !isBool {
		h.err = fmt.Errorf("hyperparameter %s: want true or false, got %v", key, v)
		return
	}
	*dst = b
}

func (h *hyper) pair(key string, a, b *float64) {
	v, ok := h.get(key)
	if !ok || h.err != nil {
		return
	}
	l, isList := v.([]any)
	if !isList || len(l) != 2 {
		h.err = fmt.Errorf("hyperparameter %s: want a pair of numbers, got %v", key, v)
		return
	}
	x, ok1 := l[0].(float64)
	y, ok2 := l[1].(float64)
	if !ok1 || !ok2 {
		h.err = fmt.Errorf("hyperparameter %s: want a pair of numbers, got %v", key, v)
		return
	}
	*a, *b = x, y
}

func (h *hyper) string(key string) string {
	v, ok := h.get(key)
	if !ok || h.err != nil {
		return ""
	}
	s, isString := v.(string)
	if !isString {
		h.err = fmt.Errorf("hyperparameter %s: want a string, got %v", key, v)
	}
	return s
}

// finish reports the first error, or the keys nobody read.
func (h *hyper) finish() error {
	if h.err != nil {
		return h.err
	}
	var unknown []string
	for k := range h.m {
		if !h.used[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("unknown hyperparameter(s) %s", strings.Join(unknown, ", "))
	}
	return nil
}

func (h *hyper) sf(cfg optim.SFConfig) optim.SFConfig {
	h.float("lr", &cfg.LR)
	if cfg.Method == optim.MethodSGD {
		h.float("momentum", &cfg.Beta1)
	} else {
		h.pair("betas", &cfg.Beta1, &cfg.Beta2)
		h.float("eps", &cfg.Eps)
	}
	h.float("weight_decay", &cfg.WeightDecay)
	if cfg.Method != optim.MethodRAdam {
		h.int("warmup_steps", &cfg.Warmup)
	} else {
		silent := true
		h.bool("silent_sgd_phase", &silent)
		cfg.SGDPhase = !silent
	}
	h.float("r", &cfg.R)
	h.float("weight_lr_power", &cfg.WeightLRPower)
	return cfg
}

// torchSGD reads torch.optim.SGD's arguments; prefix is "" or "base_".
func (h *hyper) torchSGD(prefix string, sched optim.Schedule) optim.SGDConfig {
	cfg := optim.SGDConfig{Schedule: sched}
	h.float(prefix+"lr", &cfg.LR)
	h.float(prefix+"momentum", &cfg.Momentum)
	h.float(prefix+"dampening", &cfg.Dampening)
	h.bool(prefix+"nesterov", &cfg.Nesterov)
	h.float(prefix+"weight_decay", &cfg.WeightDecay)
	useSequence(&cfg.LR, sched)
	return cfg
}

// torchAdamW reads torch.optim.AdamW's arguments; prefix is "" or "base_".
func (h *hyper) torchAdamW(prefix string, sched optim.Schedule) optim.AdamWConfig {
	cfg := optim.DefaultAdamW()
	cfg.Schedule = sched
	h.float(prefix+"lr", &cfg.LR)
	h.pair(prefix+"betas", &cfg.Beta1, &cfg.Beta2)
	h.float(prefix+"eps", &cfg.Eps)
	h.float(prefix+"weight_decay", &cfg.WeightDecay)
	useSequence(&cfg.LR, sched)
	amsgrad := false
	h.bool(prefix+"amsgrad", &amsgrad)
	if amsgrad && h.err == nil {
		h.err = fmt.Errorf("amsgrad is not supported")
	}
	return cfg
}

// useSequence makes a recorded learning-rate sequence replace the base rate,
// as setting the rate before every step did when the case was recorded.
func useSequence(lr *float64, sched optim.Schedule) {
	if _, ok := sched.(optim.Sequence); ok {
		*lr = 1
	}
}

// torchBase builds the base optimizer named by kind ("SGD" or "AdamW").
func (h *hyper) torchBase(kind, prefix string, sched optim.Schedule) (optim.Optimizer, error) {
	switch kind {
	case "SGD":
		cfg := h.torchSGD(prefix, sched)
		if h.err != nil {
			return nil, h.err
		}
		return optim.NewSGD(cfg)
	case "AdamW":
		cfg := h.torchAdamW(prefix, sched)
		if h.err != nil {
			return nil, h.err
		}
		return optim.NewAdamW(cfg)
	}
	return nil, fmt.Errorf("unknown base optimizer %q (want SGD or AdamW)", kind)
}

// Build constructs the sfbench optimizer equivalent to a case's official
// optimizer and hyperparameters.
func Build(c Case) (optim.Optimizer, error) {
	h := &hyper{m: c.Hyper, used: map[string]bool{}}
	var sched optim.Schedule
	if c.LRSequence != nil {
		sched = optim.Sequence(c.LRSequence)
	}
	torch := strings.HasPrefix(c.Optimizer, "torch.optim.")
	if sched != nil && !torch {
		return nil, fmt.Errorf("lr_sequence is supported for torch.optim baselines only, not %s", c.Optimizer)
	}
	var (
		opt optim.Optimizer
		err error
	)
	name := c.Optimizer
	switch {
	case name == "SGDScheduleFree":
		opt, err = optim.NewScheduleFree(h.sf(optim.DefaultSFSGD()))
	case name == "AdamWScheduleFree":
		opt, err = optim.NewScheduleFree(h.sf(optim.DefaultSFAdamW()))
	case name == "AdamWScheduleFreePaper":
		opt, err = optim.NewScheduleFree(h.sf(optim.DefaultSFAdamWPaper()))
	case name == "SGDScheduleFreeReference":
		opt, err = optim.NewReferenceSF(h.sf(optim.DefaultSFSGD()))
	case name == "AdamWScheduleFreeReference":
		opt, err = optim.NewReferenceSF(h.sf(optim.DefaultSFAdamW()))
	case name == "RAdamScheduleFree":
		opt, err = optim.NewScheduleFree(h.sf(optim.DefaultSFRAdam()))
	case strings.HasPrefix(name, "ScheduleFreeWrapper"):
		var base optim.Optimizer
		base, err = h.torchBase(h.string("base"), "base_", nil)
		if err != nil {
			break
		}
		cfg := optim.DefaultWrapper()
		h.float("momentum", &cfg.Momentum)
		h.float("weight_decay_at_y", &cfg.WeightDecayAtY)
		h.float("r", &cfg.R)
		h.float("weight_lr_power", &cfg.WeightLRPower)
		opt, err = optim.NewWrapper(base, cfg)
	case name == "torch.optim.SGD":
		opt, err = h.torchBase("SGD", "", sched)
	case name == "torch.optim.AdamW":
		opt, err = h.torchBase("AdamW", "", sched)
	case name == "torch.optim.SGD + swa_utils.AveragedModel":
		var base optim.Optimizer
		if base, err = h.torchBase("SGD", "", sched); err == nil {
			opt, err = optim.NewAveraged(base, optim.AveragingConfig{Kind: optim.Polyak})
		}
	default:
		return nil, fmt.Errorf("unknown optimizer %q", name)
	}
	if herr := h.finish(); err == nil && herr != nil {
		err = herr
	}
	if err != nil {
		return nil, err
	}
	return opt, nil
}
