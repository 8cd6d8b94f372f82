package main

import (
	"os"
	"testing"
)

// TestGeneratedUpToDate fails when loops32_amd64.go was edited by hand or
// loops64_amd64.go changed without `go generate ./optim/kernel`.
func TestGeneratedUpToDate(t *testing.T) {
	src, err := os.ReadFile("../../../optim/kernel/loops64_amd64.go")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../../optim/kernel/loops32_amd64.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != Convert(string(src)) {
		t.Fatal("optim/kernel/loops32_amd64.go is stale: run go generate ./optim/kernel")
	}
}
