// Package strictyaml decodes YAML into Go values strictly: unknown fields
// and type errors are reported with their line (yaml.v3's KnownFields), and
// so is a fractional number given for an integer field, which yaml.v3
// otherwise truncates silently (`steps: 1.5` would become 1).
package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Decode decodes src into out (a pointer). Errors read "line N: what".
func Decode(src []byte, out any) error {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return err
	}
	if root.Kind == 0 { // empty document: keep the defaults
		return nil
	}
	return DecodeNode(&root, out)
}

// DecodeNode decodes one node of a larger document into out, strictly;
// line numbers are those of the document the node came from.
func DecodeNode(node *yaml.Node, out any) error {
	if err := checkInts(node, reflect.TypeOf(out)); err != nil {
		return err
	}
	// yaml.Node.Decode has no KnownFields; re-encode the node and decode it
	// with a strict Decoder, then shift its line numbers back.
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(node); err != nil {
		return err
	}
	dec := yaml.NewDecoder(&buf)
	dec.KnownFields(true)
	err := dec.Decode(out)
	if err == nil {
		return nil
	}
	offset := firstLine(node) - 1
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for i, msg := range te.Errors {
			te.Errors[i] = shiftLine(msg, offset)
		}
		return fmt.Errorf("%s", strings.Join(te.Errors, "; "))
	}
	return errors.New(shiftLine(err.Error(), offset))
}

// firstLine is the line at which node's encoding starts when re-encoded
// (a document node starts at its content).
func firstLine(n *yaml.Node) int {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind == yaml.MappingNode && len(n.Content) > 0 {
		return n.Content[0].Line
	}
	return n.Line
}

// shiftLine rewrites "line N: ..." (yaml.v3's format) to "line N+offset: ...".
func shiftLine(msg string, offset int) string {
	msg = strings.TrimPrefix(msg, "yaml: ")
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return msg
	}
	num, tail, ok := strings.Cut(rest, ":")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return msg
	}
	return fmt.Sprintf("line %d:%s", n+offset, tail)
}

// checkInts walks node alongside type t and rejects non-integral numbers
// where t wants an integer.
func checkInts(node *yaml.Node, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if node.Kind == yaml.DocumentNode {
		for _, c := range node.Content {
			if err := checkInts(c, t); err != nil {
				return err
			}
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if node.Kind == yaml.ScalarNode && node.Tag == "!!float" {
			return fmt.Errorf("line %d: want an integer, got %s", node.Line, node.Value)
		}
	case reflect.Slice, reflect.Array:
		if node.Kind == yaml.SequenceNode {
			for _, c := range node.Content {
				if err := checkInts(c, t.Elem()); err != nil {
					return err
				}
			}
		}
	case reflect.Map:
		if node.Kind == yaml.MappingNode {
			for i := 1; i < len(node.Content); i += 2 {
				if err := checkInts(node.Content[i], t.Elem()); err != nil {
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
			if ft, ok := fields[node.Content[i].Value]; ok {
				if err := checkInts(node.Content[i+1], ft); err != nil {
					return err
				}
			}
		}
	}
	return nil
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
