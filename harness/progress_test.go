package harness

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/suites"
)

// clock is a settable time for the progress tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// syncBuffer is a bytes.Buffer the display's goroutine may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// progressCells are n cells of the given horizons, ids c0, c1, ….
func progressCells(horizons ...int) []suites.Cell {
	p, o := &suites.Problem{Name: "quad"}, &suites.Optimizer{Name: "sf-sgd"}
	cells := make([]suites.Cell, len(horizons))
	for i, h := range horizons {
		cells[i] = suites.Cell{ID: fmt.Sprintf("c%d", i), Problem: p, Optimizer: o, LR: 1, Seed: i, Horizon: h, Phase: "sweep"}
	}
	return cells
}

// TestProgressBySteps: the bar counts training steps (the finished cells'
// horizons and the steps the running ones report), never goes back,
// counts running, diverged and failed cells, and fits 79 columns; the ETA
// is weighted by steps.
func TestProgressBySteps(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	cells := progressCells(100, 100, 200, 600)
	var out syncBuffer
	d := newDisplay(&out, DisplayOptions{Plan: cells, Every: time.Hour}, true, clk.now)
	defer d.Close()
	p := newProgress(d, len(cells))
	if p.totalSteps != 1000 {
		t.Fatalf("total steps %d, want 1000 (the plan's)", p.totalSteps)
	}
	p.started(cells[0])
	c1 := p.started(cells[1])
	var c2, c3 interface{ Store(int64) }
	bar := func() string { d.mu.Lock(); defer d.mu.Unlock(); return p.bar(clk.now(), 79) }
	steps := []struct {
		do   func()
		want []string
	}{
		{func() { clk.advance(500 * time.Millisecond) }, []string{"[............]", "  0%", "eta ?", "2 running", "0/4 cells", "0/1.0k steps"}},
		// c0 took 1 s for 100 steps, c1 reports 95 of its 100: the ETA
		// is c1's 5 steps at its own 95 per second, and c2 and c3 at
		// the problem's 100 steps/s (c0's, and c1's 100 steps in its 1 s
		// cap it no lower), on 2 workers: 4 s.
		{func() {
			clk.advance(500 * time.Millisecond)
			c1.Store(95)
			p.finished(cells[0], "ok")
			c2 = p.started(cells[2])
		}, []string{"[##..........]", " 19%", "eta 4s", "2 running", "1/4 cells", "195/1.0k steps"}},
		{func() {
			clk.advance(time.Second)
			c2.Store(100)
			p.finished(cells[1], "diverged")
			c3 = p.started(cells[3])
		}, []string{" 30%", "2 running", "1 diverged", "2/4 cells", "300/1.0k steps"}},
		// With diverged and failed cells the fields that do not fit 79
		// columns are left out, the least useful first.
		// c2 failed; c3 reports 100 of its 600 steps after 1 s: 5 s
		// left on one of 2 workers.
		{func() { clk.advance(time.Second); c3.Store(100); p.finished(cells[2], "error") },
			[]string{" 50%", "eta 3s", "1 running", "1 diverged", "1 failed", "3/4 cells"}},
		{func() { clk.advance(5 * time.Second); p.finished(cells[3], "ok") },
			[]string{"[############]", "100%", "0 running", "1 diverged", "1 failed", "4/4 cells"}},
	}
	last := -1
	for i, s := range steps {
		s.do()
		got := bar()
		if len(got) > 79 {
			t.Errorf("step %d: %d columns: %q", i, len(got), got)
		}
		for _, w := range s.want {
			if !strings.Contains(got, w) {
				t.Errorf("step %d: %q lacks %q", i, got, w)
			}
		}
		var pct int
		fmt.Sscanf(strings.TrimSpace(got[strings.Index(got, "]")+1:]), "%d%%", &pct)
		if pct < last {
			t.Errorf("step %d: %d%% after %d%%", i, pct, last)
		}
		last = pct
	}
	text := out.String()
	for _, w := range []string{"quad/sf-sgd lr=1 seed=1: diverged\n", "quad/sf-sgd lr=1 seed=2: error\n"} {
		if !strings.Contains(text, w) {
			t.Errorf("the terminal lacks %q:\n%q", w, text)
		}
	}
	if !strings.HasSuffix(text, "\n") || strings.Count(text, "100%") != 1 {
		t.Errorf("the finished phase is not left on its own line:\n%q", text)
	}
}

