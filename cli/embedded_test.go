package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunsFromAnyDirectory: outside a checkout, with no SFBENCH_DATA, the
// shipped suites run by name and a suite of the user's that names a
// shipped data set finds it (both embedded in the binary); `data export`
// writes the data sets out.
func TestRunsFromAnyDirectory(t *testing.T) {
	work := t.TempDir()
	t.Setenv("SFBENCH_DATA", "")
	t.Setenv("XDG_CACHE_HOME", filepath.Join(work, "cache"))
	t.Setenv("HOME", work)
	t.Chdir(work)

	out, errOut, code := runCLI("list")
	if code != 0 || !strings.Contains(out, "paper-convex") || !strings.Contains(out, "nightly") {
		t.Fatalf("list: exit %d, the shipped suites not listed:\n%s%s", code, out, errOut)
	}
	if out, errOut, code = runCLI("run", "-dry-run", "paper-convex"); code != 0 || !strings.Contains(out, "1008 cells in the tuning phase") {
		t.Errorf("run -dry-run paper-convex: exit %d\n%s%s", code, out, errOut)
	}
	suite := "suite: own\nproblems: [{kind: softmax, options: {dataset: glass}}]\noptimizers: [{kind: sf-adamw}]\n" +
		"lrs: [0.01]\nseeds: [0]\nbudget: {epochs: 1}\n"
	if err := os.WriteFile("own.yaml", []byte(suite), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code = runCLI("run", "own.yaml", "-o", "out", "-quiet"); code != 0 || !strings.Contains(out, "1 ran") {
		t.Fatalf("run own.yaml: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = runCLI("data", "export", "exported")
	if code != 0 {
		t.Fatalf("data export: exit %d\n%s", code, errOut)
	}
	for _, f := range []string{"glass.libsvm.gz", "austen.txt.gz", "README.md"} {
		if st, err := os.Stat(filepath.Join(work, "exported", f)); err != nil || st.Size() == 0 {
			t.Errorf("data export: %s: %v", f, err)
		}
	}
	if _, errOut, code = runCLI("data", "import", "x"); code != 2 || !strings.Contains(errOut, `unknown subcommand "import"`) {
		t.Errorf("data import: exit %d, %q", code, errOut)
	}
}

// TestDataPathsFollowTheSuite: a suite's relative data path is found from
// the suite file, whatever the working directory, and results of the data
// as it was are refused, naming the file, once the data changed.
func TestDataPathsFollowTheSuite(t *testing.T) {
	work := t.TempDir()
	dir := filepath.Join(work, "study")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var rows strings.Builder
	for i := range 24 {
		rows.WriteString(fmt.Sprintf("%d 1:%d 2:%d\n", i%3, i%5, i%7))
	}
	data := filepath.Join(dir, "mine.libsvm")
	if err := os.WriteFile(data, []byte(rows.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	suite := "suite: own-data\nproblems: [{kind: softmax, options: {path: mine.libsvm, batch: 4}}]\noptimizers: [{kind: sgd}]\n" +
		"lrs: [0.1]\nseeds: [0, 1]\nbudget: {steps: 12}\n"
	if err := os.WriteFile(filepath.Join(dir, "suite.yaml"), []byte(suite), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work) // the suite is in study/, its data beside it
	out := filepath.Join(work, "out")
	if o, e, code := runCLI("run", "study/suite.yaml", "-o", out, "-quiet"); code != 0 || !strings.Contains(o, "2 ran") {
		t.Fatalf("run: exit %d\n%s%s", code, o, e)
	}
	if o, e, code := runCLI("run", "study/suite.yaml", "-o", out, "-quiet"); code != 0 || !strings.Contains(o, "2 already done") {
		t.Fatalf("rerun: exit %d\n%s%s", code, o, e)
	}
	if err := os.WriteFile(data, []byte(rows.String()+"1 1:9 2:9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, e, code := runCLI("run", "study/suite.yaml", "-o", out, "-quiet")
	if code != 2 || !strings.Contains(e, "on other data: study/mine.libsvm changed since it ran") {
		t.Errorf("after the data changed: exit %d, %q", code, e)
	}
	// Into a fresh folder the changed data runs.
	if o, e, code := runCLI("run", "study/suite.yaml", "-o", filepath.Join(work, "out2"), "-quiet"); code != 0 || !strings.Contains(o, "2 ran") {
		t.Errorf("fresh folder: exit %d\n%s%s", code, o, e)
	}
}
