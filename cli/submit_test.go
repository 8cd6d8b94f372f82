package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sfbench/sfbench/cluster"
)

const submitSuite = "testdata/submit/suite.yaml"

// fakeSfbench makes the scripts name a fixed binary, and the Kubernetes
// token a fixed time, for the golden files.
func fakeSfbench(t *testing.T) {
	t.Helper()
	exe, now := submitExecutable, submitNow
	submitExecutable = func() (string, error) { return "/opt/sfbench/bin/sfbench", nil }
	submitNow = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	t.Cleanup(func() { submitExecutable, submitNow = exe, now })
}

// fakeSlurm puts sbatch and squeue stand-ins first on PATH: sbatch logs
// its arguments to DIR/sbatch.log and prints job ids 100, 101, …; squeue
// prints DIR/squeue.txt. It returns DIR.
func fakeSlurm(t *testing.T, squeue string) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("sbatch", `#!/bin/sh
d=$(dirname "$0")
n=$(cat "$d/n" 2>/dev/null || echo 100)
echo $((n + 1)) > "$d/n"
for a in "$@"; do printf '[%s]' "$a"; done >> "$d/sbatch.log"
echo >> "$d/sbatch.log"
echo "$n"
`)
	write("squeue", "#!/bin/sh\ncat \"$(dirname \"$0\")/squeue.txt\"\n")
	write("sacct", "#!/bin/sh\necho 'Slurm accounting storage is disabled' >&2; exit 1\n")
	write("squeue.txt", squeue)
	t.Setenv("PATH", dir+string(os.PathListSeparator)+"/usr/bin:/bin")
	return dir
}

// noSlurm leaves no sbatch on PATH.
func noSlurm(t *testing.T) { t.Setenv("PATH", t.TempDir()) }

func TestSubmitDryRunGolden(t *testing.T) {
	fakeSfbench(t)
	noSlurm(t)
	cwd, _ := os.Getwd()
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"submit-slurm.golden", []string{"submit", "-dry-run", "-shards", "3", "-o", "/scratch/it's mine", submitSuite}},
		{"submit-slurm-options.golden", []string{"submit", "-dry-run", "-shards", "2", "-j", "4",
			"-sbatch", "--partition=short --time=1:00:00 --comment='a b'", "-o", "/scratch/o", "smoke"}},
		{"submit-k8s.yaml", []string{"submit", "-engine", "k8s", "-shards", "4", "-parallelism", "2", "-image", "registry.example/sfbench:1",
			"-pvc", "rwx-results", "-namespace", "research", "-timeout", "2h", "-o", "runs/submit", submitSuite}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			out, errOut, code := runCLI(c.args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			golden(t, c.golden, strings.ReplaceAll(out, cluster.Quote(cwd), "$CWD"))
		})
	}
}

func TestSubmitBadInput(t *testing.T) {
	noSlurm(t)
	for _, c := range []struct {
		name string
		args []string // OUT: a fresh folder
		want string
	}{
		{"no shards", []string{"-o", "OUT", submitSuite}, "want -shards N"},
		{"no output", []string{"-shards", "2", submitSuite}, "want -o DIR"},
		{"no suite", []string{"-shards", "2", "-o", "OUT"}, "want one suite"},
		{"zero shards", []string{"-shards", "0", "-o", "OUT", submitSuite}, "-shards must be at least 1"},
		{"zero workers", []string{"-shards", "2", "-j", "0", "-o", "OUT", submitSuite}, "-j must be at least 1"},
		{"unknown engine", []string{"-engine", "pbs", "-shards", "2", "-o", "OUT", submitSuite}, `-engine wants slurm or k8s, got "pbs"`},
		{"missing suite", []string{"-shards", "2", "-o", "OUT", "testdata/nope.yaml"}, "nope.yaml"},
		{"bad suite", []string{"-shards", "2", "-o", "OUT", "testdata/badinput/suite-label.yaml"}, "label.libsvm:2:"},
		{"array option", []string{"-shards", "2", "-sbatch", "--array=1-9", "-o", "OUT", submitSuite}, "--array is set by submit itself"},
		{"dependency option", []string{"-shards", "2", "-sbatch", "-d afterok:3", "-o", "OUT", submitSuite}, "-d is set by submit itself"},
		{"unterminated quote", []string{"-shards", "2", "-sbatch", "--comment='x", "-o", "OUT", submitSuite}, "unterminated '"},
		{"percent in the folder", []string{"-shards", "2", "-o", "OUT/100%", submitSuite}, "Slurm reads %"},
		{"wait without sbatch", []string{"-shards", "2", "-wait", "-o", "OUT", submitSuite}, "-wait needs sbatch on PATH"},
		{"zero timeout", []string{"-shards", "2", "-timeout", "0s", "-o", "OUT", submitSuite}, "-timeout must be > 0"},
		{"k8s flag on slurm", []string{"-shards", "2", "-image", "x", "-o", "OUT", submitSuite}, "-image is for -engine k8s"},
		{"slurm flag on k8s", []string{"-engine", "k8s", "-image", "x", "-wait", "-shards", "2", "-o", "r", submitSuite}, "-wait is for -engine slurm"},
		{"k8s without image", []string{"-engine", "k8s", "-shards", "2", "-o", "r", submitSuite}, "wants -image IMAGE"},
		{"k8s absolute folder", []string{"-engine", "k8s", "-image", "x", "-shards", "2", "-o", "/results/r", submitSuite}, "inside the volume"},
		{"k8s folder outside", []string{"-engine", "k8s", "-image", "x", "-shards", "2", "-o", "../r", submitSuite}, "inside the volume"},
		{"k8s no pvc", []string{"-engine", "k8s", "-image", "x", "-pvc", "", "-shards", "2", "-o", "r", submitSuite}, "-pvc wants"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"submit"}
			for _, a := range c.args {
				args = append(args, strings.ReplaceAll(a, "OUT", out))
			}
			stdout, errOut, code := runCLI(args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2 (stderr %q)", code, errOut)
			}
			if !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "sfbench: ") {
				t.Errorf("stderr %q, want one line 'sfbench: …' with %q", errOut, c.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("made the output folder %s", out)
			}
		})
	}
}

