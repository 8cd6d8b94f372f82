package record

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Value is a float64 that survives JSON when it is NaN or infinite
// (diverged runs are data): those are written as the strings "NaN",
// "+Inf" and "-Inf".
type Value float64

// MarshalJSON writes finite values as numbers (shortest round-trip form).
func (v Value) MarshalJSON() ([]byte, error) {
	f := float64(v)
	switch {
	case math.IsNaN(f):
		return []byte(`"NaN"`), nil
	case math.IsInf(f, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(f, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads a number or one of the three strings.
func (v *Value) UnmarshalJSON(b []byte) error {
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		switch s {
		case "NaN":
			*v = Value(math.NaN())
		case "+Inf":
			*v = Value(math.Inf(1))
		case "-Inf":
			*v = Value(math.Inf(-1))
		default:
			return fmt.Errorf("not a number: %q", s)
		}
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("not a number: %s", b)
	}
	*v = Value(f)
	return nil
}

// FromMap converts metrics to record form.
func FromMap(m map[string]float64) Metrics {
	out := make(Metrics, len(m))
	for k, v := range m {
		out[k] = Value(v)
	}
	return out
}
