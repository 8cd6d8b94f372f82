// Package cli is the sfbench command line as a library: Main parses the
// arguments, runs one verb and returns the exit code, so that a program of
// one's own runs the same CLI as the sfbench command, with the optimizer
// kinds and problem families it registers.
//
// Usage (of any program whose main calls Main):
//
//	sfbench run [-o DIR] [-j N] [-shard k/N] [-dry-run] [CONFIG.yaml | SUITE]
//	sfbench report [-o OUTDIR] DIR
//	sfbench summarize -o RESULTS.md DIR...
//	sfbench list
//	sfbench merge -o DIR SHARD_DIR...
//	sfbench compare [flags] BASE NEW
//	sfbench verify-reference [-tol T] [FILE.json]
//	sfbench version
//
// Exit codes: 0 ok, 1 a check failed, 2 bad input or usage, 130 interrupted.
//
// The package links no problem family: a program links those it offers
// (blank imports of problems/convex, problems/vision, problems/text, as
// cmd/sfbench does) and registers its own kinds before calling Main,
// optimizers with kinds.Register (package optim/kinds) and problems with
// problems.Register; suites then name them like the built-in ones, and
// `list` lists them:
//
//	func init() { kinds.Register(kinds.Kind{Name: "my-sgd", …}) }
//
//	func main() { os.Exit(cli.Main(os.Stdout, os.Stderr, os.Args[1:])) }
//
// Runnable examples of both are examples/custom-optimizer and
// examples/custom-problem.
package cli
