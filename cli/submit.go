package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/sfbench/sfbench/suites"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/sfbench/sfbench/cluster"
)

var submitCmd = command{
	name: "submit", summary: "run a suite's shards on a cluster engine and merge them: a Slurm job array and a merge job after it " +
		"(written to DIR/slurm and submitted when sbatch is on PATH), or Kubernetes manifests (printed); submitting again resumes",
	args: "CONFIG.yaml | SUITE", want: "one suite (a CONFIG.yaml or an embedded suite's name)", min: 1, max: 1,
	required: []string{"shards", "o"},
	flags: func(fs *flag.FlagSet) action {
		var o submitOptions
		fs.StringVar(&o.engine, "engine", "slurm", "`ENGINE`: slurm or k8s")
		fs.IntVar(&o.shards, "shards", 0, "split the grid into `N` shards (task k runs run -shard k/N)")
		fs.StringVar(&o.out, "o", "", "results `DIR`: shards in DIR/shard-k, merged results and report in DIR (k8s: a folder on the volume, relative)")
		fs.IntVar(&o.jobs, "j", 1, "workers `N` of each task (run -j; Slurm --cpus-per-task, k8s cpu request)")
		fs.StringVar(&o.sbatch, "sbatch", "", "slurm: more sbatch `OPTIONS` for both jobs, one string (\"--partition=x --time=2:00:00\")")
		fs.BoolVar(&o.wait, "wait", false, "slurm: wait until the merge job has ended; exit 1 if a task or the merge failed")
		fs.DurationVar(&o.timeout, "timeout", 24*time.Hour, "slurm: how long -wait waits (exit 1 after it); k8s: the merge Job's deadline (`D`)")
		fs.DurationVar(&o.poll, "poll", 10*time.Second, "slurm: how often -wait asks squeue (`D`)")
		fs.BoolVar(&o.dry, "dry-run", false, "print the scripts (slurm) or manifests and the commands, write and submit nothing")
		fs.StringVar(&o.image, "image", "", "k8s: the container `IMAGE`, with sfbench on its PATH (required)")
		fs.StringVar(&o.pvc, "pvc", "sfbench-results", "k8s: the PersistentVolumeClaim `NAME` the results go to (ReadWriteMany)")
		fs.StringVar(&o.namespace, "namespace", "", "k8s: the `NAMESPACE` of the objects (default: kubectl's)")
		fs.IntVar(&o.parallelism, "parallelism", 0, "k8s: pods at once, `P` (default: every shard)")
		return func(stdout, stderr io.Writer, args []string) error {
			o.suite = args[0]
			o.set = map[string]bool{}
			fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
			return runSubmit(stdout, stderr, o)
		}
	},
}

type submitOptions struct {
	engine, out, suite, sbatch string
	image, pvc, namespace      string
	shards, jobs, parallelism  int
	wait, dry                  bool
	timeout, poll              time.Duration
	set                        map[string]bool // flags given
}

// Replaced by tests: the sfbench the scripts run, the clock that names a
// Kubernetes submission, and how Slurm's commands run.
var (
	submitExecutable                = os.Executable
	submitNow                       = time.Now
	submitRunner     cluster.Runner = execRunner
)

// engineFlags are the flags only one engine takes.
var engineFlags = map[string][]string{
	"slurm": {"sbatch", "wait", "poll"},
	"k8s":   {"image", "pvc", "namespace", "parallelism"},
}

func runSubmit(stdout, stderr io.Writer, o submitOptions) error {
	if _, ok := engineFlags[o.engine]; !ok {
		return fmt.Errorf("submit: -engine wants slurm or k8s, got %q", o.engine)
	}
	for engine, names := range engineFlags {
		for _, n := range names {
			if engine != o.engine && o.set[n] {
				return fmt.Errorf("submit: -%s is for -engine %s, not %s", n, engine, o.engine)
			}
		}
	}
	switch {
	case o.shards < 1:
		return fmt.Errorf("submit: -shards must be at least 1, got %d", o.shards)
	case o.jobs < 1:
		return fmt.Errorf("submit: -j must be at least 1, got %d", o.jobs)
	case o.timeout <= 0:
		return fmt.Errorf("submit: -timeout must be > 0, got %v", o.timeout)
	case o.poll <= 0:
		return fmt.Errorf("submit: -poll must be > 0, got %v", o.poll)
	case o.parallelism < 0:
		return fmt.Errorf("submit: -parallelism must be >= 0, got %d", o.parallelism)
	case o.out == "":
		return fmt.Errorf("submit: -o wants a folder, got an empty name")
	}
	s, err := loadSuite(o.suite)
	if err != nil {
		return err
	}
	// A file is named by its absolute path; an embedded suite by its name
	// (the sfbench that runs the tasks has it too).
	suiteArg, suiteFile := s.Name, ""
	if _, err := os.Stat(o.suite); err == nil {
		if suiteFile, err = filepath.Abs(o.suite); err != nil {
			return fmt.Errorf("submit: %v", err)
		}
		suiteArg = suiteFile
	}
	j := cluster.Job{Suite: suiteArg, SuiteName: s.Name, Shards: o.shards, Workers: o.jobs}
	if o.engine == "k8s" {
		return submitK8s(stdout, o, j, suiteFile)
	}
	return submitSlurm(stdout, stderr, o, j)
}

