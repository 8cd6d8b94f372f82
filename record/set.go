package record

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
)

// Set is the records of one or more results files taken together, checked
// as the harness checks a results folder before resuming it, so that a
// reader (report, compare, merge) never mixes what run would refuse:
//   - every record of the set is of one suite and one sfbench version;
//   - a cell (id) appears once: an exact repeat (a file concatenated
//     twice) is dropped, the same cell with another result is an error;
//   - each record's fields are valid (see Validate);
//   - a problem label names one problem kind and options, an optimizer
//     label one optimizer kind and hyperparameters, so that records with
//     the same labels, rate and horizon are seeds of one configuration
//     (one Key).
//
// Errors name the file and line of the record, and of the one it
// contradicts. The zero Set is empty and ready to use.
type Set struct {
	Records []Record

	// NoFields skips Validate; NoCurves only its curve rules (for a reader
	// of final metrics only).
	NoFields, NoCurves bool

	index  map[string]int // id -> position in Records
	labels map[string]labelled
	files  []string
	at     []place // where each record was read
}

type place struct{ file, line int }

// labelled is the configuration a label was first read with, and where.
type labelled struct {
	config string
	at     place
}

func (s *Set) where(p place) string { return fmt.Sprintf("%s:%d", s.files[p.file], p.line) }

// Where names the file and line record i of the set was read from.
func (s *Set) Where(i int) string { return s.where(s.at[i]) }

// Info describes a results file read into a Set.
type Info struct {
	Path    string // the results file
	Dir     string // its folder
	Records int    // records read from it (repeats included)
	Torn    bool   // it ended in a torn line (a write cut by a crash), which was ignored
	Good    int64  // length of its complete lines: where an append continues
}

// Locate names the results file of path, a results folder (its
// results.jsonl) or a results file, and the folder it belongs to.
func Locate(path string) (file, dir string) {
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		return path, filepath.Dir(path)
	}
	return filepath.Join(path, FileName), path
}

// Load reads the results of path (a folder or a file, see Locate) into the
// set. Malformed lines are reported before any record is checked, so the
// first error is the first line that is not JSON.
func (s *Set) Load(path string) (Info, error) {
	file, dir := Locate(path)
	info := Info{Path: file, Dir: dir}
	data, err := readRegular(file)
	if err != nil {
		return info, err
	}
	recs, lines, good, err := parseLines(file, data)
	if err != nil {
		return info, err
	}
	info.Records, info.Torn, info.Good = len(recs), len(bytes.TrimSpace(data[good:])) > 0, good
	s.files = append(s.files, file)
	if len(s.Records) == 0 {
		s.Records = recs[:0] // filter in place
	}
	for i := range recs {
		keep, err := s.add(recs[i], place{len(s.files) - 1, lines[i]})
		if err != nil {
			return info, err
		}
		if keep {
			s.Records = append(s.Records, recs[i])
		}
	}
	return info, nil
}

// add checks r, read at p, against the set; keep is false for a repeat.
func (s *Set) add(r Record, p place) (keep bool, err error) {
	if !s.NoFields {
		if err := Validate(&r, !s.NoCurves); err != nil {
			return false, fmt.Errorf("%s: %v", s.where(p), err)
		}
	}
	if len(s.Records) > 0 {
		first := &s.Records[0]
		switch {
		case r.Suite != first.Suite:
			return false, fmt.Errorf("%s: holds results of suite %q, not %q as %s: results of different suites do not mix",
				s.where(p), r.Suite, first.Suite, s.where(s.at[0]))
		case r.Environment.Sfbench != first.Environment.Sfbench:
			return false, fmt.Errorf("%s: holds results of sfbench %q, not %q as %s: results of different versions do not mix",
				s.where(p), r.Environment.Sfbench, first.Environment.Sfbench, s.where(s.at[0]))
		case r.SuiteSettings != first.SuiteSettings:
			return false, fmt.Errorf("%s: holds results of suite %s run with other settings (budget, evaluation, divergence or protocol) than %s: "+
				"was the suite edited between the runs? results of different settings do not mix", s.where(p), r.Suite, s.where(s.at[0]))
		}
	}
	if err := s.sameConfig(&r, p); err != nil {
		return false, err
	}
	if s.index == nil {
		s.index = map[string]int{}
	}
	if i, ok := s.index[r.ID]; ok {
		if Canonical(s.Records[i]) != Canonical(r) {
			return false, fmt.Errorf("%s: the result of cell %s (%s/%s lr=%g seed=%d) differs from the one at %s",
				s.where(p), r.ID, r.Problem, r.Optimizer, r.LR, r.Seed, s.where(s.at[i]))
		}
		return false, nil
	}
	s.index[r.ID] = len(s.Records)
	s.at = append(s.at, p)
	return true, nil
}

