package compare

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// JUnit XML, the subset CI systems (GitLab, Jenkins, GitHub test
// reporters) display: one testsuite, one testcase per group.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out,omitempty"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// Line is a row in words, as the JUnit report and messages give it:
// "test_acc 0.9 ± 0.001 → 0.85 ± 0.0021, delta -5.56%, p <0.001, n 10+10: REGRESSION".
func (r *Row) Line() string {
	c := r.cells()
	if r.Metric == "" {
		c[1] = "no metric:"
	}
	return fmt.Sprintf("%s %s → %s, delta %s, p %s, n %s: %s", c[1], c[2], c[3], c[4], c[5], c[6], c[7])
}

// WriteJUnit writes the comparison as JUnit XML: one testcase per group
// (classname: the problem), a failure for each regression, skipped for the
// groups on one side only and those without values.
func (c *Comparison) WriteJUnit(w io.Writer) error {
	s := junitSuite{Name: "sfbench compare", Time: "0", Properties: []junitProperty{
		{"base", c.Base}, {"new", c.New},
		{"test", c.Options.TestName()},
		{"alpha", strconv.FormatFloat(c.Options.Alpha, 'g', -1, 64)},
		{"min_effect", strconv.FormatFloat(c.Options.MinEffect, 'g', -1, 64)},
		{"metric", cmp.Or(c.Options.Metric, "per group: the first reported of "+strings.Join(DefaultMetrics, ", "))},
	}}
	for i := range c.Rows {
		r := &c.Rows[i]
		tc := junitCase{Classname: r.Key.Problem, Name: r.Name, Time: "0"}
		out := []string{r.Line()}
		for _, w := range r.Warnings {
			out = append(out, "warning: "+w)
		}
		switch r.Verdict {
		case Regression:
			tc.Failure = &junitMessage{Message: r.VerdictText(), Type: "regression", Text: r.Line()}
			out = out[1:] // the failure says it
			s.Failures++
		case Incomparable:
			tc.Skipped = &junitMessage{Message: r.Note}
			s.Skipped++
		}
		tc.SystemOut = strings.Join(out, "\n")
		s.Cases = append(s.Cases, tc)
	}
	one := func(names []string, msg string) {
		for _, n := range names {
			problem, ok := c.problems[n]
			if !ok {
				problem, _, _ = strings.Cut(n, "/")
			}
			s.Cases = append(s.Cases, junitCase{Classname: problem, Name: n, Time: "0", Skipped: &junitMessage{Message: msg}})
			s.Skipped++
		}
	}
	if len(c.Missing()) > 0 {
		for _, n := range c.OnlyBase {
			problem, ok := c.problems[n]
			if !ok {
				problem, _, _ = strings.Cut(n, "/")
			}
			s.Cases = append(s.Cases, junitCase{Classname: problem, Name: n, Time: "0",
				Failure: &junitMessage{Message: "missing in NEW", Type: "missing", Text: n + ": in BASE, not in NEW"}})
			s.Failures++
		}
	} else {
		one(c.OnlyBase, "only in BASE")
	}
	one(c.OnlyNew, "only in NEW")
	s.Tests = len(s.Cases)
	if ws := c.Warnings; len(ws) > 0 {
		s.SystemOut = "warning: " + strings.Join(ws, "\nwarning: ")
	}
	if s.SystemOut != "" {
		s.SystemOut += "\n"
	}
	s.SystemOut += c.Summary()
	all := junitSuites{Name: "sfbench compare", Tests: s.Tests, Failures: s.Failures, Skipped: s.Skipped,
		Suites: []junitSuite{s}}
	return encodeJUnit(w, all)
}

// encodeJUnit writes the report as an indented XML document.
func encodeJUnit(w io.Writer, all junitSuites) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
