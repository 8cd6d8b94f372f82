package cluster

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// SlurmDir is the folder under a job's output that holds its Slurm scripts
// and the tasks' logs.
func SlurmDir(out string) string { return filepath.Join(out, "slurm") }

// SlurmScripts are the batch scripts of a job: the array (task k runs
// shard k/N) and the merge job that runs after the whole array succeeded.
type SlurmScripts struct {
	Array, Merge string // paths, in SlurmDir(Out)
	ArrayText    string
	MergeText    string
}

// Slurm returns j's batch scripts. Every path in them is quoted for the
// shell; options that hold a path go on sbatch's command line instead
// (SlurmArrayArgs), as #SBATCH lines have no quoting.
func (j Job) Slurm() SlurmScripts {
	dir := SlurmDir(j.Out)
	name := "sfbench-" + label(j.SuiteName, 40)
	var a strings.Builder
	fmt.Fprintf(&a, "#!/bin/sh\n")
	fmt.Fprintf(&a, "# sfbench submit: suite %s in %d shards; array task k runs shard k/%d into %s.\n",
		label(j.SuiteName, 60), j.Shards, j.Shards, "shard-k")
	fmt.Fprintf(&a, "# Submitting again with the same arguments resumes: finished cells are kept.\n")
	fmt.Fprintf(&a, "#SBATCH --job-name=%s\n", name)
	fmt.Fprintf(&a, "#SBATCH --array=1-%d\n", j.Shards)
	fmt.Fprintf(&a, "#SBATCH --cpus-per-task=%d\n", j.workers())
	j.preamble(&a)
	fmt.Fprintf(&a, "k=$((SLURM_ARRAY_TASK_ID))\n")
	fmt.Fprintf(&a, "exec %s run -quiet -j %d -shard \"$k/%d\" -o %s\"/shard-$k\" %s\n",
		Quote(j.Binary), j.workers(), j.Shards, Quote(j.Out), Quote(j.Suite))

	var m strings.Builder
	fmt.Fprintf(&m, "#!/bin/sh\n")
	fmt.Fprintf(&m, "# sfbench submit: merges the %d shards of suite %s into the results folder and writes its report;\n",
		j.Shards, label(j.SuiteName, 60))
	fmt.Fprintf(&m, "# submitted with --dependency=afterok on the array, so it runs once every task succeeded.\n")
	fmt.Fprintf(&m, "#SBATCH --job-name=%s-merge\n", name)
	fmt.Fprintf(&m, "#SBATCH --cpus-per-task=1\n")
	j.preamble(&m)
	fmt.Fprintf(&m, "out=%s\n", Quote(j.Out))
	fmt.Fprintf(&m, "set --\n")
	fmt.Fprintf(&m, "k=1\n")
	fmt.Fprintf(&m, "while [ \"$k\" -le %d ]; do set -- \"$@\" \"$out/shard-$k\"; k=$((k + 1)); done\n", j.Shards)
	fmt.Fprintf(&m, "exec %s merge -o \"$out\" \"$@\"\n", Quote(j.Binary))
	return SlurmScripts{
		Array: filepath.Join(dir, "array.sh"), ArrayText: a.String(),
		Merge: filepath.Join(dir, "merge.sh"), MergeText: m.String(),
	}
}

// preamble: strict mode, the working directory, the exported settings.
func (j Job) preamble(b *strings.Builder) {
	b.WriteString("set -eu\n")
	if j.WorkDir != "" {
		fmt.Fprintf(b, "cd %s\n", Quote(j.WorkDir))
	}
	for _, e := range j.Env {
		fmt.Fprintf(b, "export %s=%s\n", e.Name, Quote(e.Value))
	}
}

// SlurmArrayArgs are sbatch's arguments that submit the array script:
// --parsable (the job id alone on stdout), the log files, then the user's
// own options (extra), then the script.
func (j Job) SlurmArrayArgs(extra []string) []string {
	s := j.Slurm()
	args := []string{"--parsable", "--output=" + filepath.Join(SlurmDir(j.Out), "shard-%a-%A.out")}
	return append(append(args, extra...), s.Array)
}

// SlurmMergeArgs are sbatch's arguments that submit the merge script after
// the array job arrayID: it runs when every task succeeded (afterok) and is
// cancelled at once when one failed (--kill-on-invalid-dep), so that a
// waiting submit sees the end instead of a job pending forever.
func (j Job) SlurmMergeArgs(extra []string, arrayID string) []string {
	s := j.Slurm()
	args := []string{"--parsable", "--dependency=afterok:" + arrayID, "--kill-on-invalid-dep=yes",
		"--output=" + filepath.Join(SlurmDir(j.Out), "merge-%j.out")}
	return append(append(args, extra...), s.Merge)
}

// CheckSbatchOptions refuses the options that submit sets itself.
func CheckSbatchOptions(opts []string) error {
	for _, o := range opts {
		name, _, _ := strings.Cut(o, "=")
		switch name {
		case "-a", "--array", "-d", "--dependency", "--parsable", "--wrap", "--kill-on-invalid-dep":
			return fmt.Errorf("-sbatch: %s is set by submit itself", name)
		}
		if strings.HasPrefix(o, "-a") && len(o) > 2 && !strings.HasPrefix(o, "--") {
			return fmt.Errorf("-sbatch: -a (--array) is set by submit itself")
		}
		if strings.HasPrefix(o, "-d") && len(o) > 2 && !strings.HasPrefix(o, "--") {
			return fmt.Errorf("-sbatch: -d (--dependency) is set by submit itself")
		}
	}
	return nil
}

// ParseJobID reads the job id that sbatch --parsable prints ("123" or
// "123;cluster").
func ParseJobID(out string) (string, error) {
	line := strings.TrimSpace(out)
	if i := strings.LastIndexByte(line, '\n'); i >= 0 {
		line = strings.TrimSpace(line[i+1:])
	}
	id, _, _ := strings.Cut(line, ";")
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return "", fmt.Errorf("sbatch printed %q, not a job id", strings.TrimSpace(out))
	}
	return id, nil
}
