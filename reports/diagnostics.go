package reports

import (
	"slices"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports/plot"
)

// DiagnosticsPNG is the figure of the optimizers' diagnostics, written
// when the records carry them (eval: {diagnostics: true}).
const DiagnosticsPNG = "diagnostics.png"

// diagPrefix marks the curve of a diagnostic quantity among a group's
// curves: diagCurve("lr") is the rate's. No metric has a '/' in its name,
// so the names cannot clash, and no final metric is one of them (the page's
// metric switch lists final metrics only).
const diagPrefix = "diag/"

func diagCurve(quantity string) string { return diagPrefix + quantity }

// diagCurveOf is a run's curve of one diagnostic quantity
// (record.DiagnosticNames): its finite values in step order, empty where
// the optimizer does not have it.
func diagCurveOf(r *record.Record, quantity string) []CurvePoint {
	var out []CurvePoint
	for _, pt := range r.Curve {
		if v, ok := pt.Diag.Get(quantity); ok && finite(float64(v)) {
			out = append(out, CurvePoint{pt.Step, float64(v)})
		}
	}
	return out
}

// diagLabels name the quantities on the figure's axes.
var diagLabels = map[string]string{
	"lr":        "learning rate",
	"ck":        "averaging weight c_k",
	"x_minus_z": "‖x − z‖",
	"y_minus_x": "‖y − x‖",
	"grad_norm": "‖g‖ (last minibatch)",
}

// diagnosticsPanels: per problem a row, per quantity a column (those some
// selected run has, in record.DiagnosticNames order), each optimizer's
// selected rate as a line, mean over seeds with its band; an optimizer
// without the quantity is not drawn in its panel. The number of columns is
// returned with the panels; none when no record carries diagnostics.
func diagnosticsPanels(a *Analysis, opt Options) (panels []plot.Panel, columns int) {
	if !a.Diagnostics {
		return nil, 0
	}
	has := func(c *Choice, q string) bool {
		for i := range c.Group.Runs {
			if len(c.Group.Curve(i, diagCurve(q))) > 0 {
				return true
			}
		}
		return false
	}
	var quantities []string
	for _, q := range record.DiagnosticNames {
		for _, p := range a.Problems {
			for _, o := range a.Optimizers {
				if c := a.Choice(p, o); c != nil && has(c, q) && !slices.Contains(quantities, q) {
					quantities = append(quantities, q)
				}
			}
		}
	}
	if len(quantities) == 0 {
		return nil, 0
	}
	for _, p := range a.Problems {
		for _, q := range quantities {
			panel := plot.Panel{Title: p + ": " + diagLabels[q], XLabel: "step", YLabel: diagLabels[q]}
			for _, o := range a.Optimizers {
				if c := a.Choice(p, o); c != nil && has(c, q) {
					panel.Series = append(panel.Series, metricCurveSeries(o, c, diagCurve(q), opt))
				}
			}
			panels = append(panels, panel)
		}
	}
	return panels, len(quantities)
}

// diagnosticsFigure is the entry of Figures for DiagnosticsPNG.
var diagnosticsFigure = Figure{File: DiagnosticsPNG, Title: "schedule-free diagnostics", Summary: true,
	caption: func(band string) string {
		return "Diagnostics at each optimizer's selected rate, a row per problem: the learning rate of the last step (after warmup and schedule), " +
			"the averaging weight c_k of that step (x ← (1−c_k)·x + c_k·z), the distances ‖x − z‖ and ‖y − x‖ over all parameters " +
			"(for the averaging baselines as the schedule-free family's end points: Polyak y = z, primal y = x) and the norm of the last minibatch gradient before the evaluation; " +
			"mean over seeds, band " + band + "; an optimizer without a quantity (plain SGD or AdamW have only the rate) is not drawn in its panel; " +
			"a panel whose values span two decades or more has a log y axis."
	},
	build: func(a *Analysis, opt Options, _ []TargetRow) (func(string, plot.Options) error, bool) {
		panels, cols := diagnosticsPanels(a, opt)
		return func(path string, o plot.Options) error {
			o.Columns = cols
			return plot.Diagnostics(path, panels, o)
		}, len(panels) > 0
	}}
