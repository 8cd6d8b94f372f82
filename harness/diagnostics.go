package harness

import (
	"time"

	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/suites"
)

// diagnostics returns what the suite's eval: {diagnostics: true} records
// at an evaluation, nil without it: the optimizer's diagnostics after the
// steps taken (optim.Diagnoser; an optimizer that is none reports only the
// gradient) and the norm of g, the last minibatch gradient the problem
// computed (at the training point w, before any weight decay the
// optimizer adds). It reads the optimizer, w and g and writes none of
// them, so the run goes on bit-identically; the time counts as
// evaluation.
func (t *timer) diagnostics(e suites.Eval, opt optim.Optimizer, w, g []float64) *record.Diagnostics {
	if !e.Diagnostics {
		return nil
	}
	t0 := time.Now()
	defer func() { t.eval += time.Since(t0) }()
	out := &record.Diagnostics{GradNorm: value(optim.Norm(g))}
	if d, ok := opt.(optim.Diagnoser); ok {
		got := d.Diagnose(w)
		for _, q := range []struct {
			has optim.Quantities
			v   float64
			to  **record.Value
		}{
			{optim.HasLR, got.LR, &out.LR},
			{optim.HasC, got.C, &out.C},
			{optim.HasXMinusZ, got.XMinusZ, &out.XMinusZ},
			{optim.HasYMinusX, got.YMinusX, &out.YMinusX},
		} {
			if got.Has&q.has != 0 {
				*q.to = value(q.v)
			}
		}
	}
	return out
}

func value(v float64) *record.Value { return new(record.Value(v)) }
