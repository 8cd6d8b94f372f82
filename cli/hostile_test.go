//go:build unix

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sfbench/sfbench/record"
)

const hostileSuite = "testdata/hostile.yaml" // 16 quick cells

// hostileRun runs the hostile suite (or a shard k/n of it) into a fresh
// folder and returns the folder.
func hostileRun(t *testing.T, shard string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "run")
	args := []string{"run", "-o", dir}
	if shard != "" {
		args = append(args, "-shard", shard)
	}
	args = append(args, hostileSuite)
	if _, errOut, code := runCLI(args...); code != 0 {
		t.Fatalf("run %v: exit %d\n%s", args, code, errOut)
	}
	return dir
}

// resultLines are the lines of dir's results file.
func resultLines(t *testing.T, dir string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	return lines[:len(lines)-1]
}

// folderWith writes lines as the results file of a fresh folder.
func folderWith(t *testing.T, lines ...string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, record.FileName), []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// oneLine checks that a refused command exited 2 with one stderr line
// holding want, and wrote nothing to stdout.
func oneLine(t *testing.T, what, stdout, stderr string, code int, want string) {
	t.Helper()
	if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, want) {
		t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", what, code, stdout, stderr, want)
	}
}

// TestReadersRefuseMixedResults: report, compare and merge read results as
// run does: conflicting repeats, other suites or versions, invalid records
// and complete malformed lines are one-line file:line errors (exit 2) that
// write nothing; an empty file merges to an error.
func TestReadersRefuseMixedResults(t *testing.T) {
	lines := resultLines(t, hostileRun(t, ""))
	first, second := lines[0], lines[1]
	edit := func(line, from, to string) string {
		if !strings.Contains(line, from) {
			t.Fatalf("%q not in %s", from, line)
		}
		return strings.Replace(line, from, to, 1)
	}
	cases := []struct {
		name    string
		lines   []string
		want    string // after the results file's path
		compare bool   // compare refuses it too (it reads no curves)
		merge   bool   // merge refuses it too (it leaves fields to its readers for now, see harness.Merge)
	}{
		{"conflicting repeat", []string{first, second, edit(first, `"final":{`, `"final":{"extra":1,`)}, ":3: the result of cell", true, true},
		{"another suite", []string{first, edit(second, `"suite":"hostile"`, `"suite":"other"`)}, `:2: holds results of suite "other", not "hostile"`, true, true},
		{"another version", []string{first, edit(second, `"sfbench":"`, `"sfbench":"9.`)}, `:2: holds results of sfbench "9.`, true, true},
		{"complete malformed last line", []string{first, edit(second, `"lr":`, `"lr":"fast",`)}, ":2: not a result record", true, true},
		{"unknown status", []string{first, edit(second, `"status":"ok"`, `"status":"great"`)}, `:2: unknown status "great"`, true, false},
		{"negative lr", []string{first, edit(second, `"lr":`, `"lr":-`)}, ":2: lr -", true, false},
		{"no final metrics", []string{first, edit(second, `"final":{`, `"old_final":{`)}, ":2: status ok without final metrics", true, false},
		{"null curve", []string{first, strings.SplitN(second, `,"curve":`, 2)[0] + `,"curve":null}` + "\n"}, ":2: curve is null", false, false},
	}
	good := hostileRun(t, "")
	bad := 0
	for _, c := range cases {
		src := folderWith(t, c.lines...)
		file := filepath.Join(src, record.FileName)
		out := filepath.Join(t.TempDir(), "out")
		stdout, stderr, code := runCLI("report", "-o", out, src)
		oneLine(t, "report: "+c.name, stdout, stderr, code, file+c.want)
		bad++
		if c.compare {
			stdout, stderr, code = runCLI("compare", good, src)
			oneLine(t, "compare: "+c.name, stdout, stderr, code, file+c.want)
			bad++
		}
		if c.merge {
			stdout, stderr, code = runCLI("merge", "-o", out, good, src)
			oneLine(t, "merge: "+c.name, stdout, stderr, code, file+c.want)
			bad++
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: the output folder was created", c.name)
		}
	}
	// Empty results.
	empty := folderWith(t)
	out := filepath.Join(t.TempDir(), "out")
	stdout, stderr, code := runCLI("merge", "-o", out, empty)
	oneLine(t, "merge of an empty file", stdout, stderr, code, "no result records in 1 shard folder")
	stdout, stderr, code = runCLI("report", "-o", out, empty)
	oneLine(t, "report of an empty file", stdout, stderr, code, "no results to report")
	stdout, stderr, code = runCLI("compare", good, empty)
	oneLine(t, "compare with an empty file", stdout, stderr, code, filepath.Join(empty, record.FileName)+": no result records")
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("empty results: the output folder was created")
	}
	// run itself: a complete malformed last line is not cut off.
	dir := folderWith(t, first, edit(second, `"lr":`, `"lr":"fast",`))
	before, _ := os.ReadFile(filepath.Join(dir, record.FileName))
	stdout, stderr, code = runCLI("run", "-o", dir, hostileSuite)
	oneLine(t, "run over a malformed last line", stdout, stderr, code, filepath.Join(dir, record.FileName)+":2: not a result record")
	if after, _ := os.ReadFile(filepath.Join(dir, record.FileName)); string(after) != string(before) {
		t.Error("run changed a results file it refused")
	}
	// An exact repeat is counted once: the report is the same.
	twice := folderWith(t, append(append([]string{}, lines...), lines...)...)
	once := folderWith(t, lines...)
	for _, d := range []string{once, twice} {
		if _, stderr, code := runCLI("report", d); code != 0 {
			t.Fatalf("report: %s", stderr)
		}
	}
	a, _ := os.ReadFile(filepath.Join(once, "table.csv"))
	b, _ := os.ReadFile(filepath.Join(twice, "table.csv"))
	if string(a) != string(b) {
		t.Errorf("a results file concatenated twice reports differently:\n%s\n%s", a, b)
	}
	t.Logf("%d refusals of %d bad results files by report, compare and merge; 3 empty-file cases; 1 run", bad, len(cases))
}

