// Package suites reads a benchmark suite from YAML, validates it, and
// expands it into the deterministic grid of cells the harness runs:
// problems × optimizers (× the points of an optimizer's grid of settings)
// × learning rates × seeds (× training horizons).
//
// Every error names the file and line ("file:line: what is wrong"); a suite
// with several problems reports them all. A suite is only returned when
// every problem and optimizer in it can actually be built.
//
// Problems are validated from their plans (problems.Kind.Plan), which check
// the options and estimate a cell's memory without building anything
// large; only problems that are cheap to build are built, once, and none is
// evaluated, so that validating a large problem takes milliseconds. A
// problem whose estimate exceeds the memory budget is refused: the budget
// is SFBENCH_MEMORY (16GiB, 512MiB, a byte count, …) or half of physical
// memory, and holds for one cell: run -j N executes up to N cells at once,
// so choose N (or the budget) for N times the largest estimate.
//
// File format (all keys but suite, problems, optimizers and budget optional):
//
//	suite: smoke                     # name, used for output folders
//	description: one line
//	problems:
//	  - name: letter                 # label in tables (default: kind)
//	    kind: softmax                # a registered problem (sfbench list)
//	    options: {dataset: letter, batch: 16}
//	optimizers:
//	  - name: sf-adamw               # label (default: kind)
//	    kind: sf-adamw               # a registered kind (optim/kinds; sfbench list), one of
//	                                 # sf-sgd sf-adamw sf-adamw-paper sf-radam
//	                                 # sf-sgd-reference sf-adamw-reference (the x, y, z form:
//	                                 # beta 0 is Polyak, 1 primal averaging)
//	                                 # sf-wrapper sgd adamw
//	    hyper: {beta1: 0.9, beta2: 0.95, warmup_fraction: 0.05}
//	    schedule: {kind: cosine, warmup_fraction: 0.05}   # sgd and adamw only
//	    averaging: {kind: polyak}    # polyak, primal or ema (decay); sgd and adamw only
//	    base: {kind: sgd, hyper: {momentum: 0.9}}         # sf-wrapper only; kind sgd or adamw
//	    lrs: [0.1, 1]                # this optimizer's own grid
//	    grid: {beta1: [0.9, 0.95], warmup_fraction: [0, 0.05]}
//	                                 # any settings of the kind's hyper (not also given there), each
//	                                 # a list of values of the setting's type; values sorted, settings
//	                                 # crossed in the order of their names, then with the rates and
//	                                 # seeds. Each point is a configuration of its own, named
//	                                 # "sf-adamw beta1=0.9 warmup_fraction=0" in records (which carry
//	                                 # grid: {entry, settings, select}); its settings are in its hyper,
//	                                 # so its cells have the ids of the entry written out with them
//	    select: grid                 # grid (default): one point and rate selected over the whole grid
//	                                 # × rates (a tie: the smaller rate, then the earlier point), the
//	                                 # entry one optimizer in tables, with the setting selected;
//	                                 # rate: the rate selected for each point, each point reported as an
//	                                 # optimizer of its own. Tune-then-seeds tunes likewise
//	    problems: [letter]           # run on these problems only; or {letter: [0.1, 1], …}: each
//	                                 # with its own rates (then no lrs here)
//	    anytime: true                # needs no horizon (schedule-free): with several
//	                                 # horizons only the longest runs
//	lrs: {pow2: [-10, 10]}           # or a list; 2^-10 … 2^10
//	seeds: 3                         # or a list of seeds
//	budget: {epochs: 100}            # or {steps: N}, or {horizons: [N1, N2, …]} in steps
//	eval: {every: 100, at: x}        # or {points: 20}; at: x (default), y or z, or a list [x, y, z]: the first is reported, the others recorded beside it
//	                                 # diagnostics: true also records at every evaluation the optimizer's
//	                                 # rate of the last step, averaging weight c_k, ‖x − z‖, ‖y − x‖ and the
//	                                 # norm of the last minibatch gradient (record.Point.Diag; a quantity an
//	                                 # optimizer lacks is absent) and draws diagnostics.png; metrics are
//	                                 # bit-identical with and without, cell ids differ
//	divergence: {factor: 10, patience: 3}
//	                                 # opt-in blow-up rule: also stop when the full-batch training
//	                                 # loss exceeds factor × its initial value at patience (default 3)
//	                                 # consecutive evaluations; without it (the paper's semantics)
//	                                 # a run diverges only when its loss or a parameter is non-finite
//	protocol: {kind: tune-then-seeds, metric: train_acc, goal: max, tune_seeds: 1, seeds: 10}
//	                                 # or {kind: sweep, metric: test_acc}. metric is what tables
//	                                 # report; the rate is selected (internal/selection) by
//	                                 # select, which defaults for a test metric to its validation
//	                                 # twin (val_acc; the problems' validation split is then on
//	                                 # unless their options set it) or its training twin, and
//	                                 # otherwise to metric itself. Each horizon is tuned on its own.
//	                                 # widen: true (needs a metric) grows a rate grid whose selected
//	                                 # rate is at its edge: twice the largest rate (half the smallest)
//	                                 # runs, and so on, until the selected rate is inside (the new
//	                                 # rate is worse or diverges; at the small edge also when it only
//	                                 # wins the tie-break) or widen_limit rates (default 8) were added
//	                                 # on that side; per problem × optimizer × horizon (select: grid: at the point selected),
//	                                 # on the sweep's seeds or the tuning seeds; records say widened
//	                                 # targets: {letter: 0.75} sets per problem the value of metric that
//	                                 # steps to target and the scores time each optimizer to (default:
//	                                 # the best final mean of any optimizer made 2% worse); baseline:
//	                                 # NAME the optimizer (a table column) the scores' speedups are over
//	                                 # (default: the first that is not schedule-free). Both only change
//	                                 # the reports, are carried in every record and, when set, are part
//	                                 # of the suite's settings
//
// After a run (unsharded), `sfbench run` writes DIR/best.yaml (Suite.Best):
// a suite of this format that reruns the configurations selected, one
// optimizer entry per configuration (a grid point written out) restricted
// to the problems it was selected on at the rate selected there
// (problems: {name: [rate]}), every problem option spelled out, on the
// protocol's seeds; its cells are the selected cells, id for id.
// configs/example-grid.yaml and configs/paper-momentum.yaml use grids.
package suites
