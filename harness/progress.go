package harness

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sfbench/sfbench/suites"
)

// Progress of a run, by training steps: how far the cells that finished
// and those running have come (a running cell reports its steps every 64),
// how many run, diverged or failed, and an ETA from the steps per second
// so far.
//
// Run writes it to Options.Progress. A plain writer gets a line when a
// cell ends, at most every 10 s, and one at the end of each phase. A
// Display (NewDisplay) is the command line's: on a terminal a bar
// redrawn twice a second while cells run, otherwise a line every
// DisplayOptions.Every; Close stops it.

// Display is a live progress display for Run: pass it as Options.Progress
// and Close it when Run returns.
type Display struct {
	w     io.Writer
	tty   bool
	every time.Duration
	now   func() time.Time

	mu        sync.Mutex
	plan      []suites.Cell // the first phase's cells, for its steps
	phases    int           // phases begun
	cur       *progress     // the phase running (nil: none yet)
	drawn     bool          // a bar is on the terminal's last line
	stop      chan struct{}
	stopped   chan struct{}
	closeOnce sync.Once
}

// DisplayOptions configures a Display.
type DisplayOptions struct {
	// Plan is the cells Run starts with (Shard.Cells): the steps of a
	// phase are counted from them. Without a plan, or when some are done
	// already, a phase's steps are its cell count times their mean horizon.
	Plan []suites.Cell
	// Every is how often a line is printed when the writer is not a
	// terminal (default 30 s). A terminal's bar is redrawn every 500 ms.
	Every time.Duration
}

// tick is how often a terminal's bar is redrawn.
const tick = 500 * time.Millisecond

// NewDisplay returns a running display on w, a terminal (a character
// device) or not.
func NewDisplay(w io.Writer, o DisplayOptions) *Display {
	return newDisplay(w, o, isTerminal(w), time.Now)
}

func newDisplay(w io.Writer, o DisplayOptions, tty bool, now func() time.Time) *Display {
	if o.Every <= 0 {
		o.Every = 30 * time.Second
	}
	d := &Display{w: w, tty: tty, every: o.Every, now: now, plan: o.Plan,
		stop: make(chan struct{}), stopped: make(chan struct{})}
	period := o.Every
	if tty {
		period = tick
	}
	go d.loop(period)
	return d
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (d *Display) loop(period time.Duration) {
	defer close(d.stopped)
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-d.stop:
			return
		case <-t.C:
			d.mu.Lock()
			if d.cur != nil && d.cur.done < d.cur.total {
				d.draw(d.cur)
			}
			d.mu.Unlock()
		}
	}
}

// Close stops the display and ends a bar left drawn (an interrupted run).
// A nil Display is closed.
func (d *Display) Close() {
	if d == nil {
		return
	}
	d.closeOnce.Do(func() {
		close(d.stop)
		<-d.stopped
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.drawn {
			fmt.Fprintln(d.w)
			d.drawn = false
		}
	})
}

// Write writes p (whole lines) above the bar.
func (d *Display) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.clear()
	n, err := d.w.Write(p)
	if d.cur != nil && d.tty && d.cur.done < d.cur.total {
		d.draw(d.cur)
	}
	return n, err
}

// clear removes a drawn bar; d.mu is held.
func (d *Display) clear() {
	if d.drawn {
		fmt.Fprint(d.w, "\r\033[K")
		d.drawn = false
	}
}

// draw shows p: the bar on a terminal, else a line; d.mu is held.
func (d *Display) draw(p *progress) {
	now := d.now()
	if !d.tty {
		fmt.Fprintln(d.w, p.line(now))
		return
	}
	fmt.Fprint(d.w, "\r\033[K"+p.bar(now, 79))
	d.drawn = true
}

// phase begins the next phase of total cells.
func (d *Display) phase(total int) *progress {
	d.mu.Lock()
	defer d.mu.Unlock()
	p := &progress{mu: &d.mu, d: d, total: total, start: d.now(), now: d.now,
		running: map[string]runningCell{}, rates: map[string]rate{}}
	var steps int
	for _, c := range d.plan {
		steps += c.Horizon
	}
	switch {
	case d.phases == 0 && len(d.plan) == total:
		p.totalSteps = steps
		p.pending = make(map[string]suites.Cell, total)
		for _, c := range d.plan {
			p.pending[c.ID] = c
		}
	case len(d.plan) > 0:
		// Both phases of tune-then-seeds have the same number of cells per
		// problem × optimizer × horizon, so the plan's mean horizon is the
		// seeds phase's too.
		p.totalSteps = total * steps / len(d.plan)
	}
	p.meanKnown = len(d.plan) > 0
	if d.cur != nil {
		// The seeds phase runs the tuned problems again: their rates hold.
		p.rate = d.cur.rate
		for k, r := range d.cur.rates {
			p.rates[k] = r
		}
	}
	d.phases++
	d.clear()
	d.cur = p
	return p
}

