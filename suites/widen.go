package suites

import "slices"

// WidenCells are the cells of a rate added beyond the grid by the
// protocol's widen for a problem, optimizer (an entry, or a point of its
// grid) and horizon: the phase's seeds (a sweep's, or the tuning seeds of
// tune-then-seeds), marked Widened.
func (s *Suite) WidenCells(p *Problem, o *Optimizer, lr float64, horizon int) []Cell {
	seeds, phase := s.Protocol.Seeds, "sweep"
	if s.Protocol.Kind == "tune-then-seeds" {
		seeds, phase = s.Protocol.TuneSeeds, "tune"
	}
	cells := s.seedRuns(p, o, lr, seeds, []int{horizon}, phase)
	for i := range cells {
		cells[i].Widened = true
	}
	return cells
}

// WidenedRates are the rates widen may add to an optimizer's grid on a
// problem, below its smallest rate (halving) and above its largest
// (doubling), Protocol.Widen on each side; none when widen is off or the
// grid has a single rate.
func (s *Suite) WidenedRates(p *Problem, o *Optimizer) (below, above []float64) {
	rates := o.Rates(p)
	if s.Protocol.Widen == 0 || len(rates) < 2 {
		return nil, nil
	}
	lo, hi := slices.Min(rates), slices.Max(rates)
	for range s.Protocol.Widen {
		lo, hi = lo/2, hi*2
		below, above = append(below, lo), append(above, hi)
	}
	return below, above
}

// widenable are the cells of every rate widen may add (for Possible), of
// the seeds phase too under tune-then-seeds.
func (s *Suite) widenable() []Cell {
	var out []Cell
	s.eachPoint(func(p *Problem, pt *Optimizer) {
		below, above := s.WidenedRates(p, pt)
		for _, lr := range append(below, above...) {
			for _, h := range s.Horizons(p, pt) {
				out = append(out, s.WidenCells(p, pt, lr, h)...)
				if s.Protocol.Kind == "tune-then-seeds" {
					out = append(out, s.SeedCells(p, pt, lr, h)...)
				}
			}
		}
	})
	return out
}
