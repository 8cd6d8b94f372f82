package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sfbench/sfbench/internal/golden"
)

// jobs are the golden cases: go test ./cluster -update rewrites
// testdata/<name>.{array,merge}.sh and <name>.k8s.yaml.
var jobs = []struct {
	name string
	job  Job
	k8s  Kubernetes
}{
	{"basic", Job{Binary: "/opt/sfbench/bin/sfbench", Suite: "/home/me/configs/my.yaml", SuiteName: "my",
		Out: "/scratch/out/my", WorkDir: "/home/me", Shards: 3},
		Kubernetes{Image: "registry.example/sfbench:1.0", PVC: "results", Deadline: 3600, Token: "20260101t000000"}},
	{"hostile", Job{Binary: "/opt/it's here/sfbench", Suite: "/home/me/a b/$HOME `x`.yaml", SuiteName: "Paper_Convex.v2",
		Out: "/scratch/o'ut \"q\"/$(rm -rf)", WorkDir: "/home/me/a b", Shards: 8, Workers: 2,
		Env: []EnvVar{{"SFBENCH_DATA", "/data/it's"}, {"SFBENCH_SIMD", "off"}}},
		Kubernetes{Image: "sfbench", PVC: "shared-rwx", Namespace: "research", Parallelism: 3, SuiteYAML: "suite: x\n# it's\n",
			Token: "20260101t000000"}},
	{"single", Job{Binary: "/usr/local/bin/sfbench", Suite: "smoke", SuiteName: "smoke", Out: "/tmp/smoke", Shards: 1},
		Kubernetes{Image: "sfbench:dev", PVC: "pvc", Token: "t"}},
}

func TestGolden(t *testing.T) {
	for _, c := range jobs {
		t.Run(c.name, func(t *testing.T) {
			if err := c.job.Check(); err != nil {
				t.Fatal(err)
			}
			s := c.job.Slurm()
			golden.Check(t, filepath.Join("testdata", c.name+".array.sh"), []byte(s.ArrayText))
			golden.Check(t, filepath.Join("testdata", c.name+".merge.sh"), []byte(s.MergeText))
			k := c.job
			k.Binary, k.Out = "sfbench", strings.TrimPrefix(k.Out, "/")
			m, err := k.K8s(c.k8s)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", c.name+".k8s.yaml"), m)
		})
	}
}

// TestScriptsRun runs the scripts with sh, the sfbench binary a stand-in
// that prints its arguments: every path reaches it whole, whatever it
// holds, and the array task k asks for shard k/N.
func TestScriptsRun(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	for _, c := range jobs {
		t.Run(c.name, func(t *testing.T) {
			j := c.job
			dir := t.TempDir()
			j.WorkDir = dir
			j.Binary = filepath.Join(dir, "it's a \"fake\" sfbench")
			writeFile(t, j.Binary, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done\necho\n")
			s := j.Slurm()
			k := j.Shards
			cmd := exec.Command(sh, "-c", s.ArrayText)
			cmd.Env = []string{fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", k), "PATH=/usr/bin:/bin"}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("array script: %v: %s", err, out)
			}
			want := fmt.Sprintf("[run][-quiet][-j][%d][-shard][%d/%d][-o][%s][%s]\n", j.workers(), k, j.Shards, ShardDir(j.Out, k), j.Suite)
			if string(out) != want {
				t.Errorf("array task %d ran\n %s\nwant\n %s", k, out, want)
			}
			out, err = exec.Command(sh, "-c", s.MergeText).CombinedOutput()
			if err != nil {
				t.Fatalf("merge script: %v: %s", err, out)
			}
			want = "[merge][-o][" + j.Out + "]"
			for k := 1; k <= j.Shards; k++ {
				want += "[" + ShardDir(j.Out, k) + "]"
			}
			if string(out) != want+"\n" {
				t.Errorf("merge ran\n %s\nwant\n %s", out, want)
			}
		})
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestQuote(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	for _, s := range []string{"", "plain", "a b", "it's", `"q"`, "$HOME", "`x`", "a\nb", `back\slash`, "'", "''", "%a", "-x", "*", "~"} {
		t.Run(s, func(t *testing.T) {
			out, err := exec.Command(sh, "-c", "printf %s "+Quote(s)).Output()
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != s {
				t.Errorf("sh read %s as %q, want %q", Quote(s), out, s)
			}
			words, err := SplitWords(Quote(s))
			if err != nil || len(words) != 1 || words[0] != s {
				t.Errorf("SplitWords(%s) = %q, %v; want [%q]", Quote(s), words, err, s)
			}
		})
	}
}

func TestSplitWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
		err  bool
	}{
		{"", nil, false},
		{"  --time=10   -p debug ", []string{"--time=10", "-p", "debug"}, false},
		{`--comment='a b' --x="c \"d\" $e"`, []string{"--comment=a b", `--x=c "d" $e`}, false},
		{`a\ b c`, []string{"a b", "c"}, false},
		{`''`, []string{""}, false},
		{`'open`, nil, true},
		{`"open`, nil, true},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, err := SplitWords(c.in)
			if (err != nil) != c.err || !reflect.DeepEqual(got, c.want) {
				t.Errorf("SplitWords(%q) = %q, %v; want %q (error %v)", c.in, got, err, c.want, c.err)
			}
		})
	}
}