// progress is one phase of a run (a call of runner.run).
type progress struct {
	mu  *sync.Mutex
	d   *Display  // nil: plain lines on w
	w   io.Writer // without a Display
	now func() time.Time

	total, done, diverged, failed int
	running                       map[string]runningCell
	totalSteps                    int  // estimated from the plan, or from the cells started (meanKnown false)
	meanKnown                     bool // totalSteps came from a plan
	startedSteps, nStarted        int  // horizons of the cells started
	doneSteps                     int  // horizons of the cells finished
	maxRunning                    int
	pending                       map[string]suites.Cell // the cells not started, when the plan says which (else nil)
	rates                         map[string]rate        // of the cells finished ok, by problem
	rate                          rate                   // of all of them
	shown                         int                    // the most steps estimated so far
	start, last                   time.Time
}

type runningCell struct {
	since   time.Time
	horizon int
	problem string
	steps   *atomic.Int64 // the steps it has done, stored by the training loop
}

// rate is the steps of the cells finished ok and the seconds they took.
type rate struct {
	steps   int
	seconds float64
}

// perSecond is the steps per second of one cell, 0 if unknown.
func (r rate) perSecond() float64 {
	if r.seconds <= 0 {
		return 0
	}
	return float64(r.steps) / r.seconds
}

// rateOf is the steps per second of one cell of a problem: its own
// cells', else all cells' (0 before any cell finished ok); but no faster
// than its running cells allow, which have not finished yet (their horizon
// over their age: a problem slower than those seen so far). A running
// cell's steps so far are not used here: they include its set-up and
// first evaluation, so a cell just started would slow every cell left.
func (p *progress) rateOf(problem string, now time.Time) float64 {
	r := p.rates[problem].perSecond()
	if r == 0 {
		r = p.rate.perSecond()
	}
	for _, rc := range p.running {
		if age := now.Sub(rc.since).Seconds(); rc.problem == problem && age > 0 {
			r = min(r, float64(rc.horizon)/age)
		}
	}
	return r
}

// plainInterval is how often a plain writer gets a line.
const plainInterval = 10 * time.Second

func newProgress(w io.Writer, total int) *progress {
	if d, ok := w.(*Display); ok {
		return d.phase(total)
	}
	return &progress{mu: new(sync.Mutex), w: w, total: total, start: time.Now(), now: time.Now,
		running: map[string]runningCell{}, rates: map[string]rate{}}
}

// started notes that c began; the cell stores the steps it has done in the
// counter returned (nil when nothing shows progress).
func (p *progress) started(c suites.Cell) *atomic.Int64 {
	if p.w == nil && p.d == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	steps := new(atomic.Int64)
	p.running[c.ID] = runningCell{p.now(), c.Horizon, c.Problem.Name, steps}
	p.maxRunning = max(p.maxRunning, len(p.running))
	delete(p.pending, c.ID)
	p.nStarted++
	p.startedSteps += c.Horizon
	if !p.meanKnown {
		p.totalSteps = p.total * p.startedSteps / p.nStarted
	}
	return steps
}

func (p *progress) finished(c suites.Cell, status string) {
	if p.w == nil && p.d == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if rc, ok := p.running[c.ID]; ok {
		if status == "ok" {
			took := now.Sub(rc.since).Seconds()
			r := p.rates[c.Problem.Name]
			r.steps, r.seconds = r.steps+c.Horizon, r.seconds+took
			p.rates[c.Problem.Name] = r
			p.rate.steps, p.rate.seconds = p.rate.steps+c.Horizon, p.rate.seconds+took
		}
		delete(p.running, c.ID)
	}
	p.done++
	p.doneSteps += c.Horizon
	switch status {
	case "ok":
	case "diverged":
		p.diverged++
	default:
		p.failed++
	}
	if p.d != nil {
		if status != "ok" {
			p.d.clear()
			fmt.Fprintf(p.d.w, "%s: %s\n", describe(c), status)
		}
		if p.done == p.total || p.d.tty {
			p.d.draw(p)
			if p.done == p.total && p.d.tty {
				fmt.Fprintln(p.d.w)
				p.d.drawn = false
			}
		}
		return
	}
	if status != "ok" {
		fmt.Fprintf(p.w, "%s: %s\n", describe(c), status)
	}
	if now.Sub(p.last) >= plainInterval || p.done == p.total {
		p.last = now
		fmt.Fprintln(p.w, p.line(now))
	}
}

