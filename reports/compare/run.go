package compare

import (
	"slices"
	"strings"

	"github.com/sfbench/sfbench/record"
)

// run is what a comparison uses of one record: a side of a large sweep is
// held as these, not as whole records (see Load).
type run struct {
	key                      *record.Key // shared by the runs of one configuration
	ID, Suite, Status        string
	EvalAt, Phase            string
	Metric, Goal             string
	SelectMetric, SelectGoal string
	Seed                     int
	Final                    finals
}

// finals are a run's final metrics as a short list (a map per record costs
// twice the memory), sorted by name.
type finals []finalValue

type finalValue struct {
	name string
	v    record.Value
}

func finalsOf(m record.Metrics) finals {
	out := make(finals, 0, len(m))
	for k, v := range m {
		out = append(out, finalValue{k, v})
	}
	slices.SortFunc(out, func(a, b finalValue) int { return strings.Compare(a.name, b.name) })
	return out
}

// get is the value of metric, if the run reported it.
func (f finals) get(metric string) (record.Value, bool) {
	for _, x := range f {
		if x.name == metric {
			return x.v, true
		}
	}
	return 0, false
}

// runs projects records onto runs; keys interns their keys.
func (k keys) runOf(r *record.Record) *run {
	key := record.KeyOf(r)
	p, ok := k[key]
	if !ok {
		p = &key
		k[key] = p
	}
	return &run{key: p, ID: r.ID, Suite: r.Suite, Status: r.Status, EvalAt: r.EvalAt, Phase: r.Phase,
		Metric: r.Metric, Goal: r.Goal, SelectMetric: r.SelectMetric, SelectGoal: r.SelectGoal,
		Seed: r.Seed, Final: finalsOf(r.Final)}
}

// keys holds one copy of each configuration key.
type keys map[record.Key]*record.Key

// runsOf is the runs of a side: those Load kept, or its records'.
func (r *Results) runsOf() []*run {
	if r.runs != nil || len(r.Records) == 0 {
		return r.runs
	}
	k := keys{}
	out := make([]*run, len(r.Records))
	for i := range r.Records {
		out[i] = k.runOf(&r.Records[i])
	}
	return out
}

// Len is the number of records of the side.
func (r *Results) Len() int { return max(len(r.runs), len(r.Records)) }