// TestSubmitWithoutSbatch writes the scripts and says how to submit them.
func TestSubmitWithoutSbatch(t *testing.T) {
	fakeSfbench(t)
	noSlurm(t)
	out := filepath.Join(t.TempDir(), "my out")
	stdout, errOut, code := runCLI("submit", "-shards", "2", submitSuite, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, f := range []string{"array.sh", "merge.sh"} {
		st, err := os.Stat(filepath.Join(out, "slurm", f))
		if err != nil || st.Mode()&0o100 == 0 {
			t.Errorf("%s: %v, mode %v", f, err, st)
		}
	}
	if !strings.Contains(stdout, "sbatch is not on PATH") || !strings.Contains(stdout, `"--dependency=afterok:$array"`) {
		t.Errorf("stdout %q", stdout)
	}
}

func TestSubmitSlurm(t *testing.T) {
	fakeSfbench(t)
	done := "100_1|COMPLETED\n100_2|COMPLETED\n100_3|COMPLETED\n101|COMPLETED\n"
	failed := "100_1|COMPLETED\n100_2|FAILED\n100_3|COMPLETED\n101|CANCELLED\n"
	for _, c := range []struct {
		name   string
		squeue string
		wait   bool
		code   int
		stdout []string // each must appear
		stderr string
	}{
		{"submit", "", false, 0, []string{"submitted array job 100 (shards 1-3 of submit-test) and merge job 101 (afterok:100)"}, ""},
		{"wait ok", done, true, 0, []string{"merge job 101 COMPLETED: 3 shards merged into"}, "merge COMPLETED; shards 1 COMPLETED"},
		{"wait, a task failed", failed, true, 1, []string{"submitted array job 100"},
			"merge job 101 CANCELLED; shard 2 FAILED ("},
		{"wait, timeout", "100_1|RUNNING\n101|PENDING\n", true, 1, []string{"submitted array job 100"}, "timed out after 50ms"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := fakeSlurm(t, c.squeue)
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"submit", "-shards", "3", "-sbatch", "--time=5", "-poll", "10ms", "-timeout", "50ms", "-o", out, submitSuite}
			if c.wait {
				args = append(args, "-wait")
			}
			stdout, errOut, code := runCLI(args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, c.code, errOut)
			}
			for _, w := range c.stdout {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout %q lacks %q", stdout, w)
				}
			}
			if !strings.Contains(errOut, c.stderr) {
				t.Errorf("stderr %q lacks %q", errOut, c.stderr)
			}
			log, err := os.ReadFile(filepath.Join(dir, "sbatch.log"))
			if err != nil {
				t.Fatal(err)
			}
			want := "[--parsable][--output=" + out + "/slurm/shard-%a-%A.out][--time=5][" + out + "/slurm/array.sh]\n" +
				"[--parsable][--dependency=afterok:100][--kill-on-invalid-dep=yes][--output=" + out + "/slurm/merge-%j.out][--time=5][" + out + "/slurm/merge.sh]\n"
			if string(log) != want {
				t.Errorf("sbatch ran with\n%s\nwant\n%s", log, want)
			}
			script, err := os.ReadFile(filepath.Join(out, "slurm", "array.sh"))
			if err != nil || !strings.Contains(string(script), "/opt/sfbench/bin/sfbench run -quiet -j 1 -shard \"$k/3\"") {
				t.Errorf("array.sh: %v\n%s", err, script)
			}
		})
	}
}

// TestSubmitK8sEmbeddedSuite: an embedded suite goes into the ConfigMap as
// its text.
func TestSubmitK8sEmbeddedSuite(t *testing.T) {
	out, errOut, code := runCLI("submit", "-engine", "k8s", "-image", "x", "-shards", "2", "-o", "r", "paper-quadratic")
	if code != 0 || !strings.Contains(out, "kind: ConfigMap") || !strings.Contains(out, "suite: paper-quadratic") {
		t.Fatalf("exit %d, %s\n%s", code, errOut, out)
	}
}
