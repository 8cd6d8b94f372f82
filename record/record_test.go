package record

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValueJSON(t *testing.T) {
	for _, v := range []float64{0, 1.5, -2e-300, math.NaN(), math.Inf(1), math.Inf(-1), 0.1} {
		b, err := json.Marshal(Value(v))
		if err != nil {
			t.Fatal(err)
		}
		var back Value
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if math.Float64bits(float64(back)) != math.Float64bits(v) && !(math.IsNaN(v) && math.IsNaN(float64(back))) {
			t.Errorf("%v → %s → %v", v, b, back)
		}
	}
	var v Value
	if err := json.Unmarshal([]byte(`"big"`), &v); err == nil {
		t.Error(`"big" accepted as a number`)
	}
}

func TestParseTornAndBadLines(t *testing.T) {
	good := `{"id":"a","suite":"s"}` + "\n" + `{"id":"b","suite":"s"}` + "\n"
	cases := []struct {
		name, data string
		n          int
		good       int64
		err        string
	}{
		{"clean", good, 2, int64(len(good)), ""},
		{"torn without newline", good + `{"id":"c","su`, 2, int64(len(good)), ""},
		{"complete malformed last line", good + `{"id":"c","su` + "\n", 0, 0, "r.jsonl:3: not a result record"},
		{"bad line in the middle", `{"id":"a"}` + "\nnot json\n" + `{"id":"b"}` + "\n", 0, 0, "r.jsonl:2: not a result record"},
		{"record without id", `{"suite":"s"}` + "\n" + good, 0, 0, "r.jsonl:1: result record without an id"},
		{"empty", "", 0, 0, ""},
	}
	for _, c := range cases {
		recs, g, err := Parse("r.jsonl", []byte(c.data))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: got %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil || len(recs) != c.n || g != c.good {
			t.Errorf("%s: %d records, good %d, err %v", c.name, len(recs), g, err)
		}
	}
}

func TestAppendCutsTornTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	os.WriteFile(path, []byte(`{"id":"a","suite":"s"}`+"\n"+`{"id":"b","su`), 0o644)
	_, good, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := Append(path, good)
	if err != nil {
		t.Fatal(err)
	}
	w.Append(&Record{ID: "c", Suite: "s", Final: Metrics{"loss": Value(math.NaN())}})
	w.Close()
	recs, _, err := Read(path)
	if err != nil || len(recs) != 2 || recs[1].ID != "c" || !math.IsNaN(float64(recs[1].Final["loss"])) {
		t.Errorf("after append: %+v, %v", recs, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"id":"a","suite":"s","final":{"x":"NaN"}}` + "\n"))
	f.Add([]byte("{\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, good, err := Parse("f.jsonl", data)
		if err == nil && (good < 0 || good > int64(len(data))) {
			t.Fatalf("good offset %d outside [0, %d]", good, len(data))
		}
		_ = recs
	})
}
