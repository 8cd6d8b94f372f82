package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/cli"
)

// TestOffersEveryFamily: the command links the problem families of
// problems.go, one kind of each listed by `sfbench list`.
func TestOffersEveryFamily(t *testing.T) {
	var out, errb bytes.Buffer
	if code := cli.Main(&out, &errb, []string{"list"}); code != 0 {
		t.Fatalf("list: exit %d: %s", code, errb.String())
	}
	for _, kind := range []string{"softmax", "quadratic", "vision", "charlm"} {
		if !strings.Contains(out.String(), "\n  "+kind+" ") {
			t.Errorf("list names no problem %s:\n%s", kind, out.String())
		}
	}
}
