// Package reports turns result records into tables (Markdown, LaTeX,
// CSV), figures and a RESULTS.md. It reads records only (record)
// and never runs anything, so `sfbench report DIR` regenerates a folder's
// report at any time.
//
// The steps are separate, as in benchstat: Analyze groups records by
// configuration (record.Key) across seeds and selects each optimizer's
// rate, Read does that for a results folder while holding only what a
// report shows (final metrics, and the curves it draws), and the writers
// render the analysis.
package reports