func submitSlurm(stdout, stderr io.Writer, o submitOptions, j cluster.Job) error {
	extra, err := cluster.SplitWords(o.sbatch)
	if err == nil {
		err = cluster.CheckSbatchOptions(extra)
	}
	if err != nil {
		return fmt.Errorf("submit: %v", err)
	}
	if j.Out, err = filepath.Abs(o.out); err != nil {
		return fmt.Errorf("submit: %v", err)
	}
	if strings.ContainsAny(j.Out, "%\\") {
		return fmt.Errorf("submit: -o %s: Slurm reads %% and \\ in log file names as patterns; use a folder without them", o.out)
	}
	if j.WorkDir, err = os.Getwd(); err != nil {
		return fmt.Errorf("submit: %v", err)
	}
	bin, err := submitExecutable()
	if err == nil {
		bin, err = filepath.Abs(bin)
	}
	if err != nil {
		return fmt.Errorf("submit: the path of this sfbench: %v", err)
	}
	j.Binary = bin
	for _, name := range []string{"SFBENCH_DATA", "SFBENCH_SIMD", "SFBENCH_MEMORY"} {
		v, ok := os.LookupEnv(name)
		if !ok {
			continue
		}
		if name == "SFBENCH_DATA" && v != "" {
			v, _ = filepath.Abs(v)
		}
		j.Env = append(j.Env, cluster.EnvVar{Name: name, Value: v})
	}
	if err := j.Check(); err != nil {
		return fmt.Errorf("submit: %v", err)
	}
	scripts := j.Slurm()
	arrayCmd := "sbatch " + cluster.QuoteAll(j.SlurmArrayArgs(extra))
	mergeWords := j.SlurmMergeArgs(extra, "ARRAY")
	for i, w := range mergeWords {
		if w == "--dependency=afterok:ARRAY" {
			mergeWords[i] = `"--dependency=afterok:$array"`
		} else {
			mergeWords[i] = cluster.Quote(w)
		}
	}
	mergeCmd := "sbatch " + strings.Join(mergeWords, " ")
	byHand := fmt.Sprintf("array=$(%s) && %s", arrayCmd, mergeCmd)
	if o.dry {
		fmt.Fprintf(stdout, "# %s\n%s\n# %s\n%s\n# submitted with:\n%s\n", scripts.Array, scripts.ArrayText, scripts.Merge, scripts.MergeText, byHand)
		return nil
	}
	_, lookErr := exec.LookPath("sbatch")
	if o.wait && lookErr != nil {
		return fmt.Errorf("submit: -wait needs sbatch on PATH: %v", lookErr)
	}
	if err := os.MkdirAll(cluster.SlurmDir(j.Out), 0o755); err != nil {
		return fmt.Errorf("submit: %v", err)
	}
	for _, f := range [][2]string{{scripts.Array, scripts.ArrayText}, {scripts.Merge, scripts.MergeText}} {
		if err := writeScript(f[0], f[1]); err != nil {
			return fmt.Errorf("submit: %v", err)
		}
	}
	if lookErr != nil {
		fmt.Fprintf(stdout, "wrote %s and %s; sbatch is not on PATH: submit them with\n  %s\n", scripts.Array, scripts.Merge, byHand)
		return nil
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	sub, err := cluster.Submit(ctx, submitRunner, j, extra)
	if err != nil {
		if sub.ArrayID != "" {
			return failure{fmt.Sprintf("submit: array job %s submitted, but %v (scancel %s)", sub.ArrayID, err, sub.ArrayID)}
		}
		return failure{"submit: " + err.Error()}
	}
	fmt.Fprintf(stdout, "submitted array job %s (shards 1-%d of %s) and merge job %s (afterok:%s); logs in %s, results in %s\n",
		sub.ArrayID, j.Shards, j.SuiteName, sub.MergeID, sub.ArrayID, cluster.SlurmDir(j.Out), j.Out)
	if !o.wait {
		return nil
	}
	res, err := cluster.Wait(ctx, submitRunner, sub, o.poll, o.timeout, func(states string) {
		fmt.Fprintf(stderr, "%s slurm: %s\n", time.Now().Format("15:04:05"), states)
	})
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "sfbench: submit: stopped waiting; array job %s and merge job %s go on (squeue -j %s,%s)\n",
			sub.ArrayID, sub.MergeID, sub.ArrayID, sub.MergeID)
		return interrupted{}
	case errors.Is(err, cluster.ErrTimeout):
		return failure{fmt.Sprintf("submit: -wait %v; the jobs go on (squeue -j %s,%s)", err, sub.ArrayID, sub.MergeID)}
	case err != nil:
		return failure{"submit: waiting: " + err.Error()}
	}
	if !res.OK(j.Shards) {
		var logs []string
		for _, k := range res.Failed() {
			logs = append(logs, fmt.Sprintf("shard %d %s (%s)", k, res.Tasks[k],
				filepath.Join(cluster.SlurmDir(j.Out), fmt.Sprintf("shard-%d-%s.out", k, sub.ArrayID))))
		}
		what := "no task failed"
		if len(logs) > 0 {
			what = strings.Join(logs, ", ")
		}
		return failure{fmt.Sprintf("submit: merge job %s %s; %s; submit again to rerun the unfinished cells", sub.MergeID, res.Merge, what)}
	}
	fmt.Fprintf(stdout, "merge job %s COMPLETED: %d shards merged into %s\n", sub.MergeID, j.Shards, filepath.Join(j.Out, "results.jsonl"))
	return nil
}