// TestDisplayRedrawsWhileCellsRun: with no cell finishing, a terminal's bar
// is redrawn on the ticker, and a plain writer gets a line every Every;
// Close ends a bar left drawn with a newline and stops the redraws.
func TestDisplayRedrawsWhileCellsRun(t *testing.T) {
	for _, tty := range []bool{true, false} {
		t.Run(fmt.Sprintf("tty=%v", tty), func(t *testing.T) {
			cells := progressCells(100, 100)
			var out syncBuffer
			d := newDisplay(&out, DisplayOptions{Plan: cells, Every: 20 * time.Millisecond}, tty, time.Now)
			p := newProgress(d, len(cells))
			p.started(cells[0])
			period := 20 * time.Millisecond
			if tty {
				period = tick
			}
			time.Sleep(3*period + period/2)
			d.Close()
			text := out.String()
			draws := strings.Count(text, "1 running")
			if draws < 2 {
				t.Errorf("%d redraws in 3.5 periods:\n%q", draws, text)
			}
			if tty && (!strings.HasPrefix(text, "\r\033[K[") || !strings.HasSuffix(text, "\n")) {
				t.Errorf("terminal output %q", text)
			}
			if !tty && !strings.HasPrefix(text, "progress: 0% of 200 steps, 0/2 cells done, 1 running, 0 diverged, 0 failed, elapsed ") {
				t.Errorf("plain output %q", text)
			}
			time.Sleep(2 * period)
			if out.String() != text {
				t.Errorf("drawn after Close: %q", strings.TrimPrefix(out.String(), text))
			}
			d.Close() // twice is fine
			(*Display)(nil).Close()
		})
	}
}

