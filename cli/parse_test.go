package cli

import (
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestFlagsAnywhere: flags parse before, after and between the positional
// arguments of every verb; "--" ends them.
func TestFlagsAnywhere(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		pos   []string
		flags map[string]string
	}{
		{"run, flags first", []string{"run", "-o", "out", "-j", "2", "my.yaml"}, []string{"my.yaml"}, map[string]string{"o": "out", "j": "2"}},
		{"run, flags last", []string{"run", "configs/paper-convex.yaml", "-o", "out", "-j", "2"}, []string{"configs/paper-convex.yaml"}, map[string]string{"o": "out", "j": "2"}},
		{"run, flags around", []string{"run", "-dry-run", "my.yaml", "-j=3"}, []string{"my.yaml"}, map[string]string{"dry-run": "true", "j": "3"}},
		{"run, bool flag before the argument", []string{"run", "-quiet", "my.yaml"}, []string{"my.yaml"}, map[string]string{"quiet": "true"}},
		{"run, double dashes", []string{"run", "--o", "out", "my.yaml", "--shard=1/2"}, []string{"my.yaml"}, map[string]string{"o": "out", "shard": "1/2"}},
		{"run, -- ends the flags", []string{"run", "-o", "out", "--", "-odd.yaml"}, []string{"-odd.yaml"}, map[string]string{"o": "out"}},
		{"run, - is an argument", []string{"run", "-"}, []string{"-"}, nil},
		{"merge, -o last", []string{"merge", "a", "b", "-o", "D"}, []string{"a", "b"}, map[string]string{"o": "D"}},
		{"merge, -o between", []string{"merge", "a", "-o", "D", "b"}, []string{"a", "b"}, map[string]string{"o": "D"}},
		{"compare, -md last", []string{"compare", "A", "B", "-md", "f"}, []string{"A", "B"}, map[string]string{"md": "f"}},
		{"compare, bool between", []string{"compare", "A", "-allow-missing", "B", "-alpha", "0.01"}, []string{"A", "B"}, map[string]string{"allow-missing": "true", "alpha": "0.01"}},
		{"report, -o last", []string{"report", "out/my", "-o", "elsewhere"}, []string{"out/my"}, map[string]string{"o": "elsewhere"}},
		{"summarize, -o last", []string{"summarize", "a", "b", "-o", "R.md", "-elapsed", "12"}, []string{"a", "b"}, map[string]string{"o": "R.md", "elapsed": "12"}},
		{"verify-reference, -tol last", []string{"verify-reference", "f.json", "-tol", "1e-12"}, []string{"f.json"}, map[string]string{"tol": "1e-12"}},
		{"help of a verb", []string{"help", "run"}, []string{"run"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inv, err := parse(c.args)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(inv.args, "\x00") != strings.Join(c.pos, "\x00") {
				t.Errorf("arguments %q, want %q", inv.args, c.pos)
			}
			for name, want := range c.flags {
				if got := inv.fs.Lookup(name).Value.String(); got != want {
					t.Errorf("-%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

// TestUsageErrors: unknown flags, bad values and wrong argument counts are
// one line naming the verb and what is wrong, exit 2, nothing on stdout.
func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag after the argument", []string{"run", "my.yaml", "-jobs", "2"}, "sfbench: run: unknown flag -jobs (see sfbench help run)"},
		{"flag without its value", []string{"compare", "A", "B", "-md"}, "sfbench: compare: flag needs an argument: -md"},
		{"bad value after the arguments", []string{"compare", "A", "B", "-alpha", "x"}, `sfbench: compare: -alpha wants a number, got "x"`},
		{"run, two suites", []string{"run", "a.yaml", "b.yaml", "-j", "2"}, "sfbench: run: want at most one suite (a CONFIG.yaml or an embedded suite's name), got 2: a.yaml b.yaml (see sfbench help run)"},
		{"merge without -o", []string{"merge", "x"}, "sfbench: merge: want -o DIR (see sfbench help merge)"},
		{"merge without shards", []string{"merge", "-o", "D"}, "sfbench: merge: want at least one shard folder (or results file), got none (see sfbench help merge)"},
		{"compare, one side", []string{"compare", "A", "-md", "f"}, "sfbench: compare: want two results, BASE and NEW, got 1: A (see sfbench help compare)"},
		{"compare, three", []string{"compare", "A", "B", "C"}, "sfbench: compare: want two results, BASE and NEW, got 3: A B C"},
		{"report, none", []string{"report", "-o", "x"}, "sfbench: report: want one results folder or results file, got none"},
		{"summarize, none", []string{"summarize", "-o", "R.md"}, "sfbench: summarize: want at least one results folder, got none"},
		{"list, an argument", []string{"list", "suites"}, "sfbench: list: want no arguments, got 1: suites"},
		{"version, an argument", []string{"version", "-", "x"}, "sfbench: version: want no arguments, got 2: - x"},
		{"help of no verb", []string{"help", "frobnicate"}, `sfbench: help: unknown verb "frobnicate"`},
		{"unknown verb", []string{"frobnicate", "-o", "x"}, `sfbench: unknown verb "frobnicate" (run 'sfbench help' for the list)`},
		{"run, -progress-every 0", []string{"run", "-progress-every", "0", "-dry-run"}, "sfbench: run: -progress-every must be > 0, got 0s"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := runCLI(c.args...)
			if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, c.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and one line starting %q", code, out, errOut, c.want)
			}
		})
	}
}

// TestHelpOfEveryVerb: sfbench help VERB and sfbench VERB -h print the
// same help, from the verb's one declaration, naming every flag; the
// top-level usage lists every verb with every flag.
func TestHelpOfEveryVerb(t *testing.T) {
	top, errOut, code := runCLI("help")
	if code != 0 || errOut != "" {
		t.Fatalf("help: exit %d, stderr %q", code, errOut)
	}
	golden(t, "usage.golden", top)
	for _, alias := range []string{"-h", "-help", "--help"} {
		if out, _, code := runCLI(alias); code != 0 || out != top {
			t.Errorf("sfbench %s: exit %d, not the usage", alias, code)
		}
	}
	if _, errOut, code := runCLI(); code != 2 || !strings.HasPrefix(errOut, top) || !strings.HasSuffix(errOut, "sfbench: no verb given\n") {
		t.Errorf("no verb: exit %d, stderr %q", code, errOut)
	}
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			help, errOut, code := runCLI("help", c.name)
			if code != 0 || errOut != "" {
				t.Fatalf("help %s: exit %d, stderr %q", c.name, code, errOut)
			}
			out, dashH, code := runCLI(c.name, "-h")
			if code != 0 || out != "" || dashH != help {
				t.Errorf("%s -h: exit %d, stdout %q, stderr differs from help %s:\n%s\n%s", c.name, code, out, c.name, dashH, help)
			}
			if !strings.HasPrefix(help, "usage: sfbench "+c.name) || !strings.Contains(help, c.summary[:20]) {
				t.Errorf("help %s:\n%s", c.name, help)
			}
			fs, _ := c.flagSet()
			fs.VisitAll(func(f *flag.Flag) {
				if !strings.Contains(help, "\n  -"+f.Name) {
					t.Errorf("help %s lacks -%s:\n%s", c.name, f.Name, help)
				}
				if !strings.Contains(top, "-"+f.Name) {
					t.Errorf("the usage lacks -%s of %s", f.Name, c.name)
				}
			})
			if !strings.Contains(top, "  sfbench "+c.name) {
				t.Errorf("the usage lacks %s", c.name)
			}
		})
	}
	for _, line := range strings.Split(top, "\n") {
		if len(line) > 78 {
			t.Errorf("usage line of %d columns: %q", len(line), line)
		}
	}
}

