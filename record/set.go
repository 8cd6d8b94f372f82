package record

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"
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
//
// Files are read in pieces, never whole, and the records kept share what
// they have in common: one copy of each string (labels, metric names,
// the environment), one of each label's hyperparameters and options.
// Those shared values are read-only. With Discard a set of
// hundreds of thousands of records stays within a few hundred MB.
type Set struct {
	Records []Record

	// NoFields skips Validate; NoCurves only its curve rules (for a reader
	// of final metrics only).
	NoFields, NoCurves bool
	// Discard checks every record but keeps none (Records stays empty),
	// and decodes of each curve its steps only: merge checks its inputs
	// this way, then copies their lines (Copy); readers keeping their own
	// projection use it with Each.
	Discard bool
	// Each, when set, is called with the record of every new cell, after
	// its checks and with the set's shared strings, whether or not the set
	// keeps it, and with the cell's number (0, 1, … in the order Load
	// meets them; the index of the record in Records when the set keeps
	// records): a reader that keeps its own projection of the records
	// (compare, reports) uses it with Discard, and RereadCells to read
	// chosen cells whole again. The record is valid during the call; its
	// maps and strings may be kept.
	Each func(cell int, r *Record)

	first  *firstRecord
	index  map[string]seen // by id
	labels map[string]labelled
	strs   map[string]string  // one copy of each string
	ptrs   map[string]*string // one pointer to each string (Record.Averaging)
	files  []setFile
	at     []place // where each cell was read (its first record)
}

// place is where a record was read: file (in Set.files), line number, and
// the offset and length of the line, to read it again.
type place struct {
	file, line int
	off        int64
	n          int
}

// setFile is a file read into the set, with its size and time at the
// read: a file that changes before it is read again (RereadCells, Copy) is
// an error, not a mix of two versions.
type setFile struct {
	path  string
	size  int64
	mtime time.Time
}

// firstRecord is what every later record must share with the first.
type firstRecord struct {
	suite, version, settings string
	at                       place
}

// seen is a cell of the set: where it was first read and which record of
// Records it is (-1 if not kept).
type seen struct {
	pos int
	at  place
}

// labelled is the configuration a label was first read with, and where;
// later records of the label share its values.
type labelled struct {
	config string
	at     place
	hyper  map[string]any
	opts   any
}

// Cells is the number of cells in the set (each counted once), kept or
// not.
func (s *Set) Cells() int { return len(s.index) }

func (s *Set) where(p place) string { return fmt.Sprintf("%s:%d", s.files[p.file].path, p.line) }

// Where names the file and line cell i of the set (record i, when the set
// keeps records) was read from.
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
// set. Lines are checked in order, but a line that is not a record is
// reported before an invalid record above it: the first error is the
// first line that is not JSON, if there is one. While it reads, Load
// holds the folder's lock shared (ShareDir), so a folder that a run,
// merge or report is writing is refused rather than read half-written.
func (s *Set) Load(path string) (Info, error) {
	file, dir := Locate(path)
	info := Info{Path: file, Dir: dir}
	f, err := openRegular(file)
	if err != nil {
		return info, err
	}
	defer f.Close()
	release, err := ShareDir(dir)
	if err != nil {
		return info, err
	}
	defer release()
	st, err := f.Stat()
	if err != nil {
		return info, err
	}
	s.files = append(s.files, setFile{file, st.Size(), st.ModTime()})
	fileNo := len(s.files) - 1
	var invalid error // the first record the set refused; later lines are only parsed
	good, torn, err := scanLines(f, func(line int, off int64, text []byte) error {
		decode := decodeLine
		if s.Discard {
			decode = decodeFinals // curves not kept: only their steps are built, for Validate
		}
		r, err := decode(file, line, text)
		if err != nil || invalid != nil {
			return err
		}
		info.Records++
		invalid = s.add(&r, place{fileNo, line, off, len(text)})
		return nil
	})
	info.Torn, info.Good = torn, good
	if err == nil {
		err = invalid
	}
	return info, err
}

