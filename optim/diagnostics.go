package optim

import "math"

// Diagnostics describe an optimizer's state after its last step, for
// logging and plotting (the harness records them per evaluation with
// eval: {diagnostics: true}). Has says which quantities the optimizer
// has: a quantity that does not exist for it (‖x − z‖ of plain SGD, c of
// a method that does not average) is absent, never reported as 0.
//
// The names follow the schedule-free sequences: z is the base sequence
// the gradient steps move, x the average evaluated, y the point the
// gradient is taken at (the training point). For the averaging baselines
// they are the family's end points: Polyak (and EMA) averaging is β = 0
// (y = z = the base iterate, x its average), primal averaging β = 1
// (y = x = the average, z the base iterate).
type Diagnostics struct {
	// LR is the learning rate the last step used: the base rate after
	// warmup and schedule (and RAdam's rectification or the paper
	// variant's bias correction: the lr_k that entered lr_max and c).
	LR float64
	// C is the averaging weight of the last step, x ← (1−c)·x + c·z:
	// weight/weight_sum for the schedule-free methods, 1/t for Polyak and
	// primal averaging, 1−decay for EMA (1 on the first step).
	C float64
	// XMinusZ and YMinusX are Euclidean norms over all parameters.
	XMinusZ, YMinusX float64
	Has              Quantities
}

// Quantities is a set of the quantities of Diagnostics.
type Quantities uint8

// The quantities of Diagnostics.
const (
	HasLR Quantities = 1 << iota
	HasC
	HasXMinusZ
	HasYMinusX
)

// Diagnoser is implemented by optimizers that report Diagnostics: every
// optimizer of this package (the schedule-free ones in all their forms,
// SGD, AdamW, the averaged and wrapped ones, the latter two for what their
// base reports of the rate).
//
// Diagnose reads the state after the steps taken so far; w is the caller's
// vector as the optimizer last saw it (the training point, or the
// evaluation point between Eval and Train) and is not modified, nor is any
// state: diagnosing between steps leaves the trajectory bit-identical.
// Before the first step nothing has happened and Has is empty.
type Diagnoser interface {
	Diagnose(w []float64) Diagnostics
}

var (
	_ Diagnoser = (*ScheduleFree)(nil)
	_ Diagnoser = (*ReferenceSF)(nil)
	_ Diagnoser = (*Wrapper)(nil)
	_ Diagnoser = (*Averaged)(nil)
	_ Diagnoser = (*SGD)(nil)
	_ Diagnoser = (*AdamW)(nil)
)

// lastC recomputes the averaging weight the clock's last advance
// returned, from the state it left: the same operations on the same
// values, so the same bits (the clock stores no more for it).
func (s *clock) lastC(r, weightLRPower float64) float64 {
	weight := math.Pow(float64(s.k), r) * math.Pow(s.lrMax, weightLRPower)
	if s.weightSum == 0 {
		return 0
	}
	return weight / s.weightSum
}

// Diagnose reports the rate and c of the last step and the distances
// between x, y and z (see yzForm.distances).
func (o *ScheduleFree) Diagnose(w []float64) Diagnostics {
	k := o.clock.k
	if k == 0 {
		return Diagnostics{}
	}
	lr, _ := o.cfg.rateBC(k-1, o.bc2)
	d := Diagnostics{LR: lr, C: o.clock.lastC(o.cfg.R, o.cfg.WeightLRPower), Has: HasLR | HasC}
	o.distances(w, &d)
	return d
}

// Diagnose reports c of the last step and the distances between x, y and
// z; the rate is the base optimizer's, when it reports one.
func (o *Wrapper) Diagnose(w []float64) Diagnostics {
	if o.clock.k == 0 {
		return Diagnostics{}
	}
	d := Diagnostics{C: o.clock.lastC(o.cfg.R, o.cfg.WeightLRPower), Has: HasC}
	if b, ok := o.base.(Diagnoser); ok {
		if bd := b.Diagnose(o.z); bd.Has&HasLR != 0 {
			d.LR, d.Has = bd.LR, d.Has|HasLR
		}
	}
	o.distances(w, &d)
	return d
}

// distances fills ‖x − z‖ and ‖y − x‖ from one pass over w and z. With
// x = y + (1−1/β)(z−y): x − z = (y − z)/β and y − x = (1−β)/β · (y − z),
// so both follow from ‖y − z‖ while training; in eval mode w holds x and
// y − x = (1−β)(z − x).
func (f *yzForm) distances(w []float64, d *Diagnostics) {
	if f.z == nil {
		return
	}
	b := f.beta
	if f.eval {
		xz := distance(w, f.z)
		d.XMinusZ, d.YMinusX = xz, (1-b)*xz
	} else {
		yz := distance(w, f.z)
		d.XMinusZ, d.YMinusX = yz/b, (1-b)/b*yz
	}
	d.Has |= HasXMinusZ | HasYMinusX
}

