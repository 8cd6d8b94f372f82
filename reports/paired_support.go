package reports

import "github.com/sfbench/sfbench/record"

// Analyzer builds an Analysis from records given one at a time, for a
// reader that streams a results file itself (record.Set with Discard and
// Each) and needs the report's grouping and selected rates
// (Analysis.Choices) but none of its curves: the paired verdict of
// sfbench compare -a -b selects each optimizer's rate exactly as the
// report does through it.
type Analyzer struct {
	b     *builder
	cells int
}

// NewAnalyzer returns an empty Analyzer.
func NewAnalyzer() *Analyzer { return &Analyzer{b: newBuilder()} }

// Add takes one record into its group. Its maps and strings are kept (as
// record.Set's Each allows).
func (z *Analyzer) Add(r *record.Record) {
	z.b.add(z.cells, r)
	z.cells++
}

// Analysis orders the records added as the suite does and selects a rate
// per problem × optimizer, as Analyze does, without curves. It is nil when
// no record was added; call it once, after the last Add.
func (z *Analyzer) Analysis() *Analysis {
	if z.cells == 0 {
		return nil
	}
	return z.b.analysis()
}
