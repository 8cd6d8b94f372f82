package replay

import (
	"fmt"
	"math"

	"github.com/sfbench/sfbench/optim"
)

// Tolerance is the largest error a faithful reimplementation may show.
const Tolerance = 1e-10

// Result is how far a replayed case is from its recording. Each error is
// the largest, over steps and elements, of |got − ref| / max(|ref|, 1):
// relative for large values, absolute near zero. Elements where both are
// NaN, or the same infinity, agree. An error is NaN when the case recorded
// no such vector.
type Result struct {
	Name       string
	Steps      int
	ErrP       float64
	ErrZ       float64
	ErrX       float64
	WorstStep  int // step (from 0) of the largest error
	WorstWhich string
}

// Max is the largest of the case's errors.
func (r Result) Max() float64 {
	m := 0.0
	for _, e := range []float64{r.ErrP, r.ErrZ, r.ErrX} {
		if !math.IsNaN(e) {
			m = math.Max(m, e)
		}
	}
	return m
}

// Pass reports whether every error is within tol.
func (r Result) Pass(tol float64) bool { return r.Max() <= tol }

// elementError is the error measure of one element.
func elementError(got, ref float64) float64 {
	switch {
	case math.IsNaN(ref) || math.IsNaN(got):
		if math.IsNaN(ref) && math.IsNaN(got) {
			return 0
		}
		return math.Inf(1)
	case math.IsInf(ref, 0) || math.IsInf(got, 0):
		if got == ref {
			return 0
		}
		return math.Inf(1)
	}
	return math.Abs(got-ref) / math.Max(math.Abs(ref), 1)
}

func vectorError(got, ref []float64) float64 {
	m := 0.0
	for i := range ref {
		m = math.Max(m, elementError(got[i], ref[i]))
	}
	return m
}

// Run replays one case of f.
func (f *File) Run(c Case) (Result, error) {
	opt, err := Build(c)
	if err != nil {
		return Result{}, fmt.Errorf("%s: case %q: %w", f.Path, c.Name, err)
	}
	p := f.Problem
	d := len(p.W0)
	w := append([]float64(nil), p.W0...)
	g := make([]float64, d)
	x := make([]float64, d)
	res := Result{Name: c.Name, Steps: len(c.Steps), ErrP: math.NaN(), ErrZ: math.NaN(), ErrX: math.NaN()}
	worst := -1.0
	record := func(dst *float64, got, ref []float64, t int, which string) {
		if ref == nil {
			return
		}
		e := 0.0
		if got == nil {
			e = math.Inf(1)
		} else {
			e = vectorError(got, ref)
		}
		if math.IsNaN(*dst) || e > *dst {
			*dst = e
		}
		if e > worst {
			worst, res.WorstStep, res.WorstWhich = e, t, which
		}
	}
	zer, _ := opt.(optim.Zer)
	for t, s := range c.Steps {
		for i := range g {
			g[i] = p.A[i]*(w[i]-p.B[i]) + p.Noise[t][i]
		}
		opt.Step(w, g)
		record(&res.ErrP, w, s.P, t, "p")
		var z []float64
		if zer != nil {
			z = zer.Z()
		}
		record(&res.ErrZ, z, s.Z, t, "z")
		opt.EvalPoint(x, w)
		record(&res.ErrX, x, s.X, t, "x")
	}
	return res, nil
}
