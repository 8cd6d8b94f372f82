// Package reports turns result records into tables (Markdown, LaTeX,
// CSV), figures and a RESULTS.md. It reads records only (record)
// and never runs anything, so `sfbench report DIR` regenerates a folder's
// report at any time.
//
// The steps are separate, as in benchstat: Load reads the records, Analyze
// groups them by problem × optimizer × learning rate across seeds and
// selects each optimizer's rate, and the writers render that analysis.
package reports