func submitK8s(stdout io.Writer, o submitOptions, j cluster.Job, suiteFile string) error {
	if o.image == "" {
		return fmt.Errorf("submit: -engine k8s wants -image IMAGE (an image with sfbench on its PATH)")
	}
	clean := path.Clean(filepath.ToSlash(o.out))
	if path.IsAbs(clean) || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		return fmt.Errorf("submit: -engine k8s: -o %s must be a folder inside the volume (a relative path without ..)", o.out)
	}
	if o.pvc == "" {
		return fmt.Errorf("submit: -pvc wants a PersistentVolumeClaim name, got an empty one")
	}
	var text []byte
	var err error
	if suiteFile == "" { // an embedded suite goes into the ConfigMap as its text
		text, err = suites.BuiltinSource(o.suite)
	} else {
		text, err = os.ReadFile(suiteFile)
	}
	if err != nil {
		return fmt.Errorf("submit: %v", err)
	}
	j.Binary, j.Out = "sfbench", clean
	if v, ok := os.LookupEnv("SFBENCH_SIMD"); ok {
		j.Env = append(j.Env, cluster.EnvVar{Name: "SFBENCH_SIMD", Value: v})
	}
	j.Suite = cluster.K8sSuiteDir + "/" + cluster.K8sSuiteFile
	if err := j.Check(); err != nil {
		return fmt.Errorf("submit: %v", err)
	}
	manifests, err := j.K8s(cluster.Kubernetes{Image: o.image, PVC: o.pvc, Namespace: o.namespace,
		Parallelism: o.parallelism, Deadline: int64(o.timeout / time.Second), SuiteYAML: string(text),
		Token: submitNow().UTC().Format("20060102t150405")})
	if err != nil {
		return fmt.Errorf("submit: %v", err)
	}
	_, err = stdout.Write(manifests)
	return err
}

// writeScript writes an executable script whole: a temporary file renamed
// over the path, so a script is never half-written.
func writeScript(name, text string) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o755); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// execRunner runs Slurm's commands: stdout returned, stderr in the error.
func execRunner(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.Join(strings.Fields(errb.String()), " ")
		if msg == "" {
			return out.Bytes(), err
		}
		return out.Bytes(), fmt.Errorf("%v: %s", err, msg)
	}
	return out.Bytes(), nil
}
