package harness

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"github.com/sfbench/sfbench/internal/buildinfo"
	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/suites"
)

// cancelCheck is how many steps pass between checks for cancellation.
const cancelCheck = 64

// checkpointing says where and how often a cell saves its state: every
// Steps steps if set, else every Interval of wall time; never without Dir.
type checkpointing struct {
	Dir      string
	Steps    int
	Interval time.Duration
}

// runCell runs one cell to its horizon (or divergence) and returns its
// record; ok is false when ctx was cancelled before the cell finished (its
// progress is then checkpointed). A cell with a checkpoint continues from it.
func runCell(ctx context.Context, s *suites.Suite, c suites.Cell, env record.Environment, cp checkpointing, steps *atomic.Int64) (rec record.Record, ok bool) {
	rec = record.Record{
		ID: c.ID, Suite: c.Suite, SuiteDescription: s.Description, Phase: c.Phase, SuiteSettings: s.Settings,
		Metric: s.Protocol.Metric, Goal: s.Protocol.Goal,
		SelectMetric: s.Protocol.Select, SelectGoal: s.Protocol.SelectGoal, Baseline: s.Protocol.Baseline,
		ProblemIndex: c.ProblemIndex, OptimizerIndex: c.OptimizerIndex,
		Problem: c.Problem.Name, ProblemKind: c.Problem.Kind, ProblemOptions: c.Problem.OptionsMap(),
		Optimizer: c.Optimizer.Name, OptimizerKind: c.Optimizer.Kind, Hyper: c.Optimizer.Hyper(), Grid: c.Optimizer.GridPoint(),
		ScheduleFree: new(c.Optimizer.ScheduleFree()),
		Averaging:    new(c.Optimizer.Averaging()), LR: c.LR, Seed: c.Seed, DataSeed: c.DataSeed, Horizon: c.Horizon, EvalAt: s.Eval.At,
		Diagnostics: s.Eval.Diagnostics, Widened: c.Widened, Environment: env, Curve: []record.Point{},
	}
	if t, ok := s.Protocol.Targets[c.Problem.Name]; ok {
		rec.Target = &t
	}
	var t timer
	start := time.Now()
	defer func() { t.fill(&rec, start) }()
	fail := func(err error) (record.Record, bool) {
		rec.Status, rec.Error = record.StatusError, err.Error()
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
	next, first := 0, 0
	guard := divergenceGuard{rule: s.Divergence}
	restored := false
	if cp.Dir != "" {
		// A checkpoint is an optimization: one that cannot be read or does
		// not fit is noted and the cell starts over from scratch, never
		// recorded as a failure of the cell.
		saved, err := loadCheckpoint(cp.Dir, c.ID)
		if err == nil && saved != nil {
			err = restore(saved, w, opt, p)
		}
		switch {
		case err != nil:
			rec.Warnings = append(rec.Warnings, fmt.Sprintf("checkpoint ignored, cell restarted: %v", err))
			p.Init(w)
			if opt, err = c.Optimizer.New(c.LR, c.Horizon); err != nil {
				return fail(err)
			}
		case saved != nil:
			restored = true
			first, rec.Steps, rec.InitialLoss, rec.Curve = saved.Steps, saved.Steps, record.Value(saved.InitialLoss), saved.Curve
			rec.Initial = saved.Initial
			t.restore(saved)
			guard.peak, guard.above = saved.PeakLossRatio, saved.Above
			for next < len(evalAt) && evalAt[next] <= first {
				next++
			}
		}
	}
	t.setupDone()
	if !restored {
		// The starting point, measured like every evaluation (the ratios of
		// the divergence rule are relative to its training loss).
		pt := t.evaluateAll(p, opt, w, x, s.Eval, 0, math.NaN())
		rec.Initial = pt.Metrics
	}
	guard.initial = float64(rec.Initial[problems.TrainLoss])
	save := func() error {
		ck := &checkpoint{Version: buildinfo.Version, ID: c.ID, Steps: rec.Steps, InitialLoss: float64(rec.InitialLoss), Curve: rec.Curve,
			Initial: rec.Initial, PeakLossRatio: guard.peak, Above: guard.above, W: w}
		t.save(ck, start)
		var err error
		if ck.Optimizer, err = opt.MarshalBinary(); err != nil {
			return err
		}
		if st, ok := p.(problems.Stateful); ok {
			ck.Problem = st.State()
		}
		return ck.save(cp.Dir)
	}
	lastSave, saveFailed := time.Now(), false
	rec.Status = record.StatusOK
	for k := first; k < c.Horizon; k++ {
		if k%cancelCheck == 0 {
			if steps != nil {
				steps.Store(int64(k)) // for the progress display
			}
			if ctx.Err() != nil {
				if cp.Dir != "" && k > first {
					t.pause()
					save() // best effort: the cell reruns from its last checkpoint otherwise
				}
				return rec, false
			}
		}
		if cp.Dir != "" && k > first && (cp.Steps > 0 && k%cp.Steps == 0 ||
			cp.Steps == 0 && cp.Interval > 0 && time.Since(lastSave) >= cp.Interval) {
			t.pause()
			if err := save(); err != nil && !saveFailed {
				// Training goes on without checkpoints; the record says so.
				saveFailed = true
				rec.Warnings = append(rec.Warnings, fmt.Sprintf("checkpoints could not be written: %v", err))
			}
			lastSave = time.Now()
			t.resume()
		}
		loss := p.LossGrad(w, g, k)
		if k == 0 {
			rec.InitialLoss = record.Value(loss)
		}
		if !finite(loss) {
			rec.Status, rec.DivergedStep = record.StatusDiverged, k
			// The point before this step was evaluated already if it was
			// on the cadence; otherwise evaluate it now.
			if n := len(rec.Curve); n == 0 || rec.Curve[n-1].Step != k {
				diag := t.diagnostics(s.Eval, opt, w, g) // g: this step's gradient, not taken
				pt := t.evaluateAll(p, opt, w, x, s.Eval, k, loss)
				pt.Diag = diag
				rec.Curve = append(rec.Curve, pt)
			}
			break
		}
		opt.Step(w, g)
		rec.Steps = k + 1
		if next < len(evalAt) && rec.Steps == evalAt[next] {
			next++
			diag := t.diagnostics(s.Eval, opt, w, g) // first: g and w as the last step left them
			pt := t.evaluateAll(p, opt, w, x, s.Eval, rec.Steps, loss)
			pt.Diag = diag
			rec.Curve = append(rec.Curve, pt)
			if guard.diverged(pt.Metrics[problems.TrainLoss], w) {
				rec.Status, rec.DivergedStep = record.StatusDiverged, rec.Steps
				break
			}
		}
	}
	rec.PeakLossRatio = record.Value(guard.peak)
	last := rec.Curve[len(rec.Curve)-1]
	rec.Final, rec.FinalAt = last.Metrics, last.At
	return rec, true
}

// restore loads a checkpoint into the parameters, optimizer and problem.
func restore(ck *checkpoint, w []float64, opt optim.Optimizer, p problems.Problem) error {
	if len(ck.W) != len(w) {
		return fmt.Errorf("checkpoint has %d parameters, the problem %d", len(ck.W), len(w))
	}
	copy(w, ck.W)
	if err := opt.UnmarshalBinary(ck.Optimizer); err != nil {
		return err
	}
	if st, ok := p.(problems.Stateful); ok {
		return st.SetState(ck.Problem)
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// divergenceGuard applies the suite's divergence rule at evaluations: a
// non-finite full-batch training loss or parameter always diverges; with
// the opt-in factor, so do patience consecutive evaluations whose training
// loss is above factor × the initial one. It also tracks the peak ratio.
type divergenceGuard struct {
	rule    suites.Divergence
	initial float64 // full-batch training loss at the starting point
	peak    float64 // largest loss / initial seen
	above   int     // consecutive evaluations above the factor
}

func (d *divergenceGuard) diverged(trainLoss record.Value, w []float64) bool {
	l := float64(trainLoss)
	if !finite(l) {
		return true
	}
	for _, v := range w {
		if !finite(v) {
			return true
		}
	}
	if !(d.initial > 0) || !finite(d.initial) {
		return false
	}
	ratio := l / d.initial
	d.peak = max(d.peak, ratio)
	if d.rule.Factor == 0 {
		return false
	}
	if ratio > d.rule.Factor {
		d.above++
	} else {
		d.above = 0
	}
	return d.above >= d.rule.Patience
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
	r, ok := p.(problems.Recalibrator)
	if !ok || same(x, w) {
		return record.Point{Step: step, Loss: record.Value(loss), Metrics: record.FromMap(p.Evaluate(x))}
	}
	// Evaluated away from the training point, a model with BatchNorm is
	// measured twice: with the running statistics tracked while training
	// (reported as stale_bn_*, what forgetting to recalibrate gives) and
	// with statistics recomputed at x (the metrics proper). The tracked
	// statistics are restored afterwards, so evaluating changes nothing.
	metrics := record.Metrics{}
	var saved []byte
	if st, ok := p.(problems.Stateful); ok {
		saved = st.State()
	}
	if len(saved) > 0 {
		for k, v := range p.Evaluate(x) {
			metrics[StaleBNPrefix+k] = record.Value(v)
		}
	}
	r.Recalibrate(x)
	for k, v := range p.Evaluate(x) {
		metrics[k] = record.Value(v)
	}
	if len(saved) > 0 {
		p.(problems.Stateful).SetState(saved)
	}
	return record.Point{Step: step, Loss: record.Value(loss), Metrics: metrics}
}

// StaleBNPrefix marks the metrics measured at x with the BatchNorm
// statistics tracked during training, without recomputing them at x.
const StaleBNPrefix = "stale_bn_"

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