// add checks r, read at p, against the set and keeps it unless it repeats
// a cell already there (or the set discards records).
func (s *Set) add(r *Record, p place) error {
	if !s.NoFields {
		if err := Validate(r, !s.NoCurves); err != nil {
			return fmt.Errorf("%s: %v", s.where(p), err)
		}
	}
	if f := s.first; f == nil {
		s.first = &firstRecord{r.Suite, r.Environment.Sfbench, r.SuiteSettings, p}
	} else {
		switch {
		case r.Suite != f.suite:
			return fmt.Errorf("%s: holds results of suite %q, not %q as %s: results of different suites do not mix",
				s.where(p), r.Suite, f.suite, s.where(f.at))
		case r.Environment.Sfbench != f.version:
			return fmt.Errorf("%s: holds results of sfbench %q, not %q as %s: results of different versions do not mix",
				s.where(p), r.Environment.Sfbench, f.version, s.where(f.at))
		case r.SuiteSettings != f.settings:
			return fmt.Errorf("%s: holds results of suite %s run with other settings (budget, evaluation, divergence or protocol) than %s: "+
				"was the suite edited between the runs? results of different settings do not mix", s.where(p), r.Suite, s.where(f.at))
		}
	}
	if err := s.sameConfig(r, p); err != nil {
		return err
	}
	if s.index == nil {
		s.index = map[string]seen{}
	}
	if c, ok := s.index[r.ID]; ok {
		// A repeat: the same result, or an error. Repeats are rare, so the
		// first record is read again when the set did not keep it whole.
		prev, cur := Record{}, *r
		if s.Discard {
			// Most repeats are the same line again (a folder merged
			// twice): the bytes decide those without decoding.
			if same, err := s.sameLine(c.at, p); err != nil || same {
				return err
			}
			var err error
			if prev, err = s.reread(c.at); err != nil {
				return err
			}
			// r was read without its curve's values (decodeFinals).
			if cur, err = s.reread(p); err != nil {
				return err
			}
		} else {
			prev = s.Records[c.pos]
		}
		if Canonical(prev) != Canonical(cur) {
			return fmt.Errorf("%s: the result of cell %s (%s/%s lr=%g seed=%d) differs from the one at %s",
				s.where(p), r.ID, r.Problem, r.Optimizer, r.LR, r.Seed, s.where(c.at))
		}
		return nil
	}
	c := seen{pos: -1, at: p}
	if !s.Discard || s.Each != nil {
		s.share(r)
	}
	cell := len(s.at)
	if s.Each != nil {
		s.Each(cell, r)
	}
	if len(s.at) == cap(s.at) {
		s.grow(p)
	}
	s.at = append(s.at, p)
	if !s.Discard {
		c.pos = len(s.Records)
		s.Records = append(s.Records, *r)
	}
	s.index[r.ID] = c
	return nil
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
			s.labels[id] = labelled{config: l.config, at: p, hyper: r.Hyper, opts: r.ProblemOptions}
			continue
		}
		if prev.config != l.config {
			return fmt.Errorf("%s: %s %s is %s here but %s at %s: was the suite edited between the runs? "+
				"results of different configurations do not mix (use another results folder)",
				s.where(p), l.what, l.name, l.config, prev.config, s.where(prev.at))
		}
		if l.what == "problem" {
			r.ProblemOptions = prev.opts
		} else {
			r.Hyper = prev.hyper
		}
	}
	return nil
}

// grow makes room for the records still to come in the file of p, judged
// by the lines read so far, so that a large file's records are not copied
// over and over by append's doubling (and the copies left to the garbage
// collector).
func (s *Set) grow(p place) {
	f := s.files[p.file]
	perLine := max(p.off+int64(p.n), 1) / int64(p.line) // bytes per line so far
	more := max(int((f.size-p.off)/perLine), 0) + 16    // a file that grew since its Stat: room for a few
	if !s.Discard {
		s.Records = slices.Grow(s.Records, more+more/8)
	}
	s.at = slices.Grow(s.at, more+more/8)
}

