package record

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
)

// Key identifies a configuration: records with the same key differ only by
// seed. It is the one grouping of records every reader uses (reports
// average a key's seeds, compare tests them against the other side's).
// Hyper and ProblemOptions hold canonical JSON (sorted keys), so equal
// settings compare equal whatever the order they were written in.
type Key struct {
	Problem, Optimizer         string // labels
	LR                         float64
	Horizon                    int
	ProblemKind, OptimizerKind string
	Hyper, ProblemOptions      string
}

// KeyOf is the configuration of a record.
func KeyOf(r *Record) Key {
	var opts any = r.ProblemOptions
	if m, ok := opts.(map[string]any); ok && len(m) == 0 {
		opts = nil
	}
	var hyper map[string]any
	if len(r.Hyper) > 0 {
		hyper = r.Hyper
	}
	return Key{Problem: r.Problem, Optimizer: r.Optimizer, LR: r.LR, Horizon: r.Horizon,
		ProblemKind: r.ProblemKind, OptimizerKind: r.OptimizerKind,
		Hyper: canonical(hyper), ProblemOptions: canonical(opts)}
}

// canonical is v as JSON; maps marshal with sorted keys.
func canonical(v any) string {
	b, err := json.Marshal(v)
	if err != nil { // values decoded from JSON always marshal
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

// Less orders keys by problem, optimizer, rate, horizon, then the rest.
func (k Key) Less(o Key) bool {
	if c := strings.Compare(k.Problem, o.Problem); c != 0 {
		return c < 0
	}
	if c := strings.Compare(k.Optimizer, o.Optimizer); c != 0 {
		return c < 0
	}
	if k.LR != o.LR {
		return k.LR < o.LR
	}
	if k.Horizon != o.Horizon {
		return k.Horizon < o.Horizon
	}
	for _, p := range [][2]string{{k.ProblemKind, o.ProblemKind}, {k.OptimizerKind, o.OptimizerKind},
		{k.ProblemOptions, o.ProblemOptions}, {k.Hyper, o.Hyper}} {
		if p[0] != p[1] {
			return p[0] < p[1]
		}
	}
	return false
}

// Hash is a short hex digest of the whole key, for names that must tell
// apart configurations sharing their labels, rate and horizon.
func (k Key) Hash() string {
	sum := sha256.Sum256([]byte(canonical(k)))
	return hex.EncodeToString(sum[:4])
}

// Refs returns pointers to the records of recs, in order: groups of
// records (reports, selection) hold pointers into one slice, not copies.
func Refs(recs []Record) []*Record {
	out := make([]*Record, len(recs))
	for i := range recs {
		out[i] = &recs[i]
	}
	return out
}
