// Package strictyaml decodes YAML into Go values strictly: unknown fields
// and type errors are reported with their line, and so is a fractional
// number given for an integer field, which yaml.v3 otherwise truncates
// silently (`steps: 1.5` would become 1). Unlike yaml.v3's KnownFields it
// also works on a node of a larger document (yaml.Node.Decode has no
// strict mode), keeping that document's line numbers.
package strictyaml

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Decode decodes src into out (a pointer). Errors read "line N: what".
func Decode(src []byte, out any) error {
	var root yaml.Node
	if err := Parse(src, &root); err != nil {
		return err
	}
	if root.Kind == 0 { // empty document: keep the defaults
		return nil
	}
	return DecodeNode(&root, out)
}

// DecodeNode decodes one node of a document into out, strictly; errors
// carry the document's line numbers. Fields of type yaml.Node take any
// value unchecked.
func DecodeNode(node *yaml.Node, out any) error {
	if err := check(node, reflect.TypeOf(out)); err != nil {
		return err
	}
	if err := node.Decode(out); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return errors.New(strings.Join(te.Errors, "; "))
		}
		return errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return nil
}

// Parse parses src into root. A syntax error reads "line N: what": yaml.v3
// leaves the line out of some (those on the first line, e.g. a tab where
// indentation is expected or "a: b: c"), and then it is the first line at
// which the document read up to that line fails with the same message.
func Parse(src []byte, root *yaml.Node) error {
	err := yaml.Unmarshal(src, root)
	if err == nil {
		return nil
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if strings.HasPrefix(msg, "line ") {
		return errors.New(msg)
	}
	lines := strings.SplitAfter(string(src), "\n")
	for n := 1; n <= len(lines); n++ {
		var part yaml.Node
		if e := yaml.Unmarshal([]byte(strings.Join(lines[:n], "")), &part); e != nil && e.Error() == err.Error() {
			return fmt.Errorf("line %d: %s", n, msg)
		}
	}
	return errors.New(msg)
}

var nodeType = reflect.TypeOf(yaml.Node{})

// check walks node alongside type t: it rejects keys t has no field for
// and non-integral numbers where t wants an integer.
func check(node *yaml.Node, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nodeType {
		return nil
	}
	if node.Kind == yaml.AliasNode && node.Alias != nil {
		return check(node.Alias, t)
	}
	if node.Kind == yaml.DocumentNode {
		for _, c := range node.Content {
			if err := check(c, t); err != nil {
				return err
			}
		}
		return nil
	}
	// The shape first, in the user's words (yaml.v3 would name Go types).
	shape := ""
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		if node.Kind != yaml.MappingNode {
			shape = "a mapping (key: value)"
		}
	case reflect.Slice, reflect.Array:
		if node.Kind != yaml.SequenceNode {
			shape = "a list"
		}
	case reflect.String, reflect.Bool, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if node.Kind != yaml.ScalarNode {
			shape = "a single value"
		}
	}
	if shape != "" && !(node.Kind == yaml.ScalarNode && node.Tag == "!!null") {
		return fmt.Errorf("line %d: want %s, got %s", node.Line, shape, Describe(node))
	}
	if err := checkScalar(node, t); err != nil {
		return err
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		if node.Kind == yaml.SequenceNode {
			for _, c := range node.Content {
				if err := check(c, t.Elem()); err != nil {
					return err
				}
			}
		}
	case reflect.Map:
		if node.Kind == yaml.MappingNode {
			for i := 1; i < len(node.Content); i += 2 {
				if err := check(node.Content[i], t.Elem()); err != nil {
					return err
				}
			}
		}
	case reflect.Struct:
		if node.Kind != yaml.MappingNode {
			return nil
		}
		fields := structFields(t)
		for i := 0; i+1 < len(node.Content); i += 2 {
			key := node.Content[i]
			ft, ok := fields[key.Value]
			if !ok {
				return fmt.Errorf("line %d: unknown field %q (known: %s)", key.Line, key.Value, strings.Join(sortedKeys(fields), ", "))
			}
			if err := check(node.Content[i+1], ft); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkScalar rejects a value that is not of the kind t holds, naming
// the kind as a YAML user would (yaml.v3 would say "cannot unmarshal !!str
// into int"). A null keeps the default and a string takes any value.
func checkScalar(node *yaml.Node, t reflect.Type) error {
	if node.Kind != yaml.ScalarNode || node.Tag == "!!null" {
		return nil
	}
	want := ""
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if node.Tag != "!!int" {
			want = "an integer"
		}
	case reflect.Float32, reflect.Float64:
		if node.Tag != "!!int" && node.Tag != "!!float" {
			want = "a number"
		}
	case reflect.Bool:
		if node.Tag != "!!bool" {
			want = "true or false"
		}
	}
	if t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64 && node.Tag == "!!int" && strings.HasPrefix(node.Value, "-") {
		want = "an integer ≥ 0"
	}
	if want == "" {
		return nil
	}
	got := node.Value
	if node.Tag != "!!int" && node.Tag != "!!float" {
		got = Describe(node)
	}
	return fmt.Errorf("line %d: want %s, got %s", node.Line, want, got)
}

func sortedKeys(m map[string]reflect.Type) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// structFields maps YAML keys to field types, following yaml.v3's rules:
// the yaml tag's name, else the lowercased field name; ",inline" structs
// contribute their own fields.
func structFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Struct {
			for k, v := range structFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	return out
}

// Describe names what a node holds, as a YAML user would (in errors:
// "want a list, got a mapping", "got \"abc\"").
func Describe(node *yaml.Node) string {
	switch node.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", node.Value)
	}
	return "something else"
}
