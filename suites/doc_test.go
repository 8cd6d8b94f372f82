package suites

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/optim/kinds"
)

// docLines returns the comment text of doc.go's file-format example, the
// YAML key of each line ("" on a continuation) and what follows its '#'.
func docLines(t *testing.T) (keys, comments []string) {
	t.Helper()
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`^\s*(?:- )?([a-z_]+):`)
	for _, line := range strings.Split(string(src), "\n") {
		text, ok := strings.CutPrefix(line, "//\t")
		if !ok {
			continue
		}
		yamlPart, comment, _ := strings.Cut(text, "#")
		k := ""
		if m := key.FindStringSubmatch(yamlPart); m != nil {
			k = m[1]
		}
		keys, comments = append(keys, k), append(comments, strings.TrimSpace(comment))
	}
	return keys, comments
}

// TestDocListsTheRegisteredKinds: the package documentation's list of
// optimizer kinds is the registry's, in its order, and what it says takes
// a schedule, averaging or a base is what the kinds accept, so the
// documentation cannot drift from the code again.
func TestDocListsTheRegisteredKinds(t *testing.T) {
	keys, comments := docLines(t)
	var want []string
	for _, k := range kinds.All() {
		want = append(want, k.Name)
	}
	var listed string
	for i, k := range keys {
		if k == "kind" && strings.Contains(comments[i], "one of") {
			listed = comments[i][strings.Index(comments[i], "one of")+len("one of"):]
			for j := i + 1; j < len(keys) && keys[j] == ""; j++ {
				listed += " " + comments[j]
			}
			break
		}
	}
	listed = regexp.MustCompile(`\([^)]*\)`).ReplaceAllString(listed, "")
	if got := strings.Fields(listed); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("doc.go lists the optimizer kinds\n  %v\nthe registry has\n  %v", got, want)
	}

	accepts := func(keep func(kinds.Kind) bool) string { return kindNames(keep, "and") + " only" }
	for _, tc := range []struct{ key, want string }{
		{"schedule", accepts(func(k kinds.Kind) bool { return k.Accepts.Schedule })},
		{"averaging", accepts(func(k kinds.Kind) bool { return k.Accepts.Averaging })},
		{"base", accepts(func(k kinds.Kind) bool { return k.Accepts.Base })},
		{"base", "kind " + kindNames(func(k kinds.Kind) bool { return k.AsBase }, "or")},
	} {
		t.Run(tc.key+": "+tc.want, func(t *testing.T) {
			for i, k := range keys {
				if k == tc.key && strings.Contains(comments[i], tc.want) {
					return
				}
			}
			t.Errorf("doc.go does not say %q on a %s: line", tc.want, tc.key)
		})
	}
}

// TestDocListsTheEvalKeys: every key of eval the parser reads is named on
// the documentation's eval line or its continuation, as a key ("key:").
func TestDocListsTheEvalKeys(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var text string
	in := false
	for _, line := range strings.Split(string(src), "\n") {
		body, ok := strings.CutPrefix(line, "//\t")
		switch {
		case ok && strings.HasPrefix(body, "eval:"):
			in, text = true, body
		case in && ok && strings.HasPrefix(strings.TrimSpace(body), "#"):
			text += " " + body
		default:
			in = false
		}
	}
	ty := reflect.TypeFor[evalSpec]()
	for i := range ty.NumField() {
		key := ty.Field(i).Tag.Get("yaml")
		if !strings.Contains(text, key+":") {
			t.Errorf("doc.go's eval line does not name %s:", key)
		}
	}
}

// TestDocListsTheOptimizerKeys: every key of an optimizer entry the parser
// reads is a key of the documentation's example entry.
func TestDocListsTheOptimizerKeys(t *testing.T) {
	keys, _ := docLines(t)
	ty := reflect.TypeFor[optimizerSpec]()
	for i := range ty.NumField() {
		key := ty.Field(i).Tag.Get("yaml")
		if !slices.Contains(keys, key) {
			t.Errorf("doc.go's example optimizer entry has no %s:", key)
		}
	}
}
