package harness

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/sfbench/sfbench/harness/record"
	"github.com/sfbench/sfbench/internal/buildinfo"
	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/suites"
)

// cancelCheck is how many steps pass between checks for cancellation.
const cancelCheck = 64

// runCell runs one cell to its horizon (or divergence) and returns its
// record; ok is false when ctx was cancelled before the cell finished.
func runCell(ctx context.Context, s *suites.Suite, c suites.Cell, env buildinfo.Environment) (rec record.Record, ok bool) {
	rec = record.Record{
		ID: c.ID, Suite: c.Suite, SuiteDescription: s.Description, Phase: c.Phase,
		Metric: s.Protocol.Metric, Goal: s.Protocol.Goal,
		ProblemIndex: c.ProblemIndex, OptimizerIndex: c.OptimizerIndex,
		Problem: c.Problem.Name, ProblemKind: c.Problem.Kind, ProblemOptions: c.Problem.OptionsMap(),
		Optimizer: c.Optimizer.Name, OptimizerKind: c.Optimizer.Kind, Hyper: c.Optimizer.Hyper(),
		LR: c.LR, Seed: c.Seed, DataSeed: c.DataSeed, Horizon: c.Horizon, EvalAt: s.Eval.At,
		Environment: env, Curve: []record.Point{},
	}
	start := time.Now()
	defer func() {
		rec.WallSeconds = time.Since(start).Seconds()
		if rec.WallSeconds > 0 {
			rec.StepsPerSec = float64(rec.Steps) / rec.WallSeconds
		}
	}()
	fail := func(err error) (record.Record, bool) {
		rec.Status, rec.Error = record.Failed, err.Error()
		return rec, true
	}
	p, err := c.Problem.New(c.DataSeed)
	if err != nil {
		return fail(err)
	}
	opt, err := c.Optimizer.New(c.LR, c.Horizon)
	if err != nil {
		return fail(err)
	}
	n := p.Dim()
	w, g, x := make([]float64, n), make([]float64, n), make([]float64, n)
	p.Init(w)
	evalAt := s.Eval.Steps(c.Horizon)
	next := 0
	rec.Status = record.OK
	for k := 0; k < c.Horizon; k++ {
		if k%cancelCheck == 0 && ctx.Err() != nil {
			return rec, false
		}
		loss := p.LossGrad(w, g, k)
		if k == 0 {
			rec.InitialLoss = loss
		}
		if diverged(loss, rec.InitialLoss, s.Divergence) {
			rec.Status, rec.DivergedStep = record.Diverged, k
			rec.Curve = append(rec.Curve, evaluate(p, opt, w, x, s.Eval.At, k, loss))
			break
		}
		opt.Step(w, g)
		rec.Steps = k + 1
		if next < len(evalAt) && rec.Steps == evalAt[next] {
			next++
			pt := evaluate(p, opt, w, x, s.Eval.At, rec.Steps, loss)
			rec.Curve = append(rec.Curve, pt)
			if l, ok := pt.Metrics[problems.TrainLoss]; ok && diverged(float64(l), rec.InitialLoss, s.Divergence) {
				rec.Status, rec.DivergedStep = record.Diverged, rec.Steps
				break
			}
		}
	}
	rec.Final = rec.Curve[len(rec.Curve)-1].Metrics
	return rec, true
}

// diverged: the loss is not finite, or exceeds factor × the initial loss
// (when that is positive).
func diverged(loss, initial, factor float64) bool {
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return true
	}
	return initial > 0 && loss > factor*initial
}

// evaluate computes the metrics at the requested point: x (the optimizer's
// evaluation point), y (the training point) or z (the base sequence, for
// optimizers that keep one). BatchNorm statistics are recomputed when the
// point differs from the one the model trained at.
func evaluate(p problems.Problem, opt optim.Optimizer, w, x []float64, at string, step int, loss float64) record.Point {
	switch at {
	case "y":
		copy(x, w)
	case "z":
		if z, ok := opt.(optim.Zer); ok && z.Z() != nil {
			copy(x, z.Z())
		} else {
			opt.EvalPoint(x, w)
		}
	default:
		opt.EvalPoint(x, w)
	}
	if r, ok := p.(problems.Recalibrator); ok && !same(x, w) {
		r.Recalibrate(x)
	}
	return record.Point{Step: step, Loss: record.Value(loss), Metrics: record.FromMap(p.Evaluate(x))}
}

func same(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// describe names a cell in progress lines and errors.
func describe(c suites.Cell) string {
	return fmt.Sprintf("%s/%s lr=%g seed=%d", c.Problem.Name, c.Optimizer.Name, c.LR, c.Seed)
}
