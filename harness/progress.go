package harness

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/sfbench/sfbench/suites"
)

// progress reports cells done / total, running and an ETA: redrawn in
// place on a terminal, as a plain line every interval otherwise.
type progress struct {
	w        io.Writer
	tty      bool
	total    int
	mu       sync.Mutex
	done     int
	running  int
	start    time.Time
	last     time.Time
	interval time.Duration
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, start: time.Now(), interval: 10 * time.Second}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.interval = true, 200*time.Millisecond
		}
	}
	return p
}

func (p *progress) started(suites.Cell) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	p.running++
	p.mu.Unlock()
}

func (p *progress) finished(c suites.Cell, status string) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running--
	p.done++
	if status != "ok" && !p.tty {
		fmt.Fprintf(p.w, "%s: %s\n", describe(c), status)
	}
	if now := time.Now(); now.Sub(p.last) >= p.interval || p.done == p.total {
		p.last = now
		p.print(now)
	}
}

func (p *progress) print(now time.Time) {
	elapsed := now.Sub(p.start)
	eta := "?"
	if p.done > 0 {
		eta = (time.Duration(float64(elapsed) / float64(p.done) * float64(p.total-p.done))).Round(time.Second).String()
	}
	line := fmt.Sprintf("cells %d/%d done, %d running, elapsed %s, eta %s", p.done, p.total, p.running, elapsed.Round(time.Second), eta)
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		if p.done == p.total {
			fmt.Fprintln(p.w)
		}
		return
	}
	fmt.Fprintln(p.w, line)
}
