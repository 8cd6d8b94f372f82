// Package data loads the small real data sets that sfbench ships under
// data/ at the repository root, and provides the deterministic helpers the
// benchmark problems need on top of them (standardization, held-out
// splits, minibatch order).
//
// Formats:
//
//   - LIBSVM sparse text (ReadLIBSVM, ReadLIBSVMPair): "label idx:val ...".
//   - Numeric delimited text as written by scikit-learn's bundled data
//     files (ReadCSV), including the separate-target layout of diabetes.
//   - IDX binary (ReadIDX, ReadMNIST), the MNIST container format.
//   - Plain text corpora (ReadText) with a deterministic character
//     vocabulary (Vocab).
//
// Every reader accepts gzip-compressed input transparently (see Open).
// Load reads the data sets listed in Shipped from the directory FindDir
// locates; LocateMNIST finds the optional MNIST files.
//
// All data sets here are small, so every loader returns a dense, row-major
// Dataset even when the file is sparse; no sparse matrix type exists.
//
// Errors: every parse error is a *ParseError whose message starts with the
// file name and the 1-based line ("path:line: what is wrong"); for the binary
// IDX format the line is replaced by a byte offset into the decompressed
// stream ("path: byte offset N: what is wrong").
//
// Determinism: Split and Shuffler draw from math/rand/v2's PCG generator
// seeded by a documented function of the caller's seed (see PCGSeeds), and
// use their own bounded-integer draw (see Shuffler), so the orders they
// produce depend only on the seed, the epoch and n, not on the Go release.
package data
