package harness

import (
	"github.com/sfbench/sfbench/suites"
	"time"

	"github.com/sfbench/sfbench/optim"
	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/record"
)

// timer splits a cell's wall time into set-up (building the problem and
// optimizer, restoring a checkpoint), evaluations, and training: the rest
// after set-up, less evaluations and checkpoint writes. Sums restored from
// a checkpoint are added, so a resumed cell reports the time of all its
// completed steps.
type timer struct {
	prior    [4]float64 // wall, train, eval, setup seconds from a checkpoint
	setupEnd time.Time
	eval     time.Duration
	paused   time.Duration // checkpoint writes
	pausedAt time.Time     // zero when not paused
}

func (t *timer) restore(ck *checkpoint) {
	t.prior = [4]float64{ck.Seconds, ck.TrainSeconds, ck.EvalSeconds, ck.SetupSeconds}
}

func (t *timer) setupDone() { t.setupEnd = time.Now() }

func (t *timer) pause() { t.pausedAt = time.Now() }

func (t *timer) resume() {
	t.paused += time.Since(t.pausedAt)
	t.pausedAt = time.Time{}
}

// evaluate is the package's evaluate, timed.
func (t *timer) evaluate(p problems.Problem, opt optim.Optimizer, w, x []float64, at string, step int, loss float64) record.Point {
	t0 := time.Now()
	pt := evaluate(p, opt, w, x, at, step, loss)
	t.eval += time.Since(t0)
	return pt
}

// evaluateAll evaluates at the suite's point (e.At) and at each of its
// other points (e.Also, into the point's At), all timed as evaluation.
func (t *timer) evaluateAll(p problems.Problem, opt optim.Optimizer, w, x []float64, e suites.Eval, step int, loss float64) record.Point {
	pt := t.evaluate(p, opt, w, x, e.At, step, loss)
	for _, at := range e.Also {
		if pt.At == nil {
			pt.At = map[string]record.Metrics{}
		}
		pt.At[at] = t.evaluate(p, opt, w, x, at, step, loss).Metrics
	}
	return pt
}

// totals returns wall, train, eval and setup seconds up to now.
func (t *timer) totals(start time.Time) (wall, train, eval, setup float64) {
	now := time.Now()
	end := now
	if !t.pausedAt.IsZero() {
		end = t.pausedAt
	}
	wall = t.prior[0] + now.Sub(start).Seconds()
	if t.setupEnd.IsZero() { // failed while setting up
		return wall, t.prior[1], t.prior[2], t.prior[3] + now.Sub(start).Seconds()
	}
	train = t.prior[1] + (end.Sub(t.setupEnd) - t.eval - t.paused).Seconds()
	return wall, max(train, t.prior[1]), t.prior[2] + t.eval.Seconds(), t.prior[3] + t.setupEnd.Sub(start).Seconds()
}

// save puts the sums so far into a checkpoint.
func (t *timer) save(ck *checkpoint, start time.Time) {
	ck.Seconds, ck.TrainSeconds, ck.EvalSeconds, ck.SetupSeconds = t.totals(start)
}

// fill writes the timing fields of a finished cell's record.
func (t *timer) fill(rec *record.Record, start time.Time) {
	rec.WallSeconds, rec.TrainSeconds, rec.EvalSeconds, rec.SetupSeconds = t.totals(start)
	rec.StepsPerSec = 0
	if rec.TrainSeconds > 0 {
		rec.StepsPerSec = float64(rec.Steps) / rec.TrainSeconds
	}
}
