package plot

import (
	"fmt"
	"math"
	"sort"
)

// ProfileMethod is one method of a performance profile.
type ProfileMethod struct {
	// Label names the method in the legend and keys its colour.
	Label string
	// Steps[p] is the number of steps (or time) the method needed to reach
	// the target on problem p; NaN, ±Inf or a value ≤ 0 means it never
	// did (or diverged).
	Steps  []float64
	Dashed bool
}

// ProfilePanel is an AlgoPerf-style performance profile: for each method
// the fraction of problems it solves within τ times the steps of the
// fastest method on that problem, for τ from 1 to TauMax.
type ProfilePanel struct {
	Title string
	// Problems names the problems; its length is the number of problems,
	// which every Steps must match. When nil, the length of the first
	// method's Steps is used.
	Problems []string
	Methods  []ProfileMethod
	// TauMax is the right end of the τ axis; 0 means 4.
	TauMax float64
	// XLabel and YLabel default to "τ (steps ÷ fastest method's steps)"
	// and "fraction of problems solved".
	XLabel, YLabel string
}

// ProfileCurve computes the performance profile of every method: for
// method m, frac[m] is a step function of τ given by its breakpoints
// tau[m] (ascending, starting at 1 and ending at tauMax): frac[m][k] is the
// fraction of problems solved within tau[m][k] times the fastest method's
// steps, constant until the next breakpoint. steps[m][p] is method m's
// steps on problem p; non-finite or ≤ 0 means unsolved. Problems that no
// method solved count as unsolved for everyone.
func ProfileCurve(steps [][]float64, tauMax float64) (tau, frac [][]float64) {
	if tauMax <= 1 || math.IsNaN(tauMax) {
		tauMax = 4
	}
	nProb := 0
	for _, s := range steps {
		nProb = max(nProb, len(s))
	}
	solved := func(v float64) bool { return finite(v) && v > 0 }
	best := make([]float64, nProb)
	for p := range best {
		best[p] = math.Inf(1)
		for _, s := range steps {
			if p < len(s) && solved(s[p]) && s[p] < best[p] {
				best[p] = s[p]
			}
		}
	}
	tau = make([][]float64, len(steps))
	frac = make([][]float64, len(steps))
	for m, s := range steps {
		var ratios []float64
		for p := range s {
			if solved(s[p]) && !math.IsInf(best[p], 1) {
				ratios = append(ratios, s[p]/best[p])
			}
		}
		sort.Float64s(ratios)
		n := float64(max(nProb, 1))
		count := 0
		for count < len(ratios) && ratios[count] <= 1+1e-12 {
			count++
		}
		tau[m] = []float64{1}
		frac[m] = []float64{float64(count) / n}
		for count < len(ratios) && ratios[count] <= tauMax {
			r := ratios[count]
			for count < len(ratios) && ratios[count] == r {
				count++
			}
			tau[m] = append(tau[m], r)
			frac[m] = append(frac[m], float64(count)/n)
		}
		tau[m] = append(tau[m], tauMax)
		frac[m] = append(frac[m], float64(count)/n)
	}
	return tau, frac
}

// stairs turns breakpoints into the vertices of a post-step line.
func stairs(tau, frac []float64) (x, y []float64) {
	for k := range tau {
		if k > 0 {
			x = append(x, tau[k])
			y = append(y, frac[k-1])
		}
		x = append(x, tau[k])
		y = append(y, frac[k])
	}
	return x, y
}

// PerformanceProfile writes one performance-profile panel per element of
// panels: a step curve per method of the fraction of problems solved
// within τ × the fastest method's steps, τ ∈ [1, TauMax].
func PerformanceProfile(path string, panels []ProfilePanel, opt Options) error {
	var labels []string
	for _, p := range panels {
		for _, m := range p.Methods {
			labels = append(labels, m.Label)
		}
	}
	if opt.Palette == nil {
		opt.Palette = sortedPalette(labels)
	}
	fig := figure{opt: opt, labels: labels}
	var leg legendList
	for pi, p := range panels {
		nProb := len(p.Problems)
		if p.Problems == nil && len(p.Methods) > 0 {
			nProb = len(p.Methods[0].Steps)
		}
		steps := make([][]float64, len(p.Methods))
		for mi, m := range p.Methods {
			if len(m.Steps) != nProb {
				return fmt.Errorf("plot: profile panel %d %q: method %q has %d steps for %d problems",
					pi, p.Title, m.Label, len(m.Steps), nProb)
			}
			steps[mi] = m.Steps
		}
		tauMax := p.TauMax
		if tauMax <= 1 || !finite(tauMax) {
			tauMax = 4
		}
		xp := &xyPanel{
			title: p.Title, xlabel: p.XLabel, ylabel: p.YLabel,
			xlim: [2]float64{1, tauMax}, ylim: [2]float64{0, 1},
		}
		if xp.xlabel == "" {
			xp.xlabel = "τ (steps ÷ fastest method's steps)"
		}
		if xp.ylabel == "" {
			xp.ylabel = "fraction of problems solved"
		}
		tau, frac := ProfileCurve(steps, tauMax)
		for mi, m := range p.Methods {
			x, y := stairs(tau[mi], frac[mi])
			col := opt.Palette.Color(m.Label)
			dashed := m.Dashed || opt.Palette.Dashed(m.Label)
			if err := xp.addSeries(Series{Label: m.Label, X: x, Y: y, Dashed: dashed}, seriesLook{color: col}); err != nil {
				return err
			}
			leg.add(legendEntry{label: m.Label, kind: kindLine, color: col, dashed: dashed})
		}
		switch unsolved := countUnsolved(steps, nProb); {
		case nProb == 0 || len(p.Methods) == 0:
			xp.msg = "no data"
		case unsolved == nProb:
			xp.notes = append(xp.notes, "no method reached the target on any problem")
		case unsolved > 0:
			xp.notes = append(xp.notes, fmt.Sprintf("%d of %d problems solved by no method", unsolved, nProb))
		default:
			xp.notes = append(xp.notes, fmt.Sprintf("%d problems", nProb))
		}
		xp.finish()
		fig.panels = append(fig.panels, xp)
	}
	fig.legend = leg.entries
	return render(path, fig)
}

func countUnsolved(steps [][]float64, nProb int) int {
	n := 0
	for p := 0; p < nProb; p++ {
		any := false
		for _, s := range steps {
			if finite(s[p]) && s[p] > 0 {
				any = true
			}
		}
		if !any {
			n++
		}
	}
	return n
}
