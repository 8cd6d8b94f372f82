// Package cluster writes what runs a suite's shards on a cluster engine and
// merges them afterwards: a Slurm job array with a merge job that depends on
// it (Slurm), or an Indexed Job with a follow-up merge Job (Kubernetes). The
// engine schedules; sfbench only splits (run -shard k/N) and merges (merge)
// deterministically, so the merged records are those of one local run.
//
// Nothing here runs a cell or reads a result: the scripts and manifests are
// text computed from a Job, and the Slurm client (Submit, Wait) drives the
// sbatch and squeue commands through a Runner that tests replace.
package cluster

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Job is one sharded run of a suite.
type Job struct {
	Binary    string   // the sfbench to run: an absolute path (Slurm) or a command on the image's PATH (Kubernetes)
	Suite     string   // the suite: an absolute CONFIG.yaml path, or an embedded suite's name
	SuiteName string   // the suite's own name (job names, comments)
	Out       string   // the results folder: shards in Out/shard-k, merged results in Out itself
	WorkDir   string   // Slurm: the absolute folder the tasks run in (where data/ is looked for)
	Shards    int      // N: task k runs shard k/N, k = 1..N
	Workers   int      // run -j in each task (Slurm: also --cpus-per-task); 0 means 1
	Env       []EnvVar // settings exported in each task (SFBENCH_DATA, …), in order
}

// EnvVar is one environment setting of the tasks.
type EnvVar struct{ Name, Value string }

// ShardDir is the folder of shard k (1-based) of a job writing into out.
func ShardDir(out string, k int) string { return filepath.Join(out, "shard-"+strconv.Itoa(k)) }

func (j Job) workers() int {
	if j.Workers < 1 {
		return 1
	}
	return j.Workers
}

// Check reports what makes j unusable, as one line.
func (j Job) Check() error {
	switch {
	case j.Shards < 1:
		return fmt.Errorf("-shards must be at least 1, got %d", j.Shards)
	case j.Binary == "" || j.Suite == "" || j.Out == "":
		return fmt.Errorf("a job needs a binary, a suite and an output folder")
	}
	for _, e := range j.Env {
		if !envName.MatchString(e.Name) {
			return fmt.Errorf("%q is no environment variable name", e.Name)
		}
	}
	return nil
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Quote quotes s for a POSIX shell: one word, whatever it holds (spaces,
// quotes, $, backslashes, newlines), with nothing expanded.
func Quote(s string) string {
	if s != "" && safeWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

var safeWord = regexp.MustCompile(`^[A-Za-z0-9_./:=@%+,-]+$`)

// QuoteAll joins the words as a shell command line, each quoted.
func QuoteAll(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = Quote(w)
	}
	return strings.Join(q, " ")
}

// SplitWords splits a string of options as a POSIX shell would split an
// unexpanded command line: words separated by blanks, with '…' and "…"
// quoting and backslash escapes; nothing is expanded. An unterminated quote
// is an error.
func SplitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unterminated ' in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`\n", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated \" in %q", s)
			}
			inWord = true
		case c == '\\':
			if i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			}
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// label is the suite's name as a job name: lowercase letters, digits and
// '-', at most max characters, never empty.
func label(name string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if len(s) > max {
		s = strings.TrimRight(s[:max], "-")
	}
	if s == "" {
		s = "suite"
	}
	return s
}
