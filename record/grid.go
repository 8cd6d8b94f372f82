package record

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// GridPoint is where a cell sits in the grid of its optimizer entry (a
// suite's `grid: {momentum: [0.9, 0.95]}`): the entry, the values of its
// gridded settings at the cell, and how the entry is selected.
type GridPoint struct {
	// Entry is the optimizer entry's name. Record.Optimizer names the
	// entry at this point (PointLabel): one configuration, as every label.
	Entry string `json:"entry"`
	// Settings are the gridded settings' values at this point, by their
	// names in the kind's hyper (Record.Hyper holds them too).
	Settings map[string]any `json:"settings"`
	// Select is SelectGrid or SelectRate.
	Select string `json:"select"`
}

// How a gridded entry is selected (GridPoint.Select).
const (
	// SelectGrid: one configuration, a grid point and a rate, is selected
	// over the entry's whole grid × rates; reports show the entry as one
	// optimizer, with the setting selected.
	SelectGrid = "grid"
	// SelectRate: the rate is selected for each grid point on its own, and
	// reports show each point as an optimizer of its own (PointLabel).
	SelectRate = "rate"
)

// PointLabel names entry at a grid point: the entry's name and each
// gridded setting as name=value, in the order of their names
// ("sf-sgd momentum=0.9 warmup_fraction=0.05"). Entry names have no
// spaces, so such a label is never a user's own.
func PointLabel(entry string, settings map[string]any) string {
	if len(settings) == 0 {
		return entry
	}
	return entry + " " + strings.Join(settingTexts(settings), " ")
}

// PointText shows a grid point's settings as prose: "momentum=0.9,
// warmup_fraction=0.05" (names in order).
func PointText(settings map[string]any) string { return strings.Join(settingTexts(settings), ", ") }

func settingTexts(settings map[string]any) []string {
	var out []string
	for _, k := range sortedNames(settings) {
		out = append(out, k+"="+FormatSetting(settings[k]))
	}
	return out
}

func sortedNames(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// FormatSetting writes a setting's value as YAML would read it back: a
// number in its shortest exact form (0.9, 1e-05, 100, whether it is held
// as an integer or, read from JSON, as a float), true or false, a string
// as it is.
func FormatSetting(v any) string {
	if f, ok := number(v); ok {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// Number is a setting's value as a float64, when it is a number of any Go
// type (an integer setting read back from JSON is a float64).
func Number(v any) (float64, bool) { return number(v) }

// number is v as a float64 when v is a number of any Go type.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return math.NaN(), false
}

// CompareSettings orders two values of one setting: numbers by value
// (whatever Go type holds them), false before true, strings as strings;
// values of different kinds by kind (numbers, booleans, strings, others).
func CompareSettings(a, b any) int {
	fa, na := number(a)
	fb, nb := number(b)
	switch {
	case na && nb:
		return cmp.Compare(fa, fb)
	case na != nb:
		if na {
			return -1
		}
		return 1
	}
	ba, isBoolA := a.(bool)
	bb, isBoolB := b.(bool)
	switch {
	case isBoolA && isBoolB:
		switch {
		case ba == bb:
			return 0
		case !ba:
			return -1
		}
		return 1
	case isBoolA != isBoolB:
		if isBoolA {
			return -1
		}
		return 1
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

// ComparePoints orders grid points: setting by setting in the order of
// their names, by CompareSettings; a point without a setting comes before
// one with it. It is the order in which a suite expands a grid, so that
// every reader lists (and breaks ties between) points as the run did.
func ComparePoints(a, b map[string]any) int {
	names := sortedNames(a)
	for k := range b {
		if _, ok := a[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		va, oka := a[k]
		vb, okb := b[k]
		switch {
		case oka != okb:
			if !oka {
				return -1
			}
			return 1
		case !oka:
			continue
		}
		if c := CompareSettings(va, vb); c != 0 {
			return c
		}
	}
	return 0
}
