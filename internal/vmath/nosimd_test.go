//go:build !(goexperiment.simd && amd64)

package vmath

func testLevels() []string { return []string{"scalar"} }

func atLevel(string) func() { return func() {} }
