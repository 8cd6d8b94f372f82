package compare

import "github.com/sfbench/sfbench/record"

// run is what a comparison uses of one record: a side of a large sweep is
// held as these, not as whole records (see Load).
type run struct {
	key                      *record.Key // shared by the runs of one configuration
	ID, Suite, Status        string
	EvalAt, Phase            string
	Metric, Goal             string
	SelectMetric, SelectGoal string
	Seed                     int
	Final                    record.Metrics
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
		Seed: r.Seed, Final: r.Final}
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
