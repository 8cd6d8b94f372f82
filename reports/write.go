package reports

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports/format"
	"github.com/sfbench/sfbench/reports/plot"
)

// Grid lays the table out for the notations of package format: a row per
// problem with its metric, a column per optimizer (numbers right-aligned
// where the notation aligns), the Markdown source padded to a grid, and
// the summary and footnotes as notes.
func (t *Table) Grid() *format.Table {
	notes := capitalize(t.Summary) + ". " + Footnotes
	if t.Note != "" {
		notes += " " + t.Note
	}
	g := &format.Table{Header: append([]string{"problem", "metric"}, t.Columns...), Align: []format.Align{format.Left, format.Left},
		Notes: notes, Markdown: format.Padded,
		TeXHeader: append([]string{"Problem", "Metric"}, t.Columns...)}
	for range t.Columns {
		g.Align = append(g.Align, format.Right)
	}
	for i, p := range t.Rows {
		row := format.Plain(p, t.Metric[i])
		for _, c := range t.Cells[i] {
			row = append(row, format.Cell{Text: c.Text, Bold: c.Bold, Marks: c.Note})
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

// WriteMarkdown writes the table as Markdown (GitHub flavour).
func (t *Table) WriteMarkdown(w io.Writer) error { return format.Markdown.Write(w, t.Grid()) }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Numbers is the data behind the table: one row per problem × optimizer
// with the numbers at full precision and the selected rate, for programs
// (the Data formats, CSV); with the setting selected (a grid point,
// record.PointText) in a last column "setting" when an optimizer entry
// with a grid was selected as a whole.
func Numbers(a *Analysis) *format.Table {
	t := &format.Table{Header: []string{"problem", "optimizer", "optimizer_kind", "metric", "goal", "lr", "horizon",
		"n", "mean", "se", "diverged", "best", "lr_at_grid_edge", "rates"}}
	settings := false
	for _, c := range a.Choices {
		settings = settings || c.Setting() != ""
	}
	if settings {
		t.Header = append(t.Header, "setting")
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, p := range a.Problems {
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				continue
			}
			var rates []string
			for _, r := range c.Rates {
				rates = append(rates, f(r))
			}
			row := format.Plain(p, o, c.OptimizerKind, c.Metric, c.Goal, f(c.Group.LR), strconv.Itoa(c.Group.Horizon),
				strconv.Itoa(c.Stats.N), f(c.Stats.Mean), f(c.Stats.SE), strconv.Itoa(c.Stats.Failed),
				strconv.FormatBool(c.Best), strconv.FormatBool(c.Edge), strings.Join(rates, " "))
			if settings {
				row = append(row, format.Cell{Text: c.Setting()})
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

// TableFile is the name of the report's table in a file format: table.md,
// table.tex, table.csv.
func TableFile(f format.Format) string { return "table" + f.Ext }

// Write renders the report of the records in src (a folder or a results
// file) into dir: the figures (Figures, in the formats of opt), the table
// in every file format of package format, RESULTS.md and the
// self-contained page report.html. Every file is
// written to a temporary name and renamed, so a failed report leaves the
// previous one intact and removes its temporary files; those of a killed
// report are removed by the next. dir is locked while the report is
// written (record.LockDir): a folder that a run, merge or other report is
// writing is refused. It returns the files written and the warnings that
// travel with the results (Analysis.Warnings) and the configurations
// selected (Analysis.Selections), from the one reading of them.
func Write(src, dir string, opt Options) (*Written, error) {
	files, a, err := write(src, dir, opt)
	if err != nil {
		return nil, err
	}
	return &Written{Files: files, Warnings: a.Warnings(), Selections: a.Selections()}, nil
}

// Written is what Write wrote, what the results warn of and what they
// select.
type Written struct {
	Files      []string
	Warnings   []string
	Selections []Selection
}

func write(src, dir string, opt Options) ([]string, *Analysis, error) {
	if err := opt.Validate(); err != nil {
		return nil, nil, err
	}
	// A report into the results' own folder locks it before reading, so
	// that no run or merge writes between the reading and the report.
	_, from := record.Locate(src)
	inPlace := record.SamePath(from, dir)
	if inPlace {
		unlock, err := record.LockDir(dir)
		if err != nil {
			return nil, nil, err
		}
		defer unlock()
	}
	a, _, err := Read(src)
	if err != nil {
		return nil, nil, err
	}
	if a == nil {
		return nil, nil, fmt.Errorf("%s: no results to report", src)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	if !inPlace {
		unlock, err := record.LockDir(dir)
		if err != nil {
			return nil, nil, err
		}
		defer unlock()
	}
	removeStaleTemps(dir)
	t := BuildTable(a)
	targets := StepsToTarget(a)
	figures, written, err := writeFigures(a, figuresOf(a, targets, opt), dir, opt)
	if err != nil {
		return nil, nil, fmt.Errorf("figures: %w", err)
	}
	// The table in every file format (the numbers behind it in the data
	// formats), then RESULTS.md and the page.
	type file struct {
		name  string
		write func(io.Writer) error
	}
	var files []file
	for _, f := range format.Files() {
		tab := t.Grid()
		if f.Data {
			tab = Numbers(a)
		}
		files = append(files, file{TableFile(f), func(w io.Writer) error { return f.Write(w, tab) }})
	}
	files = append(files, file{ResultsFile, func(w io.Writer) error { return WriteResults(w, a, t, targets, src, figures) }},
		file{HTMLFile, func(w io.Writer) error { return writeHTML(w, a, t, targets, src, figures, dir, opt) }})
	for _, f := range files {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			return nil, nil, err
		}
		path := filepath.Join(dir, f.name)
		if err := writeAtomic(path, b.Bytes()); err != nil {
			return nil, nil, err
		}
		written = append(written, path)
	}
	return written, a, nil
}

// writeAtomic writes data to path through a temporary file created
// exclusively (never through a symbolic link) and removed on failure.
func writeAtomic(path string, data []byte) error {
	return record.WriteAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// renameFile moves a finished temporary file into place; on failure the
// temporary file is removed.
func renameFile(from, to string) error {
	if err := os.Rename(from, to); err != nil {
		os.Remove(from)
		return err
	}
	return nil
}

// tempSuffixes end the names of the temporary files of a report: the
// tables and RESULTS.md (writeAtomic) and the figures (writeFigures).
var tempSuffixes = func() []string {
	var out []string
	for _, ext := range plot.Formats {
		out = append(out, ext+".tmp"+ext)
	}
	for _, f := range format.Files() {
		out = append(out, f.Ext+".tmp")
	}
	return out
}()

// removeStaleTemps removes the temporary files of a report killed while
// writing into dir (regular files only: a link is left for the writer to
// refuse by name).
func removeStaleTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		for _, suf := range tempSuffixes {
			if e.Type().IsRegular() && strings.HasSuffix(e.Name(), suf) {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
}