// TestSymlinksInOutputFolder: no writer follows a symbolic link inside
// its output folder; each names the link, and its target is untouched.
func TestSymlinksInOutputFolder(t *testing.T) {
	shard := hostileRun(t, "")
	victimText := "a user's file, no newline"
	cases := []struct {
		name, entry string
		args        func(dir string) []string
	}{
		{"run, results.jsonl", record.FileName, func(dir string) []string { return []string{"run", "-o", dir, hostileSuite} }},
		{"report, table.md.tmp", "table.md.tmp", func(dir string) []string { return []string{"report", "-o", dir, shard} }},
		{"report, a figure's temporary", "convergence.png.tmp.png", func(dir string) []string { return []string{"report", "-o", dir, shard} }},
		{"merge, results.jsonl.tmp", record.FileName + ".tmp", func(dir string) []string { return []string{"merge", "-o", dir, shard} }},
		{"merge, results.jsonl", record.FileName, func(dir string) []string { return []string{"merge", "-o", dir, shard} }},
		{"summarize, RESULTS.md.tmp", "RESULTS.md.tmp", func(dir string) []string {
			return []string{"summarize", "-o", filepath.Join(dir, "RESULTS.md"), shard}
		}},
	}
	for _, c := range cases {
		dir := t.TempDir()
		victim := filepath.Join(t.TempDir(), "victim")
		os.WriteFile(victim, []byte(victimText), 0o644)
		link := filepath.Join(dir, c.entry)
		os.Symlink(victim, link)
		stdout, stderr, code := runCLI(c.args(dir)...)
		if c.name == "summarize, RESULTS.md.tmp" || strings.HasPrefix(c.name, "report") {
			stdout = "" // nothing is printed before the failure
		}
		oneLine(t, c.name, stdout, stderr, code, link+" is ")
		if b, _ := os.ReadFile(victim); string(b) != victimText {
			t.Errorf("%s: the link's target became %q", c.name, b)
		}
	}
	// checkpoints/ a link: checkpoints are not written there; the cells
	// run and say so.
	dir, elsewhere := t.TempDir(), t.TempDir()
	os.Symlink(elsewhere, filepath.Join(dir, "checkpoints"))
	if _, stderr, code := runCLI("run", "-checkpoint", "1ns", "-o", dir, hostileSuite); code != 0 {
		t.Fatalf("run with a linked checkpoints folder: exit %d\n%s", code, stderr)
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("checkpoints written through the link: %d files", len(entries))
	}
	recs, _, _ := record.Read(filepath.Join(dir, record.FileName))
	if len(recs) != 16 || len(recs[0].Warnings) == 0 || !strings.Contains(recs[0].Warnings[0], "is a symbolic link") {
		t.Errorf("%d records, warnings %v", len(recs), recs[0].Warnings)
	}
}

