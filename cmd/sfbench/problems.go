package main

// The problem families the CLI offers: each registers its kinds with
// package problems when linked. A program built on the library links the
// families it wants the same way.
import (
	_ "github.com/sfbench/sfbench/problems/convex"
	_ "github.com/sfbench/sfbench/problems/text"
	_ "github.com/sfbench/sfbench/problems/vision"
)