// Diagnose reports the rate and c of the last step and the distances
// between the x, y and z it stores (y is w while training; in eval mode,
// where w holds x, y − x = (1−β)(z − x)).
func (o *ReferenceSF) Diagnose(w []float64) Diagnostics {
	k := o.clock.k
	if k == 0 {
		return Diagnostics{}
	}
	lr, _ := o.cfg.rate(k - 1)
	d := Diagnostics{LR: lr, C: o.clock.lastC(o.cfg.R, o.cfg.WeightLRPower), Has: HasLR | HasC | HasXMinusZ | HasYMinusX}
	d.XMinusZ = distance(o.x, o.z)
	if o.eval {
		d.YMinusX = (1 - o.cfg.Beta1) * d.XMinusZ
	} else {
		d.YMinusX = distance(w, o.x)
	}
	return d
}

// Diagnose reports the base optimizer's rate (when it reports one), the
// weight of the last iterate in the average and the distances of the
// family's end points: Polyak and EMA average the iterates they train at
// (y = z = the iterate, x the average, so ‖y − x‖ = ‖x − z‖), primal
// averaging trains at the average (y = x, so ‖y − x‖ = 0, and z is the
// base iterate).
func (o *Averaged) Diagnose(w []float64) Diagnostics {
	if o.t == 0 {
		return Diagnostics{}
	}
	c := o.weight(o.t)
	if o.t == 1 {
		c = 1 // the first iterate is copied
	}
	d := Diagnostics{C: c, Has: HasC | HasXMinusZ | HasYMinusX}
	// The base optimizer's iterate, and the average.
	iterate, avg := w, o.avg
	switch {
	case o.cfg.Kind == Primal:
		iterate, avg = o.avg, w
	case o.eval: // Eval swapped them
		iterate, avg = o.avg, w
	}
	if b, ok := o.base.(Diagnoser); ok {
		if bd := b.Diagnose(iterate); bd.Has&HasLR != 0 {
			d.LR, d.Has = bd.LR, d.Has|HasLR
		}
	}
	d.XMinusZ = distance(avg, iterate)
	if o.cfg.Kind != Primal {
		d.YMinusX = d.XMinusZ
	}
	return d
}

// Diagnose reports the rate of the last step; SGD has no average, so
// nothing else.
func (o *SGD) Diagnose([]float64) Diagnostics {
	if o.k == 0 {
		return Diagnostics{}
	}
	return Diagnostics{LR: o.cfg.LR * o.cfg.Schedule.Factor(o.k-1), Has: HasLR}
}

// Diagnose reports the rate of the last step; AdamW has no average, so
// nothing else.
func (o *AdamW) Diagnose([]float64) Diagnostics {
	if o.k == 0 {
		return Diagnostics{}
	}
	return Diagnostics{LR: o.cfg.LR * o.cfg.Schedule.Factor(o.k-1), Has: HasLR}
}

// distance is ‖a − b‖₂, without overflowing for large finite values (the
// sum of squares is taken again scaled by the largest difference when it
// overflows); NaN when a difference is NaN, +Inf when one is infinite.
func distance(a, b []float64) float64 {
	b = b[:len(a)]
	var sum float64
	for i := range a {
		d := a[i] - b[i]
		sum += d * d
	}
	if !math.IsInf(sum, 1) {
		return math.Sqrt(sum)
	}
	var scale float64
	for i := range a {
		scale = math.Max(scale, math.Abs(a[i]-b[i]))
	}
	if math.IsInf(scale, 1) || math.IsNaN(scale) {
		return scale
	}
	sum = 0
	for i := range a {
		d := (a[i] - b[i]) / scale
		sum += d * d
	}
	return scale * math.Sqrt(sum)
}

// Norm is ‖v‖₂ (for the gradient norm of diagnostics), computed as
// distance is.
func Norm(v []float64) float64 {
	var sum float64
	for _, x := range v {
		sum += x * x
	}
	if !math.IsInf(sum, 1) {
		return math.Sqrt(sum)
	}
	var scale float64
	for _, x := range v {
		scale = math.Max(scale, math.Abs(x))
	}
	if math.IsInf(scale, 1) {
		return scale
	}
	sum = 0
	for _, x := range v {
		d := x / scale
		sum += d * d
	}
	return scale * math.Sqrt(sum)
}