// TestRunThatNeverStartedPrintsNoSummary: when the folder cannot be made
// or is in use, run says why in one line and prints no "0 cells" summary.
func TestRunThatNeverStartedPrintsNoSummary(t *testing.T) {
	busy := t.TempDir()
	unlock, err := record.LockDir(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	stdout, stderr, code := runCLI("run", "-o", busy, hostileSuite)
	oneLine(t, "run into a folder in use", stdout, stderr, code, busy+" is in use by another sfbench run")
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	stdout, stderr, code = runCLI("run", "-o", filepath.Join(file, "out"), hostileSuite)
	oneLine(t, "run under a file", stdout, stderr, code, "not a directory")
	for _, args := range [][]string{
		{"merge", "-o", busy, hostileRun(t, "")},
		{"report", "-o", busy, hostileRun(t, "")},
		{"summarize", "-o", filepath.Join(busy, "RESULTS.md"), hostileRun(t, "")},
	} {
		stdout, stderr, code := runCLI(args...)
		oneLine(t, args[0]+" into a folder in use", stdout, stderr, code, busy+" is in use")
	}
}

// TestConcurrentWriters runs sfbench processes against one folder at
// once: merges racing each other, and a merge, a report and a summary
// while a run writes. Each either does its whole work or exits 2 because
// the folder is in use; no record is lost or written twice.
func TestConcurrentWriters(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	var shards []string
	for k := 1; k <= 3; k++ {
		shards = append(shards, hostileRun(t, fmt.Sprintf("%d/3", k)))
	}
	inUse := 0
	check := func(what string, out []byte, err error) {
		t.Helper()
		if err == nil {
			return
		}
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 2 && strings.Count(string(out), "\n") == 1 && strings.Contains(string(out), "is in use") {
			inUse++
			return
		}
		t.Errorf("%s: %v\n%s", what, err, out)
	}
	const rounds, writers = 5, 3
	for round := range rounds {
		dir := filepath.Join(t.TempDir(), "merged")
		var wg sync.WaitGroup
		var mu sync.Mutex
		for range writers {
			wg.Go(func() {
				out, err := exec.Command(bin, append([]string{"merge", "-o", dir}, shards...)...).CombinedOutput()
				mu.Lock()
				check("merge", out, err)
				mu.Unlock()
			})
		}
		wg.Wait()
		if got := results(t, dir); len(got) != 16 { // results fails on a repeated id
			t.Errorf("round %d: %d records merged, want 16", round, len(got))
		}
	}
	// Writers against a running run.
	dir := t.TempDir()
	path := filepath.Join(dir, record.FileName)
	run := exec.Command(bin, "run", "-j", "1", "-o", dir, "testdata/kill.yaml")
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if st, err := os.Stat(path); err == nil && st.Size() > 0 {
			break
		}
	}
	others := [][]string{
		{"merge", "-o", dir, dir},
		{"merge", "-o", dir, shards[0]},
		{"report", dir},
		{"summarize", "-o", filepath.Join(dir, "SUMMARY.md"), shards[0]},
	}
	for _, args := range others {
		out, err := exec.Command(bin, args...).CombinedOutput()
		if err == nil {
			t.Errorf("%v succeeded while a run wrote the folder:\n%s", args, out)
			continue
		}
		check(args[0], out, err)
	}
	if err := run.Wait(); err != nil {
		t.Fatalf("the run: %v", err)
	}
	if got := results(t, dir); len(got) != 48 {
		t.Errorf("the run's results file holds %d records, want 48", len(got))
	}
	t.Logf("%d merges in %d rounds and %d writers beside a run; %d refused as the folder was in use", rounds*writers, rounds, len(others), inUse)
}

