//go:build unix

package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/record"
)

// smallResults is testdata/small's results file, its lines and its path.
func smallResults(t *testing.T) ([]string, string) {
	t.Helper()
	path := filepath.Join("testdata", "small", record.FileName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	return lines[:len(lines)-1], path // the last is empty
}

// resultsDir writes lines as a fresh folder's results file.
func resultsDir(t *testing.T, lines ...string) string {
	t.Helper()
	dir := t.TempDir()
	text := strings.Join(lines, "")
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if err := os.WriteFile(filepath.Join(dir, record.FileName), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestReportRefusesMixedResults: report reads results as run does: a cell
// twice with different results, records of another suite or version,
// invalid records and complete malformed lines are errors naming the file
// and line; an exact repeat is counted once.
func TestReportRefusesMixedResults(t *testing.T) {
	lines, _ := smallResults(t)
	first := lines[0]
	edit := func(line, from, to string) string {
		if !strings.Contains(line, from) {
			t.Fatalf("%q not in the record", from)
		}
		return strings.Replace(line, from, to, 1)
	}
	conflicting := edit(first, `"final":{`, `"final":{"extra":1,`)
	cases := []struct {
		name  string
		lines []string
		want  string // after the results file's path
	}{
		{"conflicting repeat", append(append([]string{}, lines...), conflicting), ":91: the result of cell"},
		{"another suite", append([]string{first}, edit(lines[1], `"suite":"small"`, `"suite":"other"`)), `:2: holds results of suite "other", not "small"`},
		{"another version", append([]string{first}, edit(lines[1], `"sfbench":"`, `"sfbench":"9`)), `:2: holds results of sfbench "9`},
		{"unknown status", append([]string{first}, edit(lines[1], `"status":"ok"`, `"status":"fine"`)), `:2: unknown status "fine"`},
		{"negative lr", append([]string{first}, edit(lines[1], `"lr":`, `"lr":-`)), `:2: lr -`},
		{"null curve", append([]string{first}, strings.SplitN(lines[1], `,"curve":`, 2)[0]+`,"curve":null}`+"\n"), ":2: curve is null"},
		{"no final metrics", append([]string{first}, edit(lines[1], `"final":{`, `"nofinal":{`)), ":2: status ok without final metrics"},
		{"complete malformed last line", []string{first, edit(lines[1], `"lr":`, `"lr":"fast",`)}, ":2: not a result record"},
	}
	for _, c := range cases {
		src := resultsDir(t, c.lines...)
		out := filepath.Join(t.TempDir(), "out")
		_, err := Write(src, out, Options{})
		if want := filepath.Join(src, record.FileName) + c.want; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: got %v, want %q…", c.name, err, want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: the report folder was created", c.name)
		}
	}
	// Every record twice: the same report as once.
	once, twice := t.TempDir(), t.TempDir()
	if _, err := Write(resultsDir(t, lines...), once, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(resultsDir(t, append(append([]string{}, lines...), lines...)...), twice, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{tableMD, tableCSV} {
		a, _ := os.ReadFile(filepath.Join(once, name))
		b, _ := os.ReadFile(filepath.Join(twice, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs when every record is repeated", name)
		}
	}
}

// TestReportTempFiles: temporary files a killed report left are removed by
// the next one, a failed report removes its own, and a temporary file that
// is a symbolic link is refused without touching its target.
func TestReportTempFiles(t *testing.T) {
	_, src := smallResults(t)
	dir := t.TempDir()
	stale := []string{ConvergencePNG + ".tmp.png", tableMD + ".tmp", ResultsFile + ".tmp", tableCSV + ".tmp"}
	for _, name := range stale {
		os.WriteFile(filepath.Join(dir, name), []byte("left by a kill"), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "notes.tmp"), []byte("the user's"), 0o644)
	if _, err := Write(src, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	if left := temps(t, dir); len(left) != 1 || left[0] != "notes.tmp" {
		t.Errorf("after a report: %v", left)
	}

	// Failures part way: a figure, then a table, cannot be renamed into
	// place (a non-empty folder holds the name).
	for _, name := range []string{SensitivityPNG, tableCSV} {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, name, "x"), 0o755)
		if _, err := Write(src, dir, Options{}); err == nil {
			t.Errorf("%s: a report over a folder succeeded", name)
		}
		if left := temps(t, dir); len(left) != 0 {
			t.Errorf("%s: the failed report left %v", name, left)
		}
	}

	// Links.
	for _, name := range []string{tableMD + ".tmp", ConvergencePNG + ".tmp.png"} {
		dir := t.TempDir()
		victim := filepath.Join(t.TempDir(), "victim")
		os.WriteFile(victim, []byte("precious"), 0o644)
		link := filepath.Join(dir, name)
		os.Symlink(victim, link)
		if _, err := Write(src, dir, Options{}); err == nil || !strings.Contains(err.Error(), link+" is ") {
			t.Errorf("%s a link: %v", name, err)
		}
		if b, _ := os.ReadFile(victim); string(b) != "precious" {
			t.Errorf("%s a link: its target was overwritten", name)
		}
	}
}

// temps lists the temporary files in dir.
func temps(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestReportIntoFolderInUse: a report into a folder that a run holds is
// refused and writes nothing there.
func TestReportIntoFolderInUse(t *testing.T) {
	_, src := smallResults(t)
	dir := t.TempDir()
	unlock, err := record.LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := Write(src, dir, Options{}); err == nil || !strings.Contains(err.Error(), dir+" is in use") {
		t.Errorf("got %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder in use holds %d entries", len(entries))
	}
}

// TestFigureFormatsOfAReport: -formats svg,pdf writes every figure in both
// (no PNG), RESULTS.md shows the first format, and an unknown format is
// refused before anything is written.
func TestFigureFormatsOfAReport(t *testing.T) {
	_, src := smallResults(t)
	dir := t.TempDir()
	if _, err := Write(src, dir, Options{Figures: []string{"svg", "pdf"}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"convergence.svg", "convergence.pdf", "lr-sensitivity.svg", "lr-sensitivity.pdf"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ConvergencePNG)); !os.IsNotExist(err) {
		t.Errorf("a PNG without png among the formats: %v", err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, ResultsFile))
	if !strings.Contains(string(md), "![Convergence](convergence.svg)") {
		t.Errorf("RESULTS.md does not show the SVG figure")
	}
	empty := t.TempDir()
	if _, err := Write(src, empty, Options{Figures: []string{"gif"}}); err == nil || !strings.Contains(err.Error(), `unknown figure format "gif"`) {
		t.Errorf("gif: %v", err)
	}
	if left, _ := os.ReadDir(empty); len(left) != 0 {
		t.Errorf("a refused report wrote %d files", len(left))
	}
}
