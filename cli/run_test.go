package cli

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sfbench/sfbench/record"
)

func TestRunDryRunAndList(t *testing.T) {
	out, errOut, code := runCLI("run", "-dry-run", "testdata/kill.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// The estimate's figures are timings: the golden holds its shape.
	estimate := regexp.MustCompile(`about [0-9.]+ (s|min|h) at -j (\d+) \([0-9.]+ (s|min|h) of`)
	if !estimate.MatchString(out) {
		t.Errorf("no estimate in:\n%s", out)
	}
	golden(t, "dry-run.golden", estimate.ReplaceAllString(out, "about T at -j N (T of"))
	out, _, code = runCLI("list")
	if code != 0 || !strings.Contains(out, "sf-adamw") || !strings.Contains(out, "charlm") || !strings.Contains(out, "smoke") {
		t.Errorf("list: exit %d\n%s", code, out)
	}
}

func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"run", "-shard", "3/2"}, "-shard wants k/N"},
		{[]string{"run", "-j", "-1"}, "-j must be >= 0"},
		{[]string{"run", "nosuchsuite"}, `no embedded suite "nosuchsuite"`},
		{[]string{"run", "../suites/testdata/bad/steps-float.yaml"}, "steps-float.yaml:7: want an integer, got 1.5"},
		{[]string{"run", "-max-cells", "10", "testdata/kill.yaml"}, "more than -max-cells 10"},
		{[]string{"run", "-max-hours", "1e-9", "-o", filepath.Join(dir, "est"), "testdata/kill.yaml"}, "more than -max-hours 1e-09 (see -dry-run): shrink the grid, raise -max-hours, or add -force"},
		{[]string{"run", "-max-hours", "-1", "testdata/kill.yaml"}, "-max-hours must be a finite number of hours >= 0"},
		{[]string{"merge", "-o", dir}, "merge: want at least one shard folder (or results file), got none"},
	}
	for _, c := range cases {
		_, errOut, code := runCLI(c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("bad input wrote into the output folder: %v", entries)
	}
}

// buildBinary compiles the sfbench command (cmd/sfbench, whose main is
// Main) for the tests that need a process.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sfbench")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/sfbench")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	return bin
}

// results reads dir's records keyed by id without timing and environment.
func results(t *testing.T, dir string) map[string]string {
	t.Helper()
	recs, _, err := record.Read(filepath.Join(dir, record.FileName))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range recs {
		if _, dup := out[r.ID]; dup {
			t.Fatalf("cell %s recorded twice", r.ID)
		}
		out[r.ID] = record.Canonical(r)
	}
	return out
}

// TestKillNineAndResume kills the process at random moments during a run,
// resuming each time, and expects exactly the records of an uninterrupted run.
func TestKillNineAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it a dozen times")
	}
	bin := buildBinary(t)
	ref := t.TempDir()
	start := time.Now()
	if out, err := exec.Command(bin, "run", "-j", "2", "-o", ref, "testdata/kill.yaml").CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v\n%s", err, out)
	}
	full := time.Since(start)
	dir := t.TempDir()
	path := filepath.Join(dir, record.FileName)
	size := func() int64 {
		st, err := os.Stat(path)
		if err != nil {
			return 0
		}
		return st.Size()
	}
	rng := rand.New(rand.NewPCG(42, 42))
	kills := 0
	var progress []int
	for attempt := 0; attempt < 40 && kills < 10; attempt++ {
		cmd := exec.Command(bin, "run", "-j", "2", "-o", dir, "testdata/kill.yaml")
		before := size()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		// Wait for this run to write something, then kill it after a
		// random delay of up to a few milliseconds: mid-cell or even
		// mid-write.
		var err error
		waiting := true
		for waiting {
			select {
			case err = <-exited:
				waiting = false
			case <-time.After(time.Millisecond):
				if size() > before {
					time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
					cmd.Process.Signal(syscall.SIGKILL)
					err = <-exited
					waiting = false
				}
			}
		}
		if ee, ok := err.(*exec.ExitError); ok && ee.Sys().(syscall.WaitStatus).Signaled() {
			kills++
			recs, _, _ := record.Read(path)
			progress = append(progress, len(recs))
		}
	}
	t.Logf("records on disk after each kill: %v (of %d; %v for an uninterrupted run)", progress, len(results(t, ref)), full)
	if kills < 10 {
		t.Fatalf("only %d runs were killed before finishing", kills)
	}
	if out, err := exec.Command(bin, "run", "-j", "2", "-o", dir, "testdata/kill.yaml").CombinedOutput(); err != nil {
		t.Fatalf("final resume: %v\n%s", err, out)
	}
	want, got := results(t, ref), results(t, dir)
	if len(want) != len(got) {
		t.Fatalf("%d records after %d kills, want %d", len(got), kills, len(want))
	}
	for id, w := range want {
		if got[id] != w {
			t.Fatalf("cell %s differs after resuming:\n%s\n%s", id, got[id], w)
		}
	}
}

// TestInterruptKeepsRecords sends Ctrl-C (SIGINT) mid-run: the process
// exits 130, every record on disk is complete, and rerunning finishes the
// suite.
func TestInterruptKeepsRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	path := filepath.Join(dir, record.FileName)
	cmd := exec.Command(bin, "run", "-j", "2", "-o", dir, "testdata/kill.yaml")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if st, err := os.Stat(path); err == nil && st.Size() > 0 {
			break
		}
	}
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != exitInterrupted {
		t.Fatalf("after Ctrl-C: %v, want exit %d", err, exitInterrupted)
	}
	recs, good, err := record.Read(path)
	st, _ := os.Stat(path)
	if err != nil || len(recs) == 0 || good != st.Size() {
		t.Fatalf("after Ctrl-C: %d records, %v, valid prefix %d of %d bytes", len(recs), err, good, st.Size())
	}
	if out, err := exec.Command(bin, "run", "-j", "2", "-o", dir, "testdata/kill.yaml").CombinedOutput(); err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	if all, _, _ := record.Read(path); len(all) != 48 {
		t.Errorf("after resuming: %d records, want 48", len(all))
	}
}

func TestEmptyShardSucceeds(t *testing.T) {
	dir := t.TempDir()
	suite := filepath.Join(dir, "t.yaml")
	os.WriteFile(suite, []byte(`suite: t
problems: [{kind: quadratic}]
optimizers: [{kind: sf-sgd}]
lrs: [0.1, 1]
budget: {steps: 10}
protocol: {kind: tune-then-seeds, metric: gap, seeds: 2}
`), 0o644)
	out, errOut, code := runCLI("run", "-shard", "2/2", "-o", filepath.Join(dir, "out"), suite)
	if code != 0 || !strings.Contains(out, "no cells in shard 2/2") {
		t.Errorf("empty shard: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
