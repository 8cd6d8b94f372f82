// Package harness runs the cells of a suite: a pool of workers, one fresh
// problem and optimizer per cell, evaluation on the suite's cadence at the
// requested point (x for schedule-free and averaged methods, with BatchNorm
// statistics recomputed there), divergence detection, and a results file
// that is appended and synced after every cell, so that a rerun into the
// same folder resumes where the last one stopped. Results do not depend on
// the number of workers or on sharding.
package harness