// share makes r use the set's copy of each string it holds, so that a
// label, metric name or environment read a hundred thousand times is
// stored once.
func (s *Set) share(r *Record) {
	if s.strs == nil {
		s.strs = map[string]string{}
	}
	for _, p := range []*string{&r.Suite, &r.SuiteDescription, &r.Phase, &r.SuiteSettings, &r.Metric, &r.Goal,
		&r.SelectMetric, &r.SelectGoal, &r.Problem, &r.ProblemKind, &r.Optimizer, &r.OptimizerKind, &r.EvalAt,
		&r.Status, &r.Error, &r.Environment.Sfbench, &r.Environment.Go, &r.Environment.GOOS,
		&r.Environment.GOARCH, &r.Environment.CPU, &r.Environment.Vector} {
		*p = s.str(*p)
	}
	for i := range r.Warnings {
		r.Warnings[i] = s.str(r.Warnings[i])
	}
	if r.ScheduleFree != nil {
		r.ScheduleFree = &bools[b2i(*r.ScheduleFree)]
	}
	if r.Averaging != nil {
		r.Averaging = s.strPtr(*r.Averaging)
	}
	r.Final, r.Initial = s.metrics(r.Final), s.metrics(r.Initial)
	for i := range r.Curve {
		r.Curve[i].Metrics = s.metrics(r.Curve[i].Metrics)
	}
}

// bools are the shared values of Record.ScheduleFree (read-only).
var bools = [2]bool{false, true}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *Set) str(v string) string {
	if c, ok := s.strs[v]; ok {
		return c
	}
	s.strs[v] = v
	return v
}

// strPtr is the set's one pointer to the string v.
func (s *Set) strPtr(v string) *string {
	if s.ptrs == nil {
		s.ptrs = map[string]*string{}
	}
	p, ok := s.ptrs[v]
	if !ok {
		p = new(s.str(v))
		s.ptrs[v] = p
	}
	return p
}

// metrics is m with the set's copies of its names.
func (s *Set) metrics(m Metrics) Metrics {
	if m == nil {
		return nil
	}
	out := make(Metrics, len(m))
	for k, v := range m {
		out[s.str(k)] = v
	}
	return out
}

// RereadCells reads the given cells (numbered as Each numbers them) again,
// whole, and calls fn with each, in file order (each file is read
// forward), so that a reader keeping its own projection of the records
// (Discard and Each) takes their curves from them one at a time. A file
// that changed since Load is an error.
func (s *Set) RereadCells(cells []int, fn func(cell int, full *Record) error) error {
	cells = slices.Clone(cells)
	slices.SortFunc(cells, func(i, j int) int {
		a, b := s.at[i], s.at[j]
		if a.file != b.file {
			return a.file - b.file
		}
		return int(a.off - b.off)
	})
	open := -1
	var f *os.File
	defer func() {
		if f != nil {
			f.Close()
		}
	}()
	for _, i := range cells {
		p := s.at[i]
		if p.file != open {
			if f != nil {
				f.Close()
			}
			var err error
			if f, err = s.open(p.file); err != nil {
				return err
			}
			open = p.file
		}
		full, err := readLine(f, s.files[p.file].path, p)
		if err != nil {
			return err
		}
		if c, ok := s.index[full.ID]; !ok || c.at != p {
			return fmt.Errorf("%s: changed while it was read: read the results again", s.where(p))
		}
		if err := fn(i, &full); err != nil {
			return err
		}
	}
	return nil
}

