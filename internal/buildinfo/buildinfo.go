// Package buildinfo describes the sfbench build and the machine it runs on,
// for result records and `sfbench version`.
package buildinfo

import (
	"bufio"
	"os"
	"runtime"
	"strings"

	"github.com/sfbench/sfbench/optim/kernel"
)

// Version is the sfbench release.
const Version = "0.1.0-dev"

// Environment is recorded with every result.
type Environment struct {
	Sfbench string `json:"sfbench"`
	Go      string `json:"go"`
	GOOS    string `json:"goos"`
	GOARCH  string `json:"goarch"`
	CPU     string `json:"cpu"`
	SIMD    bool   `json:"simd"`
}

// Current describes this build on this machine.
func Current() Environment {
	return Environment{
		Sfbench: Version,
		Go:      runtime.Version(),
		GOOS:    runtime.GOOS,
		GOARCH:  runtime.GOARCH,
		CPU:     cpuModel(),
		SIMD:    kernel.SIMD(),
	}
}

// cpuModel reads the model name from /proc/cpuinfo, or "unknown".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