// estimate is how many steps are done (the finished cells' horizons and
// the steps the running cells reported), never fewer than shown before;
// and the ETA: the steps left, a running cell's at its own rate so far
// and the others' at their problem's rate where the cells left are known
// (else at the rate of all), over the cells running at once ("?" before
// any cell finished ok). p.mu is held.
func (p *progress) estimate(now time.Time) (steps, total int, eta string) {
	steps = p.doneSteps
	var cellSeconds float64 // of work left, on one worker
	for _, rc := range p.running {
		done := min(int(rc.steps.Load()), rc.horizon)
		steps += done
		r := p.rateOf(rc.problem, now)
		if age := now.Sub(rc.since).Seconds(); done > 0 && age > 0 {
			r = float64(done) / age // its own rate, for its own steps left
		}
		if r > 0 {
			cellSeconds += float64(rc.horizon-done) / r
		}
	}
	steps = max(steps, p.shown)
	p.shown = steps
	total = max(p.totalSteps, steps)
	if p.done == p.total {
		return max(p.doneSteps, 1), max(p.doneSteps, 1), "0s"
	}
	all := p.rate.perSecond()
	if all == 0 {
		return steps, total, "?"
	}
	if p.pending != nil {
		for _, c := range p.pending {
			cellSeconds += float64(c.Horizon) / p.rateOf(c.Problem.Name, now)
		}
	} else if left := p.total - p.nStarted; left > 0 {
		cellSeconds += float64(left) * float64(p.totalSteps) / float64(max(p.total, 1)) / all
	}
	left := time.Duration(cellSeconds / float64(max(p.maxRunning, 1)) * float64(time.Second))
	return steps, total, left.Round(time.Second).String()
}

// line is the plain progress line.
func (p *progress) line(now time.Time) string {
	steps, total, eta := p.estimate(now)
	return fmt.Sprintf("progress: %d%% of %s steps, %d/%d cells done, %d running, %d diverged, %d failed, elapsed %s, eta %s",
		percent(steps, total), count(total), p.done, p.total, len(p.running), p.diverged, p.failed,
		now.Sub(p.start).Round(time.Second), eta)
}

// bar is the terminal's line, at most width columns: the bar and the
// fields that fit, the most useful first.
func (p *progress) bar(now time.Time, width int) string {
	steps, total, eta := p.estimate(now)
	const cols = 12
	fill := cols * steps / max(total, 1)
	b := "[" + strings.Repeat("#", fill) + strings.Repeat(".", cols-fill) + "]"
	fields := []string{fmt.Sprintf("%3d%%", percent(steps, total)), "eta " + eta, fmt.Sprintf("%d running", len(p.running))}
	if p.diverged > 0 {
		fields = append(fields, fmt.Sprintf("%d diverged", p.diverged))
	}
	if p.failed > 0 {
		fields = append(fields, fmt.Sprintf("%d failed", p.failed))
	}
	fields = append(fields, fmt.Sprintf("%d/%d cells", p.done, p.total),
		fmt.Sprintf("%s/%s steps", count(steps), count(total)), now.Sub(p.start).Round(time.Second).String())
	line := b
	for _, f := range fields {
		if len(line)+2+len(f) > width {
			break
		}
		line += "  " + f
	}
	return line
}

func percent(steps, total int) int {
	return min(100, 100*steps/max(total, 1))
}

// count writes n short: 950, 12.3k, 457k, 4.6M, 123M.
func count(n int) string {
	switch v := float64(n); {
	case n >= 99_950_000:
		return fmt.Sprintf("%.0fM", v/1e6)
	case n >= 999_500:
		return fmt.Sprintf("%.1fM", v/1e6)
	case n >= 99_950:
		return fmt.Sprintf("%.0fk", v/1e3)
	case n >= 1000:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprint(n)
}

// Cells are the cells of s that shard sh runs first: all of them, or the
// tuning phase of tune-then-seeds (its seeds phase depends on the tuning).
func (sh Shard) Cells(s *suites.Suite) []suites.Cell {
	if sh.N == 0 {
		sh = Shard{1, 1}
	}
	return sh.pick(s.Cells(), s.Protocol.Widen > 0)
}
