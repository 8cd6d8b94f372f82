package harness

import (
	"context"
	"slices"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/suites"
)

// widen runs the protocol's widening after the first phase's cells: while
// the rate chosen for a problem × optimizer × horizon (choose) is the
// largest rate its candidate ran, it runs twice that rate (half the
// smallest at the other edge), at most Protocol.Widen rates per side. A
// rate that is worse or diverges ends it there (the chosen rate is then
// inside). Every decision depends on the records only, so a rerun (resume)
// or another worker count takes the same steps and finds their cells done.
// It returns the first phase's cells with those added.
func (r *runner) widen(ctx context.Context, cells []suites.Cell, sum *Summary) ([]suites.Cell, error) {
	for {
		var more []suites.Cell
		for _, ch := range r.choose(cells) {
			if !ch.atEdge() {
				continue
			}
			below, above := r.s.WidenedRates(ch.p, ch.o)
			next, ok := nextRate(ch, below, above)
			if !ok {
				continue
			}
			more = append(more, r.s.WidenCells(ch.p, ch.o, next, ch.key.horizon)...)
		}
		if len(more) == 0 {
			return cells, nil
		}
		if err := r.run(ctx, more, sum); err != nil {
			return cells, err
		}
		cells = append(cells, more...)
	}
}

// nextRate is the rate widening adds beside the chosen one at the edge of
// those its candidate ran: the next of below (at the small edge) or above
// (at the large edge) not yet run; false when that side's limit is
// reached, or at the small edge when the chosen rate, one widening added,
// finished runs but is no better than the next rate up by the rule's
// first three steps, chosen only for being smaller (a metric flat over the
// small rates would otherwise widen to the limit). A rate whose every run
// failed, next to another such, is not a tie: halving goes on.
func nextRate(ch choice, below, above []float64) (float64, bool) {
	side := above
	if ch.lr == ch.rates[0] {
		side = below
		if slices.Contains(below, ch.lr) && ch.sums[0].N > 0 && !selection.Better(ch.sums[0], ch.sums[1], ch.goal) {
			return 0, false
		}
	}
	for _, lr := range side {
		if !slices.Contains(ch.rates, lr) {
			return lr, true
		}
	}
	return 0, false
}
