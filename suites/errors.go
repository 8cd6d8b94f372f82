package suites

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// errorList collects every problem found in a suite file.
type errorList struct {
	path string
	list ErrorList
}

func (e *errorList) add(line int, format string, args ...any) {
	// One line per problem: control characters from the file are escaped.
	e.list = append(e.list, &Error{File: e.path, Line: line, Msg: oneLine.Replace(fmt.Sprintf(format, args...))})
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
	out := slices.Clone(e.list)
	slices.SortStableFunc(out, func(a, b *Error) int { return a.Line - b.Line })
	return out
}

// Error is one thing wrong in a suite file: the file, the line (0 when
// it is the file as a whole) and what is wrong.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// ErrorList is an invalid suite: every problem found, in file order, one
// line each.
type ErrorList []*Error

func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}
