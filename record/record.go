// Package record defines the result record the harness writes, one JSON
// object per finished cell in DIR/results.jsonl, and reads such files back.
// Reports and comparisons read records only through this package.
package record

import (
	"encoding/json"
)

// Status of a finished cell.
const (
	StatusOK       = "ok"       // ran its whole horizon
	StatusDiverged = "diverged" // the loss or a parameter became non-finite (or the opt-in blow-up rule fired)
	StatusError    = "error"    // the cell could not run (see Record.Error)
)

// Record is the result of one cell.
type Record struct {
	ID               string `json:"id"`    // the cell's stable id (hash of its configuration)
	Suite            string `json:"suite"` // suite name
	SuiteDescription string `json:"suite_description,omitempty"`
	Phase            string `json:"phase"` // sweep, tune or seeds
	// SuiteSettings fingerprints the suite's budget, evaluation,
	// divergence and protocol: records of one suite with different
	// settings (shards run before and after an edit) must not be mixed.
	SuiteSettings string `json:"suite_settings,omitempty"`
	// Metric and Goal ("min" or "max") select the best rate per problem ×
	// optimizer in reports (the suite's protocol metric; empty: reports
	// pick a default per problem).
	Metric string `json:"metric,omitempty"`
	Goal   string `json:"goal,omitempty"`
	// SelectMetric and SelectGoal are what the rate is selected by (see
	// internal/selection), when it is not Metric itself: a validation
	// metric for a reported test metric.
	SelectMetric string `json:"select_metric,omitempty"`
	SelectGoal   string `json:"select_goal,omitempty"`
	// Target is the value of Metric the suite set for this problem
	// (protocol targets), which the steps-to-target table and the scores
	// time the optimizers to; absent: the reports' default rule. Baseline
	// names the optimizer the scores' speedups are over (protocol
	// baseline); absent: the first that is not schedule-free.
	Target   *float64 `json:"target,omitempty"`
	Baseline string   `json:"baseline,omitempty"`

	// ProblemIndex and OptimizerIndex are the positions in the suite, so
	// reports order rows and columns as the suite does.
	ProblemIndex   int            `json:"problem_index"`
	OptimizerIndex int            `json:"optimizer_index"`
	Problem        string         `json:"problem"`      // label
	ProblemKind    string         `json:"problem_kind"` // registered kind
	ProblemOptions any            `json:"problem_options"`
	Optimizer      string         `json:"optimizer"` // label
	OptimizerKind  string         `json:"optimizer_kind"`
	Hyper          map[string]any `json:"hyper"` // resolved hyperparameters
	// Grid is the cell's point in its optimizer entry's grid (a suite's
	// grid:), whose settings Hyper holds too; Optimizer then names the
	// entry at that point (PointLabel). Absent for an entry without a grid.
	Grid     *GridPoint `json:"grid,omitempty"`
	LR       float64    `json:"lr"`
	Seed     int        `json:"seed"`
	DataSeed uint64     `json:"data_seed"`
	Horizon  int        `json:"horizon"` // steps planned
	EvalAt   string     `json:"eval_at"` // x, y or z
	// Diagnostics: the suite recorded the optimizer's diagnostics at every
	// evaluation (eval: {diagnostics: true}; Point.Diag). Absent without.
	Diagnostics bool `json:"diagnostics,omitempty"`
	// Widened marks a rate the protocol added beyond the suite's grid
	// (protocol widen: the selected rate was at the edge).
	Widened bool `json:"widened,omitempty"`
	// ScheduleFree: the optimizer is a schedule-free method proper (its
	// kind is, and its settings are not an averaging end point of the
	// family). Nil in records written before the field; reports then judge
	// by the kind's name.
	ScheduleFree *bool `json:"schedule_free"`
	// Averaging names the averaging that makes the optimizer an averaging
	// baseline: "polyak", "primal" or "ema" (its averaging setting, or the
	// end point of a schedule-free family its settings put it at), "" for
	// none. Nil in records written before the field; reports then judge by
	// the kind's name and settings.
	Averaging *string `json:"averaging"`

	Status       string `json:"status"`
	DivergedStep int    `json:"diverged_step,omitempty"` // steps taken when divergence was detected
	Error        string `json:"error,omitempty"`
	Steps        int    `json:"steps"`        // steps taken
	InitialLoss  Value  `json:"initial_loss"` // minibatch loss of the first step; may be NaN or ±Inf (written as strings)
	// Initial holds the metrics at the starting point, before any step;
	// the divergence rule's loss ratios are relative to its train_loss.
	Initial Metrics `json:"initial,omitempty"`
	// PeakLossRatio is the largest full-batch training loss seen at an
	// evaluation over the initial one (0 when that is not positive): a
	// finished run with a large ratio was unstable but is still counted.
	PeakLossRatio Value `json:"peak_loss_ratio"`
	// Timing. WallSeconds is everything (set-up, training, evaluations,
	// checkpoints); TrainSeconds the training steps only, EvalSeconds the
	// evaluations, SetupSeconds building the problem and optimizer (and
	// restoring a checkpoint). StepsPerSec is Steps / TrainSeconds. A
	// resumed cell sums the time of every attempt's completed steps.
	WallSeconds  float64 `json:"wall_seconds"`
	TrainSeconds float64 `json:"train_seconds"`
	EvalSeconds  float64 `json:"eval_seconds"`
	SetupSeconds float64 `json:"setup_seconds"`
	StepsPerSec  float64 `json:"steps_per_second"`
	Final        Metrics `json:"final"` // metrics of the last evaluation
	// FinalAt holds the last evaluation's metrics at the suite's other
	// evaluation points (eval: {at: [x, y, z]}), by point; nil without.
	FinalAt map[string]Metrics `json:"final_at,omitempty"`
	Curve   []Point            `json:"curve"` // every evaluation, in step order

	Warnings    []string    `json:"warnings,omitempty"` // e.g. the tuned rate sits at the edge of the grid
	Environment Environment `json:"environment"`
}