// TestAbsurdSizesRefused: sizes no machine can hold are refused at
// validation, before anything is built, with one file:line error naming
// the problem, its estimate and the budget (exit 2), instead of "fatal
// error: out of memory"; so are a malformed SFBENCH_MEMORY, a one-class
// data file (named) and a problem without options (at its own line). A
// large problem that fits is validated in seconds, not minutes.
func TestAbsurdSizesRefused(t *testing.T) {
	dir := t.TempDir()
	oneClass := filepath.Join(dir, "one.libsvm")
	os.WriteFile(oneClass, []byte("1 1:0.5\n1 2:1\n"), 0o644)
	suite := func(problem string) string {
		path := filepath.Join(t.TempDir(), "s.yaml")
		os.WriteFile(path, []byte("suite: s\nproblems:\n  - name: big\n"+problem+"optimizers: [{kind: sf-sgd}]\nlrs: [1]\nbudget: {steps: 10}\n"), 0o644)
		return path
	}
	budget := "more than the budget of "
	cases := []struct {
		name, problem, env, want string
	}{
		{"quadratic dim 200000", "    kind: quadratic\n    options: {dim: 200000}\n", "", ":5: problem big: needs about 1.75 TiB of memory per cell, " + budget},
		{"quadratic dim 1e18", "    kind: quadratic\n    options: {dim: 1000000000000000000}\n", "", ":5: problem big: needs about 4.37e+25 TiB of memory per cell, " + budget},
		{"synthetic d 200000", "    kind: synthetic-regression\n    options: {d: 200000}\n", "", ":5: problem big: needs about 598 GiB of memory per cell, " + budget},
		{"mlp hidden 1e8", "    kind: vision\n    options: {model: mlp, hidden: 100000000}\n", "", ":5: problem big: needs about 765 GiB of memory per cell, " + budget},
		{"charlm context 100000", "    kind: charlm\n    options: {context: 100000}\n", "", ":5: problem big: needs about 9.52 TiB of memory per cell, " + budget},
		{"over SFBENCH_MEMORY", "    kind: quadratic\n    options: {dim: 1000}\n", "16MiB", ":5: problem big: needs about 45.9 MiB of memory per cell, more than the budget of 16 MiB (SFBENCH_MEMORY=16MiB; run -j N runs N cells at once)"},
		{"malformed SFBENCH_MEMORY", "    kind: quadratic\n", "lots", `s.yaml: SFBENCH_MEMORY="lots": want a size in bytes`},
		{"one-class data file", "    kind: softmax\n    options: {path: " + oneClass + "}\n", "", ":5: problem big: " + oneClass + ": every row has label 1, but softmax needs at least two classes"},
		{"no options", "    kind: logistic\n", "", ":3: problem big: no data: give dataset or path"},
	}
	for _, c := range cases {
		if c.env != "" {
			t.Setenv("SFBENCH_MEMORY", c.env)
		} else {
			t.Setenv("SFBENCH_MEMORY", "")
			os.Unsetenv("SFBENCH_MEMORY")
		}
		path, out := suite(c.problem), filepath.Join(t.TempDir(), "out")
		start := time.Now()
		stdout, stderr, code := runCLI("run", "-o", out, path)
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s: refused after %v", c.name, d)
		}
		want := c.want
		if strings.HasPrefix(want, ":") {
			want = path + want
		}
		oneLine(t, c.name, stdout, stderr, code, want)
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: the output folder was created", c.name)
		}
	}
	os.Unsetenv("SFBENCH_MEMORY")
	start := time.Now()
	stdout, stderr, code := runCLI("run", "-dry-run", suite("    kind: quadratic\n    options: {dim: 4000}\n"))
	if d := time.Since(start); code != 0 || d > 10*time.Second || !strings.Contains(stdout, "1 cells, 10 training steps") {
		t.Errorf("dry run of a 4000-dimensional quadratic: exit %d after %v\n%s%s", code, d, stdout, stderr)
	}
	t.Logf("%d absurd or bad problems refused; a 4000-dimensional quadratic validated in %v", len(cases), time.Since(start))
}
