package optim

import (
	"bytes"
	"math"
	"testing"
)

// relClose reports whether a and b agree to tol relative to max(|b|, 1e-300).
func relClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(math.Abs(b), 1e-300)
}

// TestDiagnoseLeavesTrajectoryBitIdentical: diagnosing after every step,
// in training and in eval mode, changes no bit of the parameters, the
// evaluation point or the optimizer's state.
func TestDiagnoseLeavesTrajectoryBitIdentical(t *testing.T) {
	for _, f := range factories {
		t.Run(f.name, func(t *testing.T) {
			run := func(diagnose bool) (w, x, state []byte) {
				opt, _ := f.new()
				wv, xv := trajectory(t, opt, 300, func(k int, opt Optimizer, w []float64) Optimizer {
					if diagnose {
						opt.(Diagnoser).Diagnose(w)
					}
					if k%7 == 3 {
						opt.Eval(w)
						if diagnose {
							opt.(Diagnoser).Diagnose(w)
						}
						opt.Train(w)
					}
					return opt
				})
				st, err := opt.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				return floatBytes(wv), floatBytes(xv), st
			}
			w0, x0, s0 := run(false)
			w1, x1, s1 := run(true)
			if !bytes.Equal(w0, w1) || !bytes.Equal(x0, x1) || !bytes.Equal(s0, s1) {
				t.Error("diagnosing changed the trajectory")
			}
		})
	}
}

func floatBytes(v []float64) []byte {
	var b []byte
	for _, f := range v {
		u := math.Float64bits(f)
		for i := range 8 {
			b = append(b, byte(u>>(8*i)))
		}
	}
	return b
}

// TestDiagnosticsMatchTheVectors: ‖x − z‖ and ‖y − x‖ are the distances
// between the points the optimizer evaluates (EvalPoint), trains at (w)
// and keeps as z, in training and in eval mode; the rate is the one the
// last step used (Rate before it); the quantities an optimizer does not
// have are absent; before the first step nothing is.
func TestDiagnosticsMatchTheVectors(t *testing.T) {
	for _, f := range factories {
		t.Run(f.name, func(t *testing.T) {
			opt, _ := f.new()
			if d := opt.(Diagnoser).Diagnose(make([]float64, 37)); d.Has != 0 {
				t.Errorf("before the first step: %+v", d)
			}
			q := newQuadratic(37, 5)
			w := q.start()
			g := make([]float64, len(w))
			for k := range 120 {
				q.grad(g, w)
				rate := opt.Rate()
				opt.Step(w, g)
				d := opt.(Diagnoser).Diagnose(w)
				if d.Has&HasLR == 0 || math.Float64bits(d.LR) != math.Float64bits(rate) {
					t.Fatalf("step %d: lr %v (has %b), the step used %v", k, d.LR, d.Has, rate)
				}
			}
			x := make([]float64, len(w))
			opt.EvalPoint(x, w)
			var z []float64
			switch o := opt.(type) {
			case Zer:
				z = o.Z()
			case *Averaged:
				z = w // Polyak, EMA: the iterate trained at
				if o.cfg.Kind == Primal {
					z = o.avg
				}
			}
			train := opt.(Diagnoser).Diagnose(w)
			opt.Eval(w)
			eval := opt.(Diagnoser).Diagnose(w)
			opt.Train(w)
			if z == nil {
				if train.Has != HasLR || eval.Has != HasLR {
					t.Errorf("an optimizer without an average reports %b", train.Has)
				}
				return
			}
			want := Diagnostics{XMinusZ: distance(x, z), YMinusX: distance(w, x)}
			for mode, d := range map[string]Diagnostics{"training": train, "eval": eval} {
				if d.Has != HasLR|HasC|HasXMinusZ|HasYMinusX {
					t.Errorf("%s mode: has %b", mode, d.Has)
				}
				if !relClose(d.XMinusZ, want.XMinusZ, 1e-9) || !relClose(d.YMinusX, want.YMinusX, 1e-9) && want.YMinusX > 1e-12 {
					t.Errorf("%s mode: ‖x−z‖ %v ‖y−x‖ %v, the vectors' %v %v", mode, d.XMinusZ, d.YMinusX, want.XMinusZ, want.YMinusX)
				}
				if !(d.C > 0 && d.C <= 1) {
					t.Errorf("%s mode: c %v", mode, d.C)
				}
			}
		})
	}
}

// TestLastCIsTheStepsWeight: the weight recomputed from the clock is, bit
// for bit, the one its last advance returned, through a phase of zero
// rates (RAdam's silent steps), warmup and r > 0.
func TestLastCIsTheStepsWeight(t *testing.T) {
	var clk clock
	for k := range 200 {
		lr := 0.0
		if k >= 5 {
			lr = 0.3 * warmup(k-5, 20)
		}
		c := clk.advance(lr, 0.5, 2)
		if got := clk.lastC(0.5, 2); math.Float64bits(got) != math.Float64bits(c) {
			t.Fatalf("step %d: lastC %v, advance returned %v", k, got, c)
		}
	}
	// A constant rate without r weighs every step alike: c = 1/t.
	clk = clock{}
	for k := range 50 {
		clk.advance(0.7, 0, 2)
		if c := clk.lastC(0, 2); !relClose(c, 1/float64(k+1), 1e-13) {
			t.Fatalf("step %d: c %v, want 1/%d", k, c, k+1)
		}
	}
}