// sameConfig checks that r's problem and optimizer labels carry the
// configuration they carried in the set's earlier records.
func (s *Set) sameConfig(r *Record, p place) error {
	if s.labels == nil {
		s.labels = map[string]labelled{}
	}
	k := KeyOf(r)
	with := func(kind, settings, none string) string {
		if settings == "null" {
			return kind + " with " + none
		}
		return kind + " " + settings
	}
	for _, l := range []struct{ what, name, config string }{
		{"problem", r.Problem, with(k.ProblemKind, k.ProblemOptions, "no options")},
		{"optimizer", r.Optimizer, with(k.OptimizerKind, k.Hyper, "no settings")},
	} {
		id := l.what + "\x00" + l.name
		prev, ok := s.labels[id]
		if !ok {
			s.labels[id] = labelled{l.config, p}
			continue
		}
		if prev.config != l.config {
			return fmt.Errorf("%s: %s %s is %s here but %s at %s: was the suite edited between the runs? "+
				"results of different configurations do not mix (use another results folder)",
				s.where(p), l.what, l.name, l.config, prev.config, s.where(prev.at))
		}
	}
	return nil
}

// Validate checks what readers rely on in a record read back: a suite, a
// known status, a positive finite rate, steps within the horizon, final
// metrics for a finished cell and, when curves is set, an evaluation curve
// (possibly empty, never null) in step order within the horizon.
func Validate(r *Record, curves bool) error {
	switch {
	case r.Suite == "":
		return fmt.Errorf("record %s has no suite", r.ID)
	case r.Status != OK && r.Status != Diverged && r.Status != Failed:
		return fmt.Errorf("unknown status %q (want %s, %s or %s)", r.Status, OK, Diverged, Failed)
	case !(r.LR > 0) || math.IsInf(r.LR, 1):
		return fmt.Errorf("lr %v is not a positive finite number", r.LR)
	case r.Horizon < 1:
		return fmt.Errorf("horizon %d: want at least one step", r.Horizon)
	case r.Steps < 0 || r.Steps > r.Horizon:
		return fmt.Errorf("steps %d outside [0, horizon %d]", r.Steps, r.Horizon)
	case r.Status == OK && r.Steps != r.Horizon:
		return fmt.Errorf("status ok after %d of %d steps", r.Steps, r.Horizon)
	case r.Status == OK && len(r.Final) == 0:
		return fmt.Errorf("status ok without final metrics")
	case r.Status == Diverged && (r.DivergedStep < 0 || r.DivergedStep > r.Horizon):
		return fmt.Errorf("diverged_step %d outside [0, horizon %d]", r.DivergedStep, r.Horizon)
	case !curves:
		return nil
	case r.Curve == nil:
		return fmt.Errorf("curve is null: want a list of evaluations")
	}
	prev := -1
	for i, pt := range r.Curve {
		if pt.Step <= prev || pt.Step > r.Horizon {
			return fmt.Errorf("curve point %d at step %d: want steps increasing within [0, horizon %d]", i+1, pt.Step, r.Horizon)
		}
		prev = pt.Step
	}
	return nil
}
