// Package cli is the sfbench command line as a library: Main parses the
// arguments, runs one verb and returns the exit code, so that a program of
// one's own runs the same CLI as the sfbench command, with the optimizer
// kinds and problem families it registers.
//
// Each verb is declared once, beside its code (a command: name, summary,
// arguments and their counts, flags); that declaration parses its command
// line, with flags before or after the arguments ("--" ends them), and
// prints its help (sfbench help VERB, sfbench VERB -h) and its entry in
// the usage (sfbench help), which lists every verb with its flags.
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
