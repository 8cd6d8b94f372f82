package reports

import (
	"github.com/sfbench/sfbench/record"
)

// Read reads the results of a folder (its results.jsonl) or of a results
// file and analyzes them; it returns the analysis (nil when there are no
// records) and the folder the results belong to. The records are checked
// as every reader checks them (record.Set): one suite and one sfbench
// version, one configuration per label, valid fields, each cell once (an
// exact repeat is dropped, the same cell with another result refused);
// errors name the file and line.
//
// Only what a report shows is held in memory: of each record its outcome
// and final metrics (Run), then the runs a figure or table draws (the
// selected rate of each problem × optimizer × horizon) are read again for
// the one metric drawn, so a report of hundreds of thousands of records
// stays within a few hundred MB.
func Read(path string) (a *Analysis, dir string, err error) {
	b := newBuilder()
	set := record.Set{Discard: true, Each: b.add}
	info, err := set.Load(path)
	if err != nil || set.Cells() == 0 {
		return nil, info.Dir, err
	}
	a = b.analysis()
	if err := a.takeCurves(set.RereadCells); err != nil {
		return nil, info.Dir, err
	}
	return a, info.Dir, nil
}