// TestFusedAndReferenceDiagnosticsAgree: the memory-efficient form, which
// derives both distances from ‖y − z‖, agrees with the textbook form that
// measures them on its stored x, y and z.
func TestFusedAndReferenceDiagnosticsAgree(t *testing.T) {
	for name, cfg := range map[string]SFConfig{
		"sgd":   {Method: MethodSGD, LR: 0.8, Beta1: 0.9, WeightDecay: 1e-3, Warmup: 20, R: 0.5, WeightLRPower: 2},
		"adamw": {Method: MethodAdamW, LR: 0.05, Beta1: 0.95, Beta2: 0.99, Eps: 1e-8, Warmup: 20, WeightLRPower: 2},
		"paper": {Method: MethodAdamWPaper, LR: 0.05, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Warmup: 20, WeightLRPower: 2},
		"radam": {Method: MethodRAdam, LR: 0.05, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightLRPower: 2},
	} {
		fused, _ := NewScheduleFree(cfg)
		ref, _ := NewReferenceSF(cfg)
		w1, _ := trajectory(t, fused, 300, nil)
		w2, _ := trajectory(t, ref, 300, nil)
		a, b := fused.Diagnose(w1), ref.Diagnose(w2)
		if a.Has != b.Has || a.LR != b.LR || a.C != b.C {
			t.Errorf("%s: lr %v c %v (has %b) versus the reference's %v %v (%b)", name, a.LR, a.C, a.Has, b.LR, b.C, b.Has)
		}
		if !relClose(a.XMinusZ, b.XMinusZ, 1e-9) || !relClose(a.YMinusX, b.YMinusX, 1e-9) {
			t.Errorf("%s: ‖x−z‖ %v ‖y−x‖ %v versus the reference's %v %v", name, a.XMinusZ, a.YMinusX, b.XMinusZ, b.YMinusX)
		}
		if !relClose(b.YMinusX, (1-cfg.Beta1)*b.XMinusZ, 1e-9) {
			t.Errorf("%s: y − x = (1−β)(z − x) does not hold: %v, %v", name, b.YMinusX, b.XMinusZ)
		}
	}
}

// TestAveragingDiagnosticsAreTheFamilysEndPoints: SGD with Polyak or
// primal averaging reports what the schedule-free reference form at β = 0
// or β = 1 reports for the same trajectory.
func TestAveragingDiagnosticsAreTheFamilysEndPoints(t *testing.T) {
	for _, tc := range []struct {
		kind AveragingKind
		beta float64
	}{{Polyak, 0}, {Primal, 1}} {
		base, _ := NewSGD(SGDConfig{LR: 0.3})
		avg, _ := NewAveraged(base, AveragingConfig{Kind: tc.kind})
		ref, _ := NewReferenceSF(SFConfig{Method: MethodSGD, LR: 0.3, Beta1: tc.beta, WeightLRPower: 2})
		w1, _ := trajectory(t, avg, 200, nil)
		w2, _ := trajectory(t, ref, 200, nil)
		a, b := avg.Diagnose(w1), ref.Diagnose(w2)
		if a.Has != b.Has || a.LR != b.LR || !relClose(a.C, b.C, 1e-12) ||
			!relClose(a.XMinusZ, b.XMinusZ, 1e-9) || math.Abs(a.YMinusX-b.YMinusX) > 1e-9*a.XMinusZ {
			t.Errorf("%s: %+v, reference β = %g: %+v", tc.kind, a, tc.beta, b)
		}
	}
}

// TestWrapperReportsItsBasesRate: the wrapper's rate is its base's, after
// the base's schedule.
func TestWrapperReportsItsBasesRate(t *testing.T) {
	base, _ := NewSGD(SGDConfig{LR: 0.5, Schedule: WarmupCosine{Warmup: 10, Horizon: 100}})
	opt, _ := NewWrapper(base, DefaultWrapper())
	trajectory(t, opt, 60, nil)
	if d := opt.Diagnose(make([]float64, 37)); d.Has&HasLR == 0 || d.LR != 0.5*(WarmupCosine{Warmup: 10, Horizon: 100}).Factor(59) {
		t.Errorf("lr %v (has %b)", d.LR, d.Has)
	}
}

func TestNormsDoNotOverflow(t *testing.T) {
	big := []float64{3e200, -4e200}
	if n := Norm(big); !relClose(n, 5e200, 1e-15) {
		t.Errorf("Norm %v, want 5e200", n)
	}
	if d := distance(big, []float64{0, 0}); !relClose(d, 5e200, 1e-15) {
		t.Errorf("distance %v, want 5e200", d)
	}
	if n := Norm([]float64{3, 4}); n != 5 {
		t.Errorf("Norm %v", n)
	}
	if n := Norm([]float64{1, math.NaN()}); !math.IsNaN(n) {
		t.Errorf("Norm with a NaN: %v", n)
	}
	if n := Norm([]float64{1, math.Inf(-1)}); !math.IsInf(n, 1) {
		t.Errorf("Norm with an infinity: %v", n)
	}
	if d := distance([]float64{math.NaN()}, []float64{0}); !math.IsNaN(d) {
		t.Errorf("distance with a NaN: %v", d)
	}
}
