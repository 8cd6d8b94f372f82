package cluster

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Runner runs a command and returns its standard output; a command that
// fails returns an error carrying its standard error. Submit and Wait run
// sbatch, squeue and sacct through one, so that tests can stand in for
// Slurm.
type Runner func(ctx context.Context, name string, args ...string) ([]byte, error)

// Submission is a submitted job: the array of shards and the merge job.
type Submission struct{ ArrayID, MergeID string }

// Submit submits j's scripts (which must be written) with sbatch: first the
// array, then the merge job depending on it. The user's sbatch options
// (extra) go to both.
func Submit(ctx context.Context, run Runner, j Job, extra []string) (Submission, error) {
	out, err := run(ctx, "sbatch", j.SlurmArrayArgs(extra)...)
	if err != nil {
		return Submission{}, fmt.Errorf("sbatch (array): %w", err)
	}
	array, err := ParseJobID(string(out))
	if err != nil {
		return Submission{}, err
	}
	out, err = run(ctx, "sbatch", j.SlurmMergeArgs(extra, array)...)
	if err != nil {
		return Submission{ArrayID: array}, fmt.Errorf("sbatch (merge, after array job %s): %w", array, err)
	}
	merge, err := ParseJobID(string(out))
	if err != nil {
		return Submission{ArrayID: array}, err
	}
	return Submission{ArrayID: array, MergeID: merge}, nil
}

// Outcome is how a submission ended: the merge job's state and each
// task's (by shard, 1-based), as Slurm names them (COMPLETED, FAILED,
// CANCELLED, TIMEOUT, …).
type Outcome struct {
	Merge string
	Tasks map[int]string
}

// OK reports whether the merge job and every task of shards completed.
func (o Outcome) OK(shards int) bool {
	if o.Merge != "COMPLETED" {
		return false
	}
	for k := 1; k <= shards; k++ {
		if s, ok := o.Tasks[k]; ok && s != "COMPLETED" {
			return false
		}
	}
	return true
}

// Failed lists the shards whose task ended in another state than
// COMPLETED, in order.
func (o Outcome) Failed() []int {
	var ks []int
	for k, s := range o.Tasks {
		if s != "COMPLETED" && terminal(s) {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	return ks
}

// terminal reports whether a job in state s has ended.
func terminal(s string) bool {
	switch s {
	case "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
		"PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT":
		return true
	}
	return false
}

// ErrTimeout is returned by Wait when the merge job had not ended in time.
var ErrTimeout = errors.New("timed out")

// Wait polls Slurm every poll until the merge job of sub has ended, or
// until timeout (ErrTimeout, with the states last seen). It asks squeue
// first (which knows ended jobs for MinJobAge, 300 s by default) and
// sacct when squeue no longer knows them (sacct needs accounting). Each
// state change is passed to notify (which may be nil).
func Wait(ctx context.Context, run Runner, sub Submission, poll, timeout time.Duration, notify func(string)) (Outcome, error) {
	deadline := time.Now().Add(timeout)
	ids := sub.ArrayID + "," + sub.MergeID
	last := ""
	for {
		o, err := states(ctx, run, sub, ids)
		if err != nil {
			return o, err
		}
		if now := o.String(); now != last && notify != nil {
			notify(now)
			last = now
		}
		if terminal(o.Merge) {
			return o, nil
		}
		if !time.Now().Before(deadline) {
			return o, fmt.Errorf("%w after %v: merge job %s %s, array job %s %s", ErrTimeout, timeout,
				sub.MergeID, orUnknown(o.Merge), sub.ArrayID, o.tasks())
		}
		t := time.NewTimer(min(poll, time.Until(deadline)+time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return o, ctx.Err()
		case <-t.C:
		}
	}
}

// states asks squeue, then sacct, for the jobs' states.
func states(ctx context.Context, run Runner, sub Submission, ids string) (Outcome, error) {
	out, qerr := run(ctx, "squeue", "-h", "-r", "-t", "all", "-j", ids, "-o", "%i|%T")
	if qerr == nil {
		o := parseStates(string(out), sub)
		if o.Merge != "" {
			return o, nil
		}
	}
	out, aerr := run(ctx, "sacct", "-n", "-P", "-X", "-j", ids, "-o", "JobID,State")
	if aerr == nil {
		o := parseStates(string(out), sub)
		if o.Merge != "" {
			return o, nil
		}
	}
	if qerr == nil {
		qerr = errors.New("it does not list the merge job")
	}
	if aerr == nil {
		aerr = errors.New("it does not list the merge job")
	}
	return Outcome{}, fmt.Errorf("no state of merge job %s: squeue: %v; sacct: %v", sub.MergeID, qerr, aerr)
}

// parseStates reads "id|STATE" lines (squeue -o %i|%T, sacct -P -o
// JobID,State): the merge job's id, and array tasks as ARRAY_K; a pending
// rest of the array (ARRAY_[2-3]) says nothing about single tasks. sacct
// writes "CANCELLED by 0": the first word is the state.
func parseStates(out string, sub Submission) Outcome {
	o := Outcome{Tasks: map[int]string{}}
	for _, line := range strings.Split(out, "\n") {
		id, state, ok := strings.Cut(strings.TrimSpace(line), "|")
		if !ok {
			continue
		}
		state, _, _ = strings.Cut(strings.TrimSpace(state), " ")
		if id == sub.MergeID {
			o.Merge = state
			continue
		}
		job, task, ok := strings.Cut(id, "_")
		if !ok || job != sub.ArrayID {
			continue
		}
		if k, err := strconv.Atoi(task); err == nil && k > 0 {
			o.Tasks[k] = state
		}
	}
	return o
}

// String is the states in one line: "merge PENDING; shards 1 RUNNING, 2
// COMPLETED".
func (o Outcome) String() string { return "merge " + orUnknown(o.Merge) + "; shards " + o.tasks() }

func (o Outcome) tasks() string {
	if len(o.Tasks) == 0 {
		return "pending"
	}
	ks := make([]int, 0, len(o.Tasks))
	for k := range o.Tasks {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = fmt.Sprintf("%d %s", k, o.Tasks[k])
	}
	return strings.Join(parts, ", ")
}

func orUnknown(s string) string {
	if s == "" {
		return "UNKNOWN"
	}
	return s
}