// TestProgressPhases: a phase without the plan's cells (resumed, or the
// seeds phase of tune-then-seeds) counts its cells times the plan's mean
// horizon; without any plan (a plain writer), the mean of the cells
// started.
func TestProgressPhases(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	cells := progressCells(100, 300, 100, 300)
	d := newDisplay(&syncBuffer{}, DisplayOptions{Plan: cells}, false, clk.now)
	defer d.Close()
	if p := newProgress(d, 3); p.totalSteps != 600 {
		t.Errorf("resumed phase: %d steps, want 3 × 200", p.totalSteps)
	}
	first := d.cur
	first.started(cells[0])
	clk.advance(time.Second)
	first.finished(cells[0], "ok")
	p2 := newProgress(d, 8)
	if p2.totalSteps != 1600 {
		t.Errorf("second phase: %d steps, want 8 × 200", p2.totalSteps)
	}
	d.mu.Lock()
	_, _, eta := p2.estimate(clk.now())
	d.mu.Unlock()
	if eta != "16s" { // the first phase's 100 steps per second
		t.Errorf("second phase: eta %s before a cell finished, want 16s", eta)
	}
	var plain bytes.Buffer
	p := newProgress(&plain, 4)
	p.started(cells[0])
	p.started(cells[1])
	if p.totalSteps != 800 {
		t.Errorf("plain writer: %d steps, want 4 × 200", p.totalSteps)
	}
	p.finished(cells[0], "diverged")
	if got := plain.String(); !strings.HasPrefix(got, "quad/sf-sgd lr=1 seed=0: diverged\nprogress: ") || !strings.Contains(got, "1/4 cells done, 1 running, 1 diverged") {
		t.Errorf("plain writer: %q", got)
	}
	quiet := newProgress(nil, 2) // no writer: nothing at all
	quiet.started(cells[0])
	quiet.finished(cells[0], "ok")
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1.0k", 12345: "12.3k", 99949: "99.9k", 99950: "100k",
		456789: "457k", 999999: "1.0M", 4_560_000: "4.6M", 123_000_000: "123M"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestProgressETAByProblem: the steps left are timed at their own
// problem's rate, so a slow problem still to come is not timed at the
// fast one's.
func TestProgressETAByProblem(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	cells := progressCells(100, 100, 100, 100)
	slow := &suites.Problem{Name: "vision"}
	cells[2].Problem, cells[3].Problem = slow, slow
	d := newDisplay(&syncBuffer{}, DisplayOptions{Plan: cells}, false, clk.now)
	defer d.Close()
	p := newProgress(d, len(cells))
	for i, took := range []time.Duration{time.Second, time.Second, 10 * time.Second} {
		p.started(cells[i])
		clk.advance(took)
		p.finished(cells[i], "ok")
	}
	d.mu.Lock()
	_, _, eta := p.estimate(clk.now())
	d.mu.Unlock()
	// vision's 10 steps per second, not the 25 of all cells.
	if eta != "10s" {
		t.Errorf("eta %s, want 10s", eta)
	}
}

// TestProgressETAOfASlowerProblem: a problem none of whose cells has
// finished is timed at no more than its running cells allow (their
// horizon over their age), not at the faster problems' rate; a running
// cell that reported steps is timed at its own rate.
func TestProgressETAOfASlowerProblem(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	cells := progressCells(100, 100, 100)
	slow := &suites.Problem{Name: "vision"}
	cells[1].Problem, cells[2].Problem = slow, slow
	d := newDisplay(&syncBuffer{}, DisplayOptions{Plan: cells}, false, clk.now)
	defer d.Close()
	p := newProgress(d, len(cells))
	p.started(cells[0])
	clk.advance(time.Second)
	p.finished(cells[0], "ok") // 100 steps/s
	slowSteps := p.started(cells[1])
	var etas []string
	for _, done := range []int64{0, 40, 60} {
		clk.advance(10 * time.Second)
		slowSteps.Store(done)
		d.mu.Lock()
		_, _, eta := p.estimate(clk.now())
		d.mu.Unlock()
		etas = append(etas, eta)
	}
	// After 10 s, no step reported: at most 10 steps/s, 100 + 100 steps
	// left. After 20 s, 40 steps reported: 60 at its 2 steps/s, the
	// pending cell's 100 at 100/20 s; after 30 s, 40 at 2 steps/s and 100
	// at 100/30 s.
	if want := "20s 50s 50s"; strings.Join(etas, " ") != want {
		t.Errorf("etas %v, want %s", etas, want)
	}
}

// TestCellReportsSteps: a running cell stores its steps in the counter the
// progress gave it, every cancelCheck steps, as it trains.
func TestCellReportsSteps(t *testing.T) {
	s, err := suites.Parse("s.yaml", []byte("suite: s\nproblems: [{kind: quadratic}]\noptimizers: [{kind: sf-sgd}]\nlrs: [0.1]\nbudget: {steps: 1000}\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := newProgress(io.Discard, 1)
	c := s.Cells()[0]
	steps := p.started(c)
	if _, ok := runCell(context.Background(), s, c, record.Environment{}, checkpointing{}, steps); !ok {
		t.Fatal("the cell did not finish")
	}
	// The last report is at the last multiple of cancelCheck below the horizon.
	if got, want := steps.Load(), int64(1000/cancelCheck*cancelCheck); got != want {
		t.Errorf("reported %d steps, want %d", got, want)
	}
	p.mu.Lock()
	got, _, _ := p.estimate(time.Now())
	p.mu.Unlock()
	if got != 1000/cancelCheck*cancelCheck {
		t.Errorf("the running cell counts %d steps in the estimate", got)
	}
	if newProgress(nil, 1).started(c) != nil {
		t.Error("a counter without a progress writer")
	}
}

// TestProgressETAAtACellStart: a cell that has just started (its steps so
// far few, its age mostly set-up) is timed at its own slow rate for its own
// steps only; the cells left keep the rate of the cells that finished.
func TestProgressETAAtACellStart(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	cells := progressCells(1000, 1000, 1000)
	d := newDisplay(&syncBuffer{}, DisplayOptions{Plan: cells}, false, clk.now)
	defer d.Close()
	p := newProgress(d, len(cells))
	p.started(cells[0])
	clk.advance(time.Second)
	p.finished(cells[0], "ok") // 1000 steps/s
	steps := p.started(cells[1])
	clk.advance(550 * time.Millisecond)
	steps.Store(64)
	d.mu.Lock()
	_, _, eta := p.estimate(clk.now())
	d.mu.Unlock()
	// c1: 936 steps at 64/0.55 s ≈ 116/s, 8.0 s; c2: 1000 at 1000/s, 1 s.
	if eta != "9s" {
		t.Errorf("eta %s, want 9s", eta)
	}
}