// Copy writes the line of every cell of the set once, in the order Load
// read them, as the files hold them: merge writes its output this way,
// without holding the records in memory. A file that changed since Load
// is an error.
func (s *Set) Copy(w io.Writer) error {
	first := make([][]int64, len(s.files)) // per file, the offsets of the lines to copy
	for _, c := range s.index {
		first[c.at.file] = append(first[c.at.file], c.at.off)
	}
	for i := range s.files {
		offs := first[i]
		slices.Sort(offs)
		f, err := s.open(i)
		if err != nil {
			return err
		}
		_, _, err = scanLines(f, func(_ int, off int64, text []byte) error {
			if len(offs) == 0 || off != offs[0] {
				return nil
			}
			offs = offs[1:]
			if _, err := w.Write(text); err != nil {
				return err
			}
			_, err := w.Write([]byte{'\n'})
			return err
		})
		f.Close()
		if err == nil && len(offs) > 0 {
			err = fmt.Errorf("%s changed while it was read: read the results again", s.files[i].path)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// open opens file i of the set again, refusing it if it changed.
func (s *Set) open(i int) (*os.File, error) {
	sf := s.files[i]
	f, err := openRegular(sf.path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && (st.Size() != sf.size || !st.ModTime().Equal(sf.mtime)) {
		err = fmt.Errorf("%s changed while it was read: read the results again", sf.path)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// sameLine reports whether the lines at a and b hold the same bytes.
func (s *Set) sameLine(a, b place) (bool, error) {
	if a.n != b.n {
		return false, nil
	}
	la, err := s.rawLine(a)
	if err != nil {
		return false, err
	}
	lb, err := s.rawLine(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(la, lb), nil
}

// rawLine is the text of the line at p.
func (s *Set) rawLine(p place) ([]byte, error) {
	f, err := s.open(p.file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, p.n)
	if _, err := f.ReadAt(buf, p.off); err != nil {
		return nil, fmt.Errorf("%s: %v", s.where(p), err)
	}
	return buf, nil
}

// reread reads the record at p again.
func (s *Set) reread(p place) (Record, error) {
	f, err := s.open(p.file)
	if err != nil {
		return Record{}, err
	}
	defer f.Close()
	return readLine(f, s.files[p.file].path, p)
}

// readLine reads and decodes the record of the line at p in f.
func readLine(f *os.File, path string, p place) (Record, error) {
	buf := make([]byte, p.n)
	if _, err := f.ReadAt(buf, p.off); err != nil {
		return Record{}, fmt.Errorf("%s:%d: %v", path, p.line, err)
	}
	return decodeLine(path, p.line, buf)
}

// Validate checks what readers rely on in a record read back: a suite, a
// known status, a positive finite rate, steps within the horizon, final
// metrics for a finished cell and, when curves is set, an evaluation curve
// (possibly empty, never null) in step order within the horizon.
func Validate(r *Record, curves bool) error {
	switch {
	case r.Suite == "":
		return fmt.Errorf("record %s has no suite", r.ID)
	case r.Status != StatusOK && r.Status != StatusDiverged && r.Status != StatusError:
		return fmt.Errorf("unknown status %q (want %s, %s or %s)", r.Status, StatusOK, StatusDiverged, StatusError)
	case !(r.LR > 0) || math.IsInf(r.LR, 1):
		return fmt.Errorf("lr %v is not a positive finite number", r.LR)
	case r.Horizon < 1:
		return fmt.Errorf("horizon %d: want at least one step", r.Horizon)
	case r.Steps < 0 || r.Steps > r.Horizon:
		return fmt.Errorf("steps %d outside [0, horizon %d]", r.Steps, r.Horizon)
	case r.Status == StatusOK && r.Steps != r.Horizon:
		return fmt.Errorf("status ok after %d of %d steps", r.Steps, r.Horizon)
	case r.Status == StatusOK && len(r.Final) == 0:
		return fmt.Errorf("status ok without final metrics")
	case r.Status == StatusDiverged && (r.DivergedStep < 0 || r.DivergedStep > r.Horizon):
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
