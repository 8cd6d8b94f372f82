//go:build !(goexperiment.simd && amd64)

package kernel

func narrowerLevel() string { return "" }

func atLevel(string) func() { return func() {} }

func testLevels() []string { return levelNames[:] }
