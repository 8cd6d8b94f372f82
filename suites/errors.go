package suites

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// errorList collects every problem found in a suite file, each as
// "file:line: what is wrong".
type errorList struct {
	path  string
	list  []string
	lines []int
}

func (e *errorList) add(line int, format string, args ...any) {
	// One line per problem: control characters from the file are escaped.
	msg := oneLine.Replace(fmt.Sprintf(format, args...))
	if line > 0 {
		msg = fmt.Sprintf("%s:%d: %s", e.path, line, msg)
	} else {
		msg = fmt.Sprintf("%s: %s", e.path, msg)
	}
	e.list = append(e.list, msg)
	e.lines = append(e.lines, line)
}

var oneLine = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`)

// lineRef finds a "line N: " reference inside a message (strictyaml's and
// yaml.v3's errors carry one).
var lineRef = regexp.MustCompile(`line (\d+): `)

// addErr adds err; a part of the message that names its own line keeps
// that line (and loses the reference) instead of the fallback.
func (e *errorList) addErr(fallback int, err error) {
	for _, part := range strings.Split(err.Error(), "; ") {
		line := fallback
		if m := lineRef.FindStringSubmatchIndex(part); m != nil {
			line, _ = strconv.Atoi(part[m[2]:m[3]])
			part = part[:m[0]] + part[m[1]:]
		}
		e.add(line, "%s", part)
	}
}

// err returns the problems in file order, or nil.
func (e *errorList) err() error {
	if len(e.list) == 0 {
		return nil
	}
	idx := make([]int, len(e.list))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return e.lines[idx[a]] < e.lines[idx[b]] })
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = e.list[j]
	}
	return &Error{Problems: out}
}

// Error is an invalid suite: every problem found, one line each.
type Error struct{ Problems []string }

func (e *Error) Error() string { return strings.Join(e.Problems, "\n") }
