// Package plot renders the figures of sfbench reports as PNG files, in the
// style of "The Road Less Scheduled" (Defazio et al., 2024), without
// Python: it draws with gonum.org/v1/plot and its embedded Liberation
// fonts, so no system fonts are needed.
//
// The package is pure rendering. It takes plain data (Series, Panel,
// ParetoPanel, HeatmapPanel, ProfilePanel) and depends on nothing else of
// sfbench. Each figure function writes one PNG and returns an error:
//
//   - Convergence: metric versus step, a panel per problem, a line per
//     optimizer with its seed band.
//   - LRSensitivity: final metric versus learning rate on a log₂ axis
//     (ticks 2^k), with × marks at the top for diverged learning rates.
//   - Pareto: final metric of separately-run horizons of a scheduled
//     method (the frontier) against any-time (schedule-free) curves.
//   - Heatmap: a grid of values over two hyper-parameters (β × γ) with a
//     labelled colour bar; diverged cells grey with ×.
//   - PerformanceProfile: AlgoPerf-style fraction of problems solved
//     within τ × the fastest method's steps.
//
// Figures with several panels lay them out in a grid (Options.Columns),
// with one legend for the whole figure below the panels, so that it never
// hides data. Colours are keyed by label through a Palette (a fixed
// colour-blind-friendly list, Colors): pass the same Palette to every
// figure of a report for consistent colours.
//
// Degenerate data never panics: empty or all-NaN series, single points,
// values ≤ 0 on a log axis (left out and counted in a note under the panel
// title), and panels where every run diverged all render, with a note
// saying what is not shown. Inconsistent input (mismatched lengths) is an
// error.
//
// Text may contain "^{...}" for a superscript (used for 2^{-4} ticks: the
// embedded fonts lack the Unicode superscript minus).
package plot
