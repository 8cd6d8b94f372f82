package record

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// okRecord is a valid finished record of suite s, cell id.
func okRecord(id string) Record {
	return Record{ID: id, Suite: "s", Problem: "p", ProblemKind: "quadratic", Optimizer: "o", OptimizerKind: "sgd", LR: 0.5, Horizon: 10, Steps: 10, Status: StatusOK,
		Final: Metrics{"train_loss": 0.25}, Curve: []Point{{Step: 5, Metrics: Metrics{"train_loss": 0.5}}, {Step: 10, Metrics: Metrics{"train_loss": 0.25}}}}
}

func jsonLine(t *testing.T, r Record) string {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

func TestValidate(t *testing.T) {
	edit := func(f func(*Record)) Record {
		r := okRecord("a")
		f(&r)
		return r
	}
	cases := []struct {
		name string
		r    Record
		want string // "" for valid
	}{
		{"ok", okRecord("a"), ""},
		{"diverged", edit(func(r *Record) { r.Status, r.Steps, r.DivergedStep = StatusDiverged, 4, 4 }), ""},
		{"failed without curve points", edit(func(r *Record) { r.Status, r.Steps, r.Final, r.Curve = StatusError, 0, nil, []Point{} }), ""},
		{"no suite", edit(func(r *Record) { r.Suite = "" }), "has no suite"},
		{"unknown status", edit(func(r *Record) { r.Status = "fine" }), `unknown status "fine"`},
		{"no status", edit(func(r *Record) { r.Status = "" }), `unknown status ""`},
		{"negative lr", edit(func(r *Record) { r.LR = -0.1 }), "lr -0.1 is not a positive finite number"},
		{"zero lr", edit(func(r *Record) { r.LR = 0 }), "lr 0 is not"},
		{"no horizon", edit(func(r *Record) { r.Horizon = 0 }), "horizon 0"},
		{"steps beyond the horizon", edit(func(r *Record) { r.Steps = 11 }), "steps 11 outside [0, horizon 10]"},
		{"ok before the horizon", edit(func(r *Record) { r.Steps = 9 }), "status ok after 9 of 10 steps"},
		{"ok without final metrics", edit(func(r *Record) { r.Final = nil }), "status ok without final metrics"},
		{"diverged after the horizon", edit(func(r *Record) { r.Status, r.DivergedStep = StatusDiverged, 12 }), "diverged_step 12"},
		{"null curve", edit(func(r *Record) { r.Curve = nil }), "curve is null"},
		{"curve out of order", edit(func(r *Record) { r.Curve[0].Step = 10 }), "curve point 2 at step 10"},
		{"curve beyond the horizon", edit(func(r *Record) { r.Curve[1].Step = 20 }), "curve point 2 at step 20"},
	}
	for _, c := range cases {
		// Through JSON, as a reader sees it.
		recs, _, err := Parse("r.jsonl", []byte(jsonLine(t, c.r)))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = Validate(&recs[0], true)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	r := okRecord("a")
	r.Curve = nil
	if err := Validate(&r, false); err != nil {
		t.Errorf("a null curve is refused when curves are not read: %v", err)
	}
}

func TestSetRefusesMixing(t *testing.T) {
	a, b := okRecord("a"), okRecord("b")
	otherSuite, otherVersion, otherResult := okRecord("b"), okRecord("b"), okRecord("a")
	otherSuite.Suite = "t"
	otherVersion.Environment.Sfbench = "0.0.1"
	otherResult.Final = Metrics{"train_loss": 0.3}
	slower := okRecord("a")
	slower.WallSeconds = 9 // timing is not a result
	bad := okRecord("c")
	bad.LR = -1
	otherOptions, otherHyper := okRecord("d"), okRecord("e")
	otherOptions.ProblemOptions = map[string]any{"batch": 32.0}
	otherHyper.Hyper = map[string]any{"beta1": 0.5}
	sameOptionsReordered := okRecord("f")
	sameOptionsReordered.LR = 0.25 // another rate of the same configuration
	cases := []struct {
		name  string
		files [][]Record
		n     int    // records kept
		want  string // error, "" for none
	}{
		{"one file", [][]Record{{a, b}}, 2, ""},
		{"exact repeat dropped", [][]Record{{a, b, a}}, 2, ""},
		{"repeat differing in timing only", [][]Record{{a, slower}}, 1, ""},
		{"repeat across files", [][]Record{{a}, {a, b}}, 2, ""},
		{"conflicting repeat", [][]Record{{a, b, otherResult}}, 0, "f0.jsonl:3: the result of cell a (p/o lr=0.5 seed=0) differs from the one at f0.jsonl:1"},
		{"conflicting repeat across files", [][]Record{{a}, {b, otherResult}}, 0, "f1.jsonl:2: the result of cell a (p/o lr=0.5 seed=0) differs from the one at f0.jsonl:1"},
		{"another suite", [][]Record{{a, otherSuite}}, 0, `f0.jsonl:2: holds results of suite "t", not "s" as f0.jsonl:1`},
		{"another suite in another file", [][]Record{{a}, {otherSuite}}, 0, `f1.jsonl:1: holds results of suite "t", not "s" as f0.jsonl:1`},
		{"another version", [][]Record{{a, otherVersion}}, 0, `f0.jsonl:2: holds results of sfbench "0.0.1", not "" as f0.jsonl:1`},
		{"invalid field", [][]Record{{a, b, bad}}, 0, "f0.jsonl:3: lr -1 is not a positive finite number"},
		{"another rate, same labels", [][]Record{{a, b, sameOptionsReordered}}, 3, ""},
		{"a problem label with other options", [][]Record{{a}, {otherOptions}}, 0, `f1.jsonl:1: problem p is quadratic {"batch":32} here but quadratic with no options at f0.jsonl:1`},
		{"an optimizer label with other settings", [][]Record{{a, otherHyper}}, 0, `f0.jsonl:2: optimizer o is sgd {"beta1":0.5} here but sgd with no settings at f0.jsonl:1`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			var s Set
			var err error
			for i, recs := range c.files {
				var text strings.Builder
				for _, r := range recs {
					text.WriteString(jsonLine(t, r))
				}
				path := filepath.Join(dir, "f"+string(rune('0'+i))+".jsonl")
				os.WriteFile(path, []byte(text.String()), 0o644)
				if _, err = s.Load(path); err != nil {
					break
				}
			}
			if err != nil {
				err = errors.New(strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""))
			}
			switch {
			case c.want == "" && (err != nil || len(s.Records) != c.n):
				t.Errorf("%s: %d records, %v; want %d", c.name, len(s.Records), err, c.n)
			case c.want != "" && (err == nil || !strings.HasPrefix(err.Error(), c.want)):
				t.Errorf("%s: got %v, want %q", c.name, err, c.want)
			}
		})
	}
}

