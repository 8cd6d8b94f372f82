package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Baselines of several machine kinds live side by side in one folder, one
// file per kind, named by the kind (machineKey): a speed check compares a
// run with the baseline of its own kind of CPU and vector code only.

// machineKey names the machine kind a benchmark file was recorded on, from
// its configuration lines: the CPU model ("cpu:"), its vendor, family and
// model numbers when the file has them ("cpuid:", which the Makefile
// writes: one model name, such as a VM's "AMD EPYC", covers several
// generations) and the vector code that ran ("isa:"). For example
// "AMD-EPYC_AuthenticAMD-family-25-model-1_avx2".
func machineKey(config map[string]string) string {
	var parts []string
	for _, k := range []string{"cpu", "cpuid", "isa"} {
		if v := slug(config[k]); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, "_")
}

var nonName = regexp.MustCompile(`[^A-Za-z0-9.]+`)

func slug(s string) string { return strings.Trim(nonName.ReplaceAllString(s, "-"), "-") }

// findBaseline picks the baseline of the machine kind of config in dir:
// the file named by its whole key, else one recorded without cpuid
// (older baselines) for the same CPU model and vector code.
func findBaseline(dir string, config map[string]string) (string, error) {
	key := machineKey(config)
	noID := map[string]string{"cpu": config["cpu"], "isa": config["isa"]}
	for _, k := range []string{key, machineKey(noID)} {
		p := filepath.Join(dir, k+".txt")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	have, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	for i := range have {
		have[i] = strings.TrimSuffix(filepath.Base(have[i]), ".txt")
	}
	sort.Strings(have)
	list := "none"
	if len(have) > 0 {
		list = strings.Join(have, ", ")
	}
	return "", fmt.Errorf("%s holds no baseline for this machine kind, %s (it has: %s): record one with `make bench-baseline` on this kind of machine and commit it",
		dir, key, list)
}
