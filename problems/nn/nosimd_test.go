//go:build !goexperiment.simd || !amd64

package nn

func testLevels() []string { return []string{"scalar"} }

func atLevel(string) func() { return func() {} }
