package suites

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// MemoryEnv is the environment variable that sets the memory budget.
const MemoryEnv = "SFBENCH_MEMORY"

// Budget defaults when MemoryEnv is not set: a fraction of physical
// memory, or of an assumed size where /proc/meminfo cannot be read.
const (
	budgetFraction  = 0.5
	assumedPhysical = 8 << 30
)

// MemoryBudget is how many bytes one cell may need: a suite refuses a
// problem whose estimate (problems.Plan.Memory) exceeds it. It is read
// from MemoryEnv (a byte count, or a size such as 512MiB, 16GiB, 1.5GB) or
// else is half of physical memory. The budget is per cell: a run with -j N
// executes up to N cells at once and so may need N times the largest
// estimate. Source says where the budget comes from, for messages; err is
// a malformed MemoryEnv.
func MemoryBudget() (bytes float64, source string, err error) {
	if v, ok := os.LookupEnv(MemoryEnv); ok {
		b, err := ParseSize(v)
		if err != nil {
			return 0, "", fmt.Errorf("%s=%q: %v", MemoryEnv, v, err)
		}
		return b, MemoryEnv + "=" + v, nil
	}
	if phys, ok := physicalMemory("/proc/meminfo"); ok {
		return budgetFraction * phys, "half of the " + FormatBytes(phys) + " of physical memory; set " + MemoryEnv + " to change it", nil
	}
	return budgetFraction * assumedPhysical, "half of an assumed " + FormatBytes(assumedPhysical) +
		" of physical memory (/proc/meminfo is unreadable); set " + MemoryEnv + " to change it", nil
}

// physicalMemory reads MemTotal from a meminfo file.
func physicalMemory(path string) (float64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, false
		}
		kib, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil || kib == 0 {
			return 0, false
		}
		return float64(kib) * 1024, true
	}
	return 0, false
}

// sizeUnits are the suffixes ParseSize accepts, lower-cased.
var sizeUnits = map[string]float64{
	"": 1, "b": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// ParseSize reads a positive size in bytes: a number, optionally followed
// (after optional blanks) by B, kB, MB, GB, TB (powers of 1000) or KiB,
// MiB, GiB, TiB (powers of 1024), in any case: "16GiB", "512 MiB",
// "1.5GB", "1048576".
func ParseSize(s string) (float64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.') })
	if i < 0 {
		i = len(t)
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	mult, ok := sizeUnits[unit]
	v, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || !(v*mult >= 1) || math.IsInf(v*mult, 0) {
		return 0, fmt.Errorf("want a size in bytes such as 16GiB, 512MiB or 1073741824, got %q", s)
	}
	return v * mult, nil
}

// FormatBytes writes a size with a binary unit and three significant
// digits: "980 B", "1.5 KiB", "320 GiB", "4.37e+25 TiB".
func FormatBytes(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	u := 0
	for u+1 < len(units) && b >= 999.5 { // what %.3g would round to 1e+03
		b /= 1024
		u++
	}
	return fmt.Sprintf("%.3g %s", b, units[u])
}