// TestREADMEUsageLines parses every sfbench command line of the README's
// "Using it" section as the CLI would, without running it, so that the
// README and the CLI cannot drift apart; and every verb has a line there.
func TestREADMEUsageLines(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "\n## Using it\n")
	if start < 0 {
		t.Fatal(`README has no "## Using it" section`)
	}
	section := text[start+1:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	lines := readmeCommands(section)
	if len(lines) < 10 {
		t.Fatalf("only %d sfbench lines in the README's usage section", len(lines))
	}
	used := map[string]bool{}
	for _, line := range lines {
		t.Run(line, func(t *testing.T) {
			args := strings.Fields(line)
			inv, err := parse(args)
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			used[inv.cmd.name] = true
		})
	}
	for _, c := range commands {
		if !used[c.name] {
			t.Errorf("the README's usage section shows no sfbench %s", c.name)
		}
	}
}

// readmeCommands are the sfbench command lines in the fenced blocks of a
// README section, without the program's name and comments, with shell
// expansions ($VAR, ${VAR}, $((…))) replaced by 1.
func readmeCommands(section string) []string {
	cmd := regexp.MustCompile(`(?:^|[\s"])(?:bin/)?sfbench( [^#"]*)`)
	expansion := regexp.MustCompile(`\$\(\([^)]*\)\)|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*`)
	var out []string
	fenced := false
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			continue
		}
		for _, m := range cmd.FindAllStringSubmatch(line, -1) {
			out = append(out, strings.TrimSpace(expansion.ReplaceAllString(m[1], "1")))
		}
	}
	return out
}

func TestReadmeCommands(t *testing.T) {
	got := readmeCommands("text: sfbench run x\n```sh\nbin/sfbench run -o out -j 2 my.yaml   # a comment\n" +
		"bin/sfbench run -shard ${K}/8 -o out/shard-$K c.yaml\n# afterwards: bin/sfbench merge -o out/my out/shard-*\n" +
		"make run\n```\n```yaml\ncommand: [\"sh\", \"-c\", \"sfbench run -shard $((I+1))/8 -o /r/$I /c.yaml\"]\n```\n")
	want := []string{"run -o out -j 2 my.yaml", "run -shard 1/8 -o out/shard-1 c.yaml", "merge -o out/my out/shard-*", "run -shard 1/8 -o /r/1 /c.yaml"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
