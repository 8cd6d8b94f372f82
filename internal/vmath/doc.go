// Package vmath holds the dense float64 kernels that problems use for their
// losses and gradients: an exponential and a logarithm of its own, softmax
// and log-sum-exp, dot products, axpy, a matrix–vector product with bias
// (gemv) and rank-1 updates (ger, and a batch of them in one pass).
//
// As in optim/kernel, every kernel has a pure-Go reference twin (the *Ref
// functions, whose body defines the result) and, when built with
// GOEXPERIMENT=simd on amd64 and run on a CPU with AVX2, a vector twin
// written with simd/archsimd. Both perform the same IEEE operations in the
// same order: the vector code never fuses a multiply-add, and the references
// convert every product explicitly so the compiler cannot fuse one either.
// Results are therefore bit-identical between the two builds and between the
// twins of one build (SFBENCH_SIMD=off switches the vector code off at run
// time), which the tests check on every length 0..67 with guard padding, and
// against golden hashes that both builds must reproduce.
//
// Reductions have one fixed order, which both twins follow: lane l (0..3)
// accumulates, starting from +0, the terms whose index i has i%4 == l, in
// increasing i, and the lanes combine as (l0+l1)+(l2+l3). A vector twin
// loads the 1..3 elements of a tail into the low lanes with +0 in the
// others, and a missing lane's +0 term leaves its accumulator unchanged: a
// lane that starts at +0 can never become −0.
//
// The package knows nothing of optimizers; problems must not import optim,
// so it is separate from optim/kernel.
package vmath
