package suites

// The suites the tests load name problems of every family; the library
// itself links none (the program picks them, as cmd/sfbench does).
import (
	_ "github.com/sfbench/sfbench/problems/convex"
	_ "github.com/sfbench/sfbench/problems/text"
	_ "github.com/sfbench/sfbench/problems/vision"
)
