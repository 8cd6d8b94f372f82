package plot

import "fmt"

// Convergence writes a PNG of metric-versus-step curves: one panel per
// element of panels (e.g. per problem), one line per Series (e.g. per
// optimizer, the mean over seeds) with its band (Lo–Hi) shaded in the
// same colour. Diverged runs are marked × at the top edge of the panel at
// the step where they diverged. The legend is below the panels. Empty axis
// labels default to "step" and "metric".
func Convergence(path string, panels []Panel, opt Options) error {
	return seriesFigure(path, panels, opt, seriesDefaults{xlabel: "step", ylabel: "metric"})
}

// LRSensitivity writes a PNG of the final metric versus the learning rate:
// the x axis is always logarithmic in base 2 with ticks labelled 2^k, one
// line with a dot per learning rate and a seed band per Series. Learning
// rates at which a run diverged (Series.Diverged) are marked × in the
// series' colour at the top edge of the panel. Empty axis labels default
// to "learning rate γ" and "final metric".
func LRSensitivity(path string, panels []Panel, opt Options) error {
	return seriesFigure(path, panels, opt, seriesDefaults{
		xlabel: "learning rate γ", ylabel: "final metric", log2X: true, markers: true,
	})
}

type seriesDefaults struct {
	xlabel, ylabel string
	log2X, markers bool
}

func seriesFigure(path string, panels []Panel, opt Options, d seriesDefaults) error {
	var labels []string
	for _, p := range panels {
		for _, s := range p.Series {
			labels = append(labels, s.Label)
		}
	}
	if opt.Palette == nil {
		opt.Palette = sortedPalette(labels)
	}
	fig := figure{opt: opt, labels: labels}
	var leg legendList
	diverged, unstable := false, false
	for pi, p := range panels {
		xp := &xyPanel{
			title: p.Title, xlabel: p.XLabel, ylabel: p.YLabel,
			logX: p.LogX || d.log2X, log2X: d.log2X, logY: p.LogY,
			xlim: p.XLim, ylim: p.YLim,
		}
		if xp.xlabel == "" {
			xp.xlabel = d.xlabel
			if d.log2X {
				xp.xlabel += " (log₂ scale)"
			}
		}
		if xp.ylabel == "" {
			xp.ylabel = d.ylabel
		}
		left := 0
		for _, s := range p.Series {
			if !opt.Palette.shown(s.Label) {
				left++
				continue
			}
			col := opt.Palette.Color(s.Label)
			s.Dashed = s.Dashed || opt.Palette.Dashed(s.Label)
			if err := xp.addSeries(s, seriesLook{color: col, markers: d.markers}); err != nil {
				return fmt.Errorf("%w (panel %d %q)", err, pi, p.Title)
			}
			if s.Label != "" {
				leg.add(legendEntry{label: s.Label, kind: kindLine, color: col,
					dashed: s.Dashed, band: s.Lo != nil, marker: d.markers})
			}
			if len(s.Diverged) > 0 {
				diverged = true
			}
			if len(s.Unstable) > 0 {
				unstable = true
			}
		}
		xp.finish()
		if left > 0 {
			xp.notes = append(xp.notes, fmt.Sprintf("%d more series not drawn (over %d lines)", left, MaxLabels))
		}
		fig.panels = append(fig.panels, xp)
	}
	if diverged {
		leg.add(legendEntry{label: "diverged run (× in the series' colour)", kind: kindCross, color: crossColor})
	}
	if unstable {
		leg.add(legendEntry{label: "unstable run that recovered (ring)", kind: kindRing, color: crossColor})
	}
	fig.legend = leg.entries
	return render(path, fig)
}
