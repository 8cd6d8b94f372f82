package cli

// The suites the tests run name problems of every family; the package
// itself links none (the program picks them, as cmd/sfbench does).
import (
	_ "github.com/sfbench/sfbench/problems/convex"
	_ "github.com/sfbench/sfbench/problems/text"
	_ "github.com/sfbench/sfbench/problems/vision"
)