// Environment describes the build and the machine a record was made on;
// the harness fills it in (internal/buildinfo), readers only carry it.
type Environment struct {
	Sfbench string `json:"sfbench"` // sfbench version
	Go      string `json:"go"`
	GOOS    string `json:"goos"`
	GOARCH  string `json:"goarch"`
	CPU     string `json:"cpu"`              // model name
	SIMD    bool   `json:"simd"`             // whether any AVX code of sfbench runs
	Vector  string `json:"vector,omitempty"` // which code runs the vector loops, package by package
}

// Metrics maps metric names to values; non-finite values are written as
// the strings "NaN", "+Inf" and "-Inf" (see Value).
type Metrics map[string]Value

// Point is one evaluation: steps taken, the minibatch loss of the last
// step, and the full metrics.
type Point struct {
	Step    int     `json:"step"`
	Loss    Value   `json:"loss"`
	Metrics Metrics `json:"metrics"`
	// At holds the metrics at the suite's other evaluation points, by
	// point ("y", "z"); nil when the suite evaluates one point.
	At map[string]Metrics `json:"at,omitempty"`
	// Diag holds the optimizer's diagnostics after the steps taken, when
	// the suite records them (eval: {diagnostics: true}); nil without.
	Diag *Diagnostics `json:"diag,omitempty"`
}

// Diagnostics are an optimizer's state at one evaluation (optim.Diagnoser)
// and the norm of the last minibatch gradient. A quantity the optimizer
// does not have is absent (nil), never 0: plain SGD and AdamW have only
// the rate; ‖x − z‖ and ‖y − x‖ exist for the schedule-free methods (all
// forms) and the averaging baselines (as the family's end points: Polyak
// and EMA are β = 0, y = z; primal averaging β = 1, y = x). Values may be
// NaN or ±Inf after a divergence (written as strings, see Value).
type Diagnostics struct {
	// LR is the learning rate of the last step taken, after warmup and
	// schedule (for the paper's SF-AdamW the bias-corrected one, for RAdam
	// the rectified one: the rate that entered the step and c).
	LR *Value `json:"lr,omitempty"`
	// C is the averaging weight c_k of the last step, x ← (1−c)·x + c·z.
	C *Value `json:"ck,omitempty"`
	// XMinusZ and YMinusX are the Euclidean norms ‖x − z‖ and ‖y − x‖
	// over all parameters.
	XMinusZ *Value `json:"x_minus_z,omitempty"`
	YMinusX *Value `json:"y_minus_x,omitempty"`
	// GradNorm is ‖g‖, the Euclidean norm of the last minibatch gradient
	// computed before the evaluation (at y, before weight decay; at a
	// divergence, the gradient of the step that was not taken).
	GradNorm *Value `json:"grad_norm,omitempty"`
}

// DiagnosticNames are the JSON names of the quantities of Diagnostics, in
// the order reports show them.
var DiagnosticNames = []string{"lr", "ck", "x_minus_z", "y_minus_x", "grad_norm"}

// Get returns the quantity of a DiagnosticNames name, and whether d has it.
func (d *Diagnostics) Get(name string) (Value, bool) {
	if d == nil {
		return 0, false
	}
	var v *Value
	switch name {
	case "lr":
		v = d.LR
	case "ck":
		v = d.C
	case "x_minus_z":
		v = d.XMinusZ
	case "y_minus_x":
		v = d.YMinusX
	case "grad_norm":
		v = d.GradNorm
	}
	if v == nil {
		return 0, false
	}
	return *v, true
}

// Canonical is the record as JSON without what depends on the machine and
// the moment (timing and environment): two runs of one cell agree on it.
func Canonical(r Record) string {
	r.WallSeconds, r.StepsPerSec, r.Environment = 0, 0, Environment{}
	r.TrainSeconds, r.EvalSeconds, r.SetupSeconds = 0, 0, 0
	b, err := json.Marshal(r)
	if err != nil {
		panic("record: " + err.Error())
	}
	return string(b)
}
