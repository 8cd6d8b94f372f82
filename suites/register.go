package suites

// A suite can name any registered problem; these imports register them all.
import (
	_ "github.com/sfbench/sfbench/problems/convex"
	_ "github.com/sfbench/sfbench/problems/text"
	_ "github.com/sfbench/sfbench/problems/vision"
)
