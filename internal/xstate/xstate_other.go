//go:build !amd64

package xstate

const supported, hasAVX = false, false

func xgetbv1() uint64 { return 0 }

func vzeroupper() {}

func dirtyUpper() {}
