// Package configs holds the suites sfbench ships: the paper's
// (paper-*.yaml) and the nightly regression suite, embedded so that
// `sfbench run paper-convex` works from any directory (suites.LoadBuiltin).
package configs

import "embed"

// Suites are the shipped suite files, at the root of the file system.
//
//go:embed paper-*.yaml nightly.yaml
var Suites embed.FS
