// Package kinds is the registry of optimizer kinds: the names a suite's
// optimizer entries give (sf-adamw, sgd, …), each registered as one Kind
// value that carries its one-line documentation, its settings (the
// hyperparameters users write, with their defaults), what else an entry of
// the kind may add (a learning-rate schedule, iterate averaging, a base
// optimizer), whether it is schedule-free, and its constructor.
//
// The built-in kinds register themselves, one family per file:
// schedulefree.go (the official schedule-free methods),
// schedulefree_reference.go (their textbook x, y, z forms, whose momentum 0
// and 1 are Polyak-Ruppert and primal averaging), schedulefree_wrapper.go
// (schedule-free around a base optimizer) and torch.go (SGD and AdamW with
// torch semantics). A program adds its own kind with Register in an init
// function; suites then accept it by name.
//
// The package builds optimizers of package optim and knows nothing of
// suites, problems or reports.
package kinds
