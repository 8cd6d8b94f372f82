package reports

// Selection is the configuration a report selected for one problem and
// optimizer: what a suite rerunning the selection runs (suites.Best).
type Selection struct {
	Problem, Optimizer string // the table's row and column
	// Label names the configuration (its records' optimizer): the
	// optimizer, or the grid point selected for it.
	Label   string
	LR      float64
	Horizon int
}

// Selections are the choices of the analysis, per problem × optimizer in
// the report's order.
func (a *Analysis) Selections() []Selection {
	var out []Selection
	for _, p := range a.Problems {
		for _, o := range a.Optimizers {
			if c := a.Choice(p, o); c != nil {
				out = append(out, Selection{Problem: p, Optimizer: o, Label: c.Group.Label, LR: c.Group.LR, Horizon: c.Group.Horizon})
			}
		}
	}
	return out
}
