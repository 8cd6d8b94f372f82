// Package optim implements schedule-free optimizers (Defazio et al., "The
// Road Less Scheduled", NeurIPS 2024) and the baselines they are compared
// with, over one flat []float64 parameter vector.
//
// Every optimizer implements Optimizer. Schedule-free methods train at y and
// evaluate at x; Eval and Train switch a parameter vector between the two in
// place (as the official implementation's eval() and train() do), and
// EvalPoint writes x into a separate vector without touching the parameters.
//
// The pieces compose: learning-rate schedules (Schedule) plug into SGD and
// AdamW; iterate averaging (Averaged: Polyak-Ruppert, primal averaging, EMA)
// and the schedule-free Wrapper wrap any base optimizer. So "AdamW + linear
// decay" and "SGD + Polyak averaging" are configurations, not types.
//
// All state serializes with MarshalBinary and restores with UnmarshalBinary
// so that a restored run continues bit-identically. The arithmetic runs in
// the fused loops of package optim/kernel.
//
// Every optimizer of the package is also a Diagnoser: Diagnose reports,
// without changing any state, the rate and averaging weight c of the last
// step and the distances ‖x − z‖ and ‖y − x‖ (those it has), which explain
// how schedule-free methods behave at large rates and across β.
//
// The package knows nothing of problems, harnesses or reports.
package optim