func TestCheckSbatchOptions(t *testing.T) {
	for _, c := range []struct {
		opts []string
		bad  bool
	}{
		{nil, false},
		{[]string{"--partition=debug", "--time=1:00:00", "-A", "proj", "--mem=4G"}, false},
		{[]string{"--array=1-4"}, true},
		{[]string{"-a", "1-4"}, true},
		{[]string{"-a1-4"}, true},
		{[]string{"--dependency=afterok:1"}, true},
		{[]string{"-dafterany:1"}, true},
		{[]string{"--wrap", "x"}, true},
		{[]string{"--parsable"}, true},
	} {
		t.Run(strings.Join(c.opts, " "), func(t *testing.T) {
			if err := CheckSbatchOptions(c.opts); (err != nil) != c.bad {
				t.Errorf("CheckSbatchOptions(%q) = %v, want an error: %v", c.opts, err, c.bad)
			}
		})
	}
}

func TestParseJobID(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"123\n", "123"},
		{"123;cluster\n", "123"},
		{"sbatch: warning: something\n45\n", "45"},
		{"Submitted batch job 7\n", ""},
		{"", ""},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseJobID(c.in)
			if got != c.want || (err != nil) != (c.want == "") {
				t.Errorf("ParseJobID(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
}

func TestArgs(t *testing.T) {
	j := jobs[0].job
	got := j.SlurmArrayArgs([]string{"--time=5"})
	want := []string{"--parsable", "--output=/scratch/out/my/slurm/shard-%a-%A.out", "--time=5", "/scratch/out/my/slurm/array.sh"}
	if !slices.Equal(got, want) {
		t.Errorf("array args %q, want %q", got, want)
	}
	got = j.SlurmMergeArgs(nil, "41")
	want = []string{"--parsable", "--dependency=afterok:41", "--kill-on-invalid-dep=yes", "--output=/scratch/out/my/slurm/merge-%j.out", "/scratch/out/my/slurm/merge.sh"}
	if !slices.Equal(got, want) {
		t.Errorf("merge args %q, want %q", got, want)
	}
}

func TestCheck(t *testing.T) {
	ok := jobs[0].job
	for _, c := range []struct {
		name string
		edit func(*Job)
	}{
		{"no shards", func(j *Job) { j.Shards = 0 }},
		{"no binary", func(j *Job) { j.Binary = "" }},
		{"bad env", func(j *Job) { j.Env = []EnvVar{{"A B", "x"}} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := ok
			c.edit(&j)
			if j.Check() == nil {
				t.Errorf("Check accepted %+v", j)
			}
		})
	}
}

func TestLabel(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"smoke", "smoke"}, {"Paper_Convex.v2", "paper-convex-v2"}, {"--x--", "x"}, {"", "suite"}, {"ÄÖ", "suite"},
		{strings.Repeat("ab", 40), strings.Repeat("ab", 20)},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := label(c.in, 40); got != c.want {
				t.Errorf("label(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// fakeSlurm answers sbatch, squeue and sacct from scripted replies.
type fakeSlurm struct {
	calls   []string
	squeue  []string // successive replies ("!" prefix: fail with the rest)
	sacct   string
	ids     []string
	sbatchN int
}

func (f *fakeSlurm) run(_ context.Context, name string, args ...string) ([]byte, error) {
	f.calls = append(f.calls, name+" "+strings.Join(args, " "))
	switch name {
	case "sbatch":
		id := f.ids[f.sbatchN]
		f.sbatchN++
		if strings.HasPrefix(id, "!") {
			return nil, errors.New(id[1:])
		}
		return []byte(id + "\n"), nil
	case "squeue":
		r := f.squeue[0]
		if len(f.squeue) > 1 {
			f.squeue = f.squeue[1:]
		}
		if strings.HasPrefix(r, "!") {
			return nil, errors.New(r[1:])
		}
		return []byte(r), nil
	case "sacct":
		if strings.HasPrefix(f.sacct, "!") || f.sacct == "" {
			return nil, errors.New("Slurm accounting storage is disabled")
		}
		return []byte(f.sacct), nil
	}
	return nil, errors.New("unknown command " + name)
}

func TestSubmit(t *testing.T) {
	j := jobs[0].job
	for _, c := range []struct {
		name    string
		ids     []string
		want    Submission
		wantErr string
	}{
		{"ok", []string{"10", "11;c"}, Submission{"10", "11"}, ""},
		{"array refused", []string{"!sbatch: error: invalid partition"}, Submission{}, "invalid partition"},
		{"merge refused", []string{"10", "!boom"}, Submission{ArrayID: "10"}, "after array job 10"},
		{"garbage", []string{"hello"}, Submission{}, "not a job id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeSlurm{ids: c.ids}
			got, err := Submit(context.Background(), f.run, j, []string{"--time=5"})
			if got != c.want || (c.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
				t.Errorf("Submit = %+v, %v; want %+v, error with %q", got, err, c.want, c.wantErr)
			}
			if c.name == "ok" && !strings.Contains(f.calls[1], "--dependency=afterok:10") {
				t.Errorf("merge submitted without the dependency: %s", f.calls[1])
			}
		})
	}
}

func TestWait(t *testing.T) {
	sub := Submission{"10", "11"}
	for _, c := range []struct {
		name    string
		squeue  []string
		sacct   string
		timeout time.Duration
		merge   string
		ok      bool
		failed  []int
		err     string
	}{
		{"completed", []string{"10_[1-3]|PENDING\n11|PENDING\n", "10_1|RUNNING\n10_2|COMPLETED\n10_3|PENDING\n11|PENDING\n",
			"10_1|COMPLETED\n10_2|COMPLETED\n10_3|COMPLETED\n11|COMPLETED\n"}, "", time.Minute, "COMPLETED", true, nil, ""},
		{"a task failed", []string{"10_1|COMPLETED\n10_2|FAILED\n10_3|COMPLETED\n11|CANCELLED\n"}, "", time.Minute,
			"CANCELLED", false, []int{2}, ""},
		{"aged out of squeue, sacct knows", []string{"!slurm_load_jobs error: Invalid job id specified"},
			"10_1|COMPLETED\n10_2|TIMEOUT\n11|CANCELLED by 0\n", time.Minute, "CANCELLED", false, []int{2}, ""},
		{"nobody knows", []string{"!Invalid job id specified"}, "", time.Minute, "", false, nil, "no state of merge job 11"},
		{"timeout", []string{"10_1|RUNNING\n11|PENDING\n"}, "", 30 * time.Millisecond, "PENDING", false, nil, "timed out"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeSlurm{squeue: c.squeue, sacct: c.sacct}
			var seen []string
			o, err := Wait(context.Background(), f.run, sub, time.Millisecond, c.timeout, func(s string) { seen = append(seen, s) })
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("Wait error %v, want one with %q", err, c.err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if c.err == "timed out" && !errors.Is(err, ErrTimeout) {
				t.Errorf("a timeout is not ErrTimeout: %v", err)
			}
			if o.Merge != c.merge || o.OK(3) != c.ok || !slices.Equal(o.Failed(), c.failed) {
				t.Errorf("outcome %v (ok %v, failed %v); want merge %s, ok %v, failed %v", o, o.OK(3), o.Failed(), c.merge, c.ok, c.failed)
			}
			if c.err == "" && len(seen) == 0 {
				t.Error("no state was reported")
			}
		})
	}
}
