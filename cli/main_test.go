package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	goldenfile "github.com/sfbench/sfbench/internal/golden"
)

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), []byte(got))
}

// runCLI runs Main as a program's main would and returns what it wrote
// and its exit code.
func runCLI(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = Main(&out, &errb, args)
	return out.String(), errb.String(), code
}

const (
	referenceFile = "../optim/replay/testdata/schedulefree_trajectories.json"
	formsFile     = "../optim/replay/testdata/schedulefree_reference_forms.json"
)

func TestVerifyReferenceGolden(t *testing.T) {
	for _, tc := range []struct{ args, golden string }{
		{referenceFile, "verify-reference.golden"},
		{formsFile, "verify-reference-forms.golden"},
		{"", "verify-reference-embedded.golden"}, // both files, embedded
	} {
		args := []string{"verify-reference"}
		if tc.args != "" {
			args = append(args, tc.args)
		}
		out, errOut, code := runCLI(args...)
		if code != 0 || errOut != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
		}
		golden(t, tc.golden, out)
	}
}

func TestVerifyReferenceTightToleranceFails(t *testing.T) {
	out, errOut, code := runCLI("verify-reference", "-tol", "1e-15", referenceFile)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(out, "FAIL") || !strings.Contains(errOut, "cases exceed 1e-15") {
		t.Errorf("stdout %q\nstderr %q", out, errOut)
	}
}

func TestBadInputExits2(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n  \"problem\": [1,\n"), 0o644)
	unknown := filepath.Join(dir, "unknown.json")
	os.WriteFile(unknown, []byte(`{"problem": {"kind": "noisy_quadratic", "a": [1], "b": [0], "w0": [1], "noise": [[0]]},
 "cases": [{"name": "lion", "optimizer": "Lion", "hyper": {}, "steps": [{"p": [1]}]}]}`), 0o644)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no verb", nil, "sfbench: no verb given"},
		{"unknown verb", []string{"frobnicate"}, `sfbench: unknown verb "frobnicate"`},
		{"unknown flag", []string{"verify-reference", "-x"}, "sfbench: verify-reference: unknown flag -x (see sfbench help verify-reference)"},
		{"bad flag value", []string{"verify-reference", "-tol", "abc"}, `-tol wants a number, got "abc"`},
		{"negative tol", []string{"verify-reference", "-tol", "-1"}, "-tol must be >= 0"},
		{"two files", []string{"verify-reference", "a", "b"}, "verify-reference: want at most one reference file, got 2: a b (see sfbench help verify-reference)"},
		{"missing file", []string{"verify-reference", filepath.Join(dir, "nope.json")}, "no such file"},
		{"malformed file", []string{"verify-reference", bad}, "bad.json:3: unexpected end of file"},
		{"unknown optimizer", []string{"verify-reference", unknown}, `unknown.json: case "lion": unknown optimizer "Lion"`},
		{"version argument", []string{"version", "extra"}, "version: want no arguments, got 1: extra"},
	}
	for _, c := range cases {
		out, errOut, code := runCLI(c.args...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", c.name, code)
		}
		if out != "" {
			t.Errorf("%s: wrote to stdout: %q", c.name, out)
		}
		lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
		last := lines[len(lines)-1]
		if !strings.Contains(last, c.want) {
			t.Errorf("%s: stderr %q, want a line containing %q", c.name, errOut, c.want)
		}
		if c.name != "no verb" && len(lines) != 1 {
			t.Errorf("%s: want a one-line error, got %q", c.name, errOut)
		}
	}
}

func TestHelp(t *testing.T) {
	out, _, code := runCLI("help")
	if code != 0 || !strings.Contains(out, "verify-reference") {
		t.Errorf("help: exit %d, output %q", code, out)
	}
	_, errOut, code := runCLI("verify-reference", "-h")
	if code != 0 || !strings.Contains(errOut, "-tol") {
		t.Errorf("verify-reference -h: exit %d, stderr %q", code, errOut)
	}
}

func TestVersion(t *testing.T) {
	out, _, code := runCLI("version")
	if code != 0 || !strings.HasPrefix(out, "sfbench ") || !strings.Contains(out, "simd: ") {
		t.Errorf("version: exit %d, output %q", code, out)
	}
}

func TestBadSIMDSettingExits2(t *testing.T) {
	t.Setenv("SFBENCH_SIMD", "fast")
	for _, args := range [][]string{{"version"}, {"run", "-dry-run"}} {
		out, errOut, code := runCLI(args...)
		if code != 2 || out != "" || errOut != "sfbench: SFBENCH_SIMD=\"fast\": want off, avx2 or avx512 (or unset)\n" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

// A file system error names the path and what is wrong, not the system
// call; other errors pass unchanged.
func TestMessage(t *testing.T) {
	_, statErr := os.Stat(filepath.Join(t.TempDir(), "nope"))
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"missing", fmt.Errorf("report: %w", &fs.PathError{Op: "stat", Path: "a/results.jsonl", Err: fs.ErrNotExist}), "report: a/results.jsonl: no such file or folder"},
		{"from the system", statErr, filepath.Base(filepath.Dir(statErr.(*fs.PathError).Path)) + "/nope: no such file or folder"},
		{"permission", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrPermission}, "x: permission denied"},
		{"other", &fs.PathError{Op: "read", Path: "x", Err: errors.New("is a directory")}, "x: is a directory"},
		{"plain", errors.New("run: want at most one suite"), "run: want at most one suite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := message(tc.err); !strings.HasSuffix(got, tc.want) || strings.Contains(got, "stat ") {
				t.Errorf("got %q, want …%q", got, tc.want)
			}
		})
	}
}
