// Package replay replays reference trajectories recorded from the official
// PyTorch schedule-free implementation (and torch's own baselines) on sfbench's
// optimizers and measures how far the two trajectories are apart.
//
// A trajectory file holds a deterministic noisy diagonal quadratic — at step t
// the gradient at w is a*(w-b) + noise[t] — and cases: an optimizer with its
// hyperparameters and, after each step, the parameters p (y for schedule-free
// methods), the base sequence z and the evaluation point x.
package replay

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// File is a parsed trajectory file.
type File struct {
	Path        string
	Description string
	Problem     Problem
	Cases       []Case
}

// Problem is the noisy diagonal quadratic the cases were recorded on.
type Problem struct {
	Kind  string
	A, B  []float64   // [d] curvature and optimum
	W0    []float64   // [d] initial point
	Noise [][]float64 // [steps][d] gradient noise of each step
}

// Case is one recorded run.
type Case struct {
	Name       string
	Optimizer  string         // the official class, e.g. "SGDScheduleFree"
	Hyper      map[string]any // its arguments
	Note       string
	LRSequence []float64 // learning rate set before each step, or nil
	Steps      []Step
}

// Step holds the recorded vectors after one step; absent ones are nil.
type Step struct{ P, Z, X []float64 }

// num is a float that also accepts the NaN and ±Infinity that Python's json
// module writes (as rewritten by quoteNonFinite).
type num float64

func (n *num) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) > 1 && s[0] == '"' {
		s = s[1 : len(s)-1]
	}
	switch s {
	case "NaN":
		*n = num(math.NaN())
	case "Infinity":
		*n = num(math.Inf(1))
	case "-Infinity":
		*n = num(math.Inf(-1))
	default:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("not a number: %s", b)
		}
		*n = num(f)
	}
	return nil
}

func floats(v []num) []float64 {
	if v == nil {
		return nil
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

type rawFile struct {
	Description string `json:"description"`
	Fields      any    `json:"fields"`
	Problem     struct {
		Kind  string  `json:"kind"`
		A     []num   `json:"a"`
		B     []num   `json:"b"`
		W0    []num   `json:"w0"`
		Noise [][]num `json:"noise"`
	} `json:"problem"`
	Cases []struct {
		Name       string         `json:"name"`
		Optimizer  string         `json:"optimizer"`
		Hyper      map[string]any `json:"hyper"`
		Note       string         `json:"note"`
		LRSequence []num          `json:"lr_sequence"`
		Steps      []struct {
			P []num `json:"p"`
			Z []num `json:"z"`
			X []num `json:"x"`
		} `json:"steps"`
	} `json:"cases"`
}

// Read parses and validates a trajectory file. Errors name the file and,
// for syntax errors, the line; for inconsistent cases, the case.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse is Read on bytes already in memory; path names them in errors.
func Parse(path string, data []byte) (*File, error) {
	data = quoteNonFinite(data)
	var raw rawFile
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		return nil, jsonError(path, data, err, dec.InputOffset())
	}
	if off := dec.InputOffset(); len(bytes.TrimSpace(data[off:])) > 0 {
		rest := bytes.TrimLeft(data[off:], " \t\r\n")
		at := int64(len(data) - len(rest))
		return nil, jsonError(path, data, errors.New("unexpected data after the JSON document"), at)
	}
	f := &File{Path: path, Description: raw.Description}
	p := raw.Problem
	f.Problem = Problem{Kind: p.Kind, A: floats(p.A), B: floats(p.B), W0: floats(p.W0)}
	for _, row := range p.Noise {
		f.Problem.Noise = append(f.Problem.Noise, floats(row))
	}
	for _, rc := range raw.Cases {
		c := Case{Name: rc.Name, Optimizer: rc.Optimizer, Hyper: rc.Hyper, Note: rc.Note, LRSequence: floats(rc.LRSequence)}
		for _, s := range rc.Steps {
			c.Steps = append(c.Steps, Step{P: floats(s.P), Z: floats(s.Z), X: floats(s.X)})
		}
		f.Cases = append(f.Cases, c)
	}
	if err := f.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

func (f *File) validate() error {
	p := f.Problem
	if p.Kind != "noisy_quadratic" {
		return fmt.Errorf("problem kind %q is not supported (want noisy_quadratic)", p.Kind)
	}
	d := len(p.A)
	if d == 0 || len(p.B) != d || len(p.W0) != d {
		return fmt.Errorf("problem: a, b and w0 must have the same non-zero length (got %d, %d, %d)", len(p.A), len(p.B), len(p.W0))
	}
	for t, row := range p.Noise {
		if len(row) != d {
			return fmt.Errorf("problem: noise row %d has %d values, want %d", t, len(row), d)
		}
	}
	if len(f.Cases) == 0 {
		return errors.New("no cases")
	}
	seen := map[string]bool{}
	for i, c := range f.Cases {
		if c.Name == "" {
			return fmt.Errorf("case %d has no name", i)
		}
		if seen[c.Name] {
			return fmt.Errorf("case %q appears twice", c.Name)
		}
		seen[c.Name] = true
		if len(c.Steps) > len(p.Noise) {
			return fmt.Errorf("case %q: %d steps but noise for only %d", c.Name, len(c.Steps), len(p.Noise))
		}
		if c.LRSequence != nil && len(c.LRSequence) < len(c.Steps) {
			return fmt.Errorf("case %q: lr_sequence has %d values for %d steps", c.Name, len(c.LRSequence), len(c.Steps))
		}
		for t, s := range c.Steps {
			if s.P == nil {
				return fmt.Errorf("case %q: step %d has no p", c.Name, t)
			}
			for _, v := range [][]float64{s.P, s.Z, s.X} {
				if v != nil && len(v) != d {
					return fmt.Errorf("case %q: step %d has a vector of length %d, want %d", c.Name, t, len(v), d)
				}
			}
		}
	}
	return nil
}

// quoteNonFinite wraps the bare tokens NaN, Infinity and -Infinity found
// outside strings in quotes, so that encoding/json accepts them. It adds no
// newlines, so line numbers stay valid.
func quoteNonFinite(data []byte) []byte {
	var out []byte
	inString, escaped := false, false
	for i := 0; i < len(data); i++ {
		ch := data[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case ch == '\\':
				escaped = true
			case ch == '"':
				inString = false
			}
			out = append(out, ch)
			continue
		}
		if ch == '"' {
			inString = true
			out = append(out, ch)
			continue
		}
		matched := false
		for _, tok := range []string{"-Infinity", "Infinity", "NaN"} {
			if bytes.HasPrefix(data[i:], []byte(tok)) {
				out = append(out, '"')
				out = append(out, tok...)
				out = append(out, '"')
				i += len(tok) - 1
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, ch)
		}
	}
	return out
}

// jsonError turns a decoding error into "path:line: message"; offset is
// where the decoder stopped, used when the error carries no position.
func jsonError(path string, data []byte, err error, offset int64) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		offset = syn.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
		err = fmt.Errorf("field %s: cannot use JSON %s as %s", typ.Field, typ.Value, typ.Type)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		offset = int64(len(data))
		err = errors.New("unexpected end of file")
	default:
		err = errors.New(strings.TrimPrefix(err.Error(), "json: "))
	}
	line := 1 + bytes.Count(data[:min(int(offset), len(data))], []byte("\n"))
	return fmt.Errorf("%s:%d: %v", path, line, err)
}
