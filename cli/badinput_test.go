package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInputCorpus runs every kind of bad input through the CLI: each
// must exit 2 with one line per problem naming the file (and line), and
// leave the output folder empty.
func TestBadInputCorpus(t *testing.T) {
	type badCase struct {
		name string
		args []string // "OUT" is replaced by a fresh output folder
		want string
	}
	var cases []badCase
	suitesBad, _ := filepath.Glob("../suites/testdata/bad/*.yaml")
	for _, f := range suitesBad {
		cases = append(cases, badCase{"suite " + filepath.Base(f), []string{"run", "-o", "OUT", f}, f + ":"})
	}
	cases = append(cases,
		badCase{"libsvm index 0", []string{"run", "-o", "OUT", "testdata/badinput/suite-index0.yaml"}, "index0.libsvm:2:"},
		badCase{"libsvm bad label", []string{"run", "-o", "OUT", "testdata/badinput/suite-label.yaml"}, "label.libsvm:2:"},
		badCase{"libsvm unordered", []string{"run", "-o", "OUT", "testdata/badinput/suite-order.yaml"}, "order.libsvm:1:"},
		badCase{"report of a malformed results file", []string{"report", "-o", "OUT", "testdata/badinput/results.jsonl"}, "results.jsonl:2:"},
		badCase{"compare with a malformed results file", []string{"compare", "testdata/badinput/results.jsonl", "testdata/badinput/results.jsonl"}, "results.jsonl:2:"},
		badCase{"report of a missing folder", []string{"report", "-o", "OUT", "testdata/badinput/nope"}, "nope"},
		badCase{"run with an unknown flag", []string{"run", "-o", "OUT", "-jobs", "2"}, "run: unknown flag -jobs (see sfbench help run)"},
		badCase{"run with a word for -j", []string{"run", "-o", "OUT", "-j", "two"}, `run: -j wants a whole number, got "two"`},
		badCase{"run with a bare number for a duration", []string{"run", "-o", "OUT", "-progress-every", "5"}, `-progress-every wants a duration such as 90s, 5m or 1h30m, got "5"`},
		badCase{"run of a missing suite file", []string{"run", "-o", "OUT", "testdata/badinput/nope.yaml"}, "nope.yaml: no such suite file (embedded suites: nightly, paper-convex"},
		badCase{"run with a bad shard", []string{"run", "-o", "OUT", "-shard", "0/3"}, "-shard wants k/N"},
		badCase{"report with a bad band", []string{"report", "-o", "OUT", "-band", "iqr", "../reports/testdata/small"}, `band must be se or minmax, got "iqr"`},
		badCase{"merge of a missing shard", []string{"merge", "-o", "OUT", "testdata/badinput/nope"}, "nope"},
		badCase{"verify-reference of a results file", []string{"verify-reference", "testdata/badinput/results.jsonl"}, "results.jsonl:2:"},
	)
	if len(cases) < 30 {
		t.Fatalf("only %d bad inputs", len(cases))
	}
	for _, c := range cases {
		out := filepath.Join(t.TempDir(), "out")
		args := make([]string, len(c.args))
		for i, a := range c.args {
			args[i] = strings.ReplaceAll(a, "OUT", out)
		}
		_, errOut, code := runCLI(args...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2 (stderr %q)", c.name, code, errOut)
			continue
		}
		if !strings.Contains(errOut, c.want) {
			t.Errorf("%s: stderr %q lacks %q", c.name, errOut, c.want)
		}
		for _, line := range strings.Split(strings.TrimSpace(errOut), "\n") {
			if !strings.HasPrefix(line, "sfbench: ") && !strings.HasPrefix(line, "../suites/") {
				t.Errorf("%s: stray line %q", c.name, line)
			}
		}
		if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
			t.Errorf("%s: wrote %d files into the output folder", c.name, len(entries))
		}
	}
}
