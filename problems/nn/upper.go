package nn

// The vector upper state and the scalar code of the layers.
//
// The layers' scalar loops (activations, softmax rows, normalization, loss,
// im2col, …) compile to legacy-SSE instructions. On Intel CPUs each of them
// costs a state transition of hundreds of cycles while the upper halves of
// the vector registers are in use (math.Exp: 7–9 ns clean, 1.4–1.7 µs dirty;
// ../shared/FINDINGS.md). The AVX2 gemm ends with VZEROUPPER, but in a
// GOEXPERIMENT=simd build the runtime's asynchronous preemption restores the
// full vector registers and leaves them in use until the next VZEROUPPER,
// (in the transformer, math.Exp in that state was 23% of a step; measured on
// Intel, FINDINGS.md). So the long scalar
// stretches clear the state themselves (clearUpper, in gemm_simd.go and
// gemm_default.go): once per row (softmax, loss, normalization) or per
// clearEvery elements (elementwise loops), which bounds what runs slowly
// after a preemption to one row or chunk (in the default build clearUpper
// is empty). Results are unchanged: the arithmetic is the same, only
// interleaved with VZEROUPPER.
const clearEvery = 1024