func TestSetLoad(t *testing.T) {
	dir := t.TempDir()
	good := jsonLine(t, okRecord("a")) + "\n" + jsonLine(t, okRecord("b"))
	os.WriteFile(filepath.Join(dir, FileName), []byte(good+`{"id":"c","su`), 0o644)
	for _, path := range []string{dir, filepath.Join(dir, FileName)} {
		var s Set
		info, err := s.Load(path)
		if err != nil || !info.Torn || info.Records != 2 || info.Path != filepath.Join(dir, FileName) || info.Dir != dir ||
			len(s.Records) != 2 || s.Records[1].ID != "b" {
			t.Errorf("Load(%s): %+v, %d records, %v", path, info, len(s.Records), err)
		}
	}
	// A malformed line is reported before an invalid record above it.
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"id":"a","suite":"s"}`+"\nnot json\n"), 0o644)
	if _, err := new(Set).Load(bad); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2: not a result record") {
		t.Errorf("got %v", err)
	}
	// Not a regular file: refused without reading (a FIFO would block).
	if _, err := new(Set).Load(filepath.Join(dir, FileName, "..", "..")); err == nil {
		t.Error("a folder without results accepted")
	}
	if _, _, err := Read(os.DevNull); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Read(%s): %v", os.DevNull, err)
	}
}

// TestShippedResultsValidate: every results file in the repository passes
// the readers' checks.
func TestShippedResultsValidate(t *testing.T) {
	files, _ := filepath.Glob("../../results/*/" + FileName)
	more, _ := filepath.Glob("../../configs/*/" + FileName)
	small, _ := filepath.Glob("../../reports/testdata/*/" + FileName)
	files = append(append(files, more...), small...)
	if len(files) == 0 {
		t.Skip("no results files")
	}
	for _, f := range files {
		var s Set
		if _, err := s.Load(f); err != nil {
			t.Error(err)
		}
	}
}

// TestSetDiscardAndReread: a Discard set hands each new cell to Each,
// numbered, with its curve's steps only; finds conflicts among repeats all
// the same (by reading the first line again); gives chosen cells back
// whole; and Copy writes each cell's line once.
func TestSetDiscardAndReread(t *testing.T) {
	dir := t.TempDir()
	a, b := okRecord("a"), okRecord("b")
	slower := okRecord("a")
	slower.WallSeconds = 9
	path := filepath.Join(dir, FileName)
	text := jsonLine(t, a) + "  \n" + jsonLine(t, b) + jsonLine(t, slower)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var each []string
	set := Set{Discard: true, Each: func(cell int, r *Record) {
		each = append(each, fmt.Sprintf("%d%s:%v/%v", cell, r.ID, r.Curve[1].Metrics == nil, r.Final["train_loss"]))
	}}
	if _, err := set.Load(dir); err != nil {
		t.Fatal(err)
	}
	if len(set.Records) != 0 || set.Cells() != 2 || !slices.Equal(each, []string{"0a:true/0.25", "1b:true/0.25"}) {
		t.Fatalf("discard: %d records, %d cells, Each saw %v", len(set.Records), set.Cells(), each)
	}
	var got []string
	err := set.RereadCells([]int{1}, func(cell int, full *Record) error {
		got = append(got, fmt.Sprintf("%d%s:%d", cell, full.ID, len(full.Curve)))
		return nil
	})
	if err != nil || !slices.Equal(got, []string{"1b:2"}) {
		t.Errorf("RereadCells: %v, %v", got, err)
	}
	var out strings.Builder
	if err := set.Copy(&out); err != nil || out.String() != jsonLine(t, a)+jsonLine(t, b) {
		t.Errorf("Copy: %v\n%s", err, out.String())
	}
	// A conflicting repeat is found without the first record kept whole.
	other := okRecord("a")
	other.Final = Metrics{"train_loss": 0.3}
	os.WriteFile(path, []byte(text+jsonLine(t, other)), 0o644)
	if _, err := (&Set{Discard: true}).Load(dir); err == nil || !strings.Contains(err.Error(), "differs from the one at") {
		t.Errorf("conflict under Discard: %v", err)
	}
	// Read without curves (compare's way), a repeat differing in timing
	// only is one cell, a conflicting one an error, and Each sees each cell once.
	os.WriteFile(path, []byte(text), 0o644)
	each = nil
	light := Set{NoCurves: true, Discard: true, Each: func(cell int, r *Record) { each = append(each, fmt.Sprint(cell, r.ID)) }}
	if _, err := light.Load(dir); err != nil || !slices.Equal(each, []string{"0a", "1b"}) {
		t.Errorf("light read: %v, %v", each, err)
	}
	os.WriteFile(path, []byte(text+jsonLine(t, other)), 0o644)
	if _, err := (&Set{NoCurves: true, Discard: true}).Load(dir); err == nil || !strings.Contains(err.Error(), "differs from the one at") {
		t.Errorf("conflict read without curves: %v", err)
	}
	// A file that changes between Load and a second read is refused.
	set = Set{Discard: true}
	os.WriteFile(path, []byte(text), 0o644)
	if _, err := set.Load(dir); err != nil || len(set.Records) != 0 || set.Cells() != 2 {
		t.Fatalf("discard: %d records, %d cells, %v", len(set.Records), set.Cells(), err)
	}
	os.WriteFile(path, []byte(text+jsonLine(t, okRecord("c"))), 0o644)
	if err := set.Copy(io.Discard); err == nil || !strings.Contains(err.Error(), "changed while it was read") {
		t.Errorf("Copy of a changed file: %v", err)
	}
}

// TestGrowPastTheStatSize: a file that grew after Load took its size
// (lines appended while it was read) does not make room negative.
func TestGrowPastTheStatSize(t *testing.T) {
	s := Set{files: []setFile{{path: "f", size: 100}}}
	s.grow(place{file: 0, line: 50, off: 5000, n: 100})
	if cap(s.Records) < 16 {
		t.Errorf("capacity %d after growing past the file's size", cap(s.Records))
	}
}
