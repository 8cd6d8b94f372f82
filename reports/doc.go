// Package reports turns result records into tables, figures and a
// RESULTS.md. It reads records only (record) and never runs anything, so
// `sfbench report DIR` regenerates a folder's report at any time.
//
// The steps are separate, as in benchstat: Analyze groups records by
// configuration (record.Key) across seeds and selects each optimizer's
// rate; Read does that for a results folder while keeping of each record
// only a Run (outcome, timing, final metrics) and the curves the figures
// draw; the writers render the analysis.
//
// What a report shows is listed once: the figures in Figures (file,
// caption, when it applies, how its panels are built), the table
// notations in package format (every file format gets a table.<ext>).
// The paper's claims and the summary of several suites are in
// reports/paper, the regression verdict in reports/compare.
package reports
