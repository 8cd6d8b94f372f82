package suites

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
)

// FileTag marks the string options of a problem kind that name data files
// (`sfbench:"file"`): a suite resolves them relative to its own file, and a
// cell's identity covers their contents (Problem.DataDigest), so results
// of changed data are never taken for those of the old.
const FileTag = "file"

// resolveFiles makes the relative file options of opts (a pointer to a
// kind's options struct, nested structs included) relative to base, the
// suite file's folder, and returns the files named, in field order.
func resolveFiles(opts any, base string) []string {
	var files []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		v = reflect.Indirect(v)
		if v.Kind() != reflect.Struct {
			return
		}
		for i := range v.NumField() {
			f, ft := v.Field(i), v.Type().Field(i)
			switch {
			case !ft.IsExported():
			case ft.Type.Kind() == reflect.Struct:
				walk(f)
			case ft.Tag.Get("sfbench") == FileTag && ft.Type.Kind() == reflect.String && f.String() != "":
				p := f.String()
				if !filepath.IsAbs(p) {
					p = filepath.Join(base, p)
					f.SetString(p)
				}
				files = append(files, p)
			}
		}
	}
	walk(reflect.ValueOf(opts))
	return files
}

// digestFiles is a short hex digest of the files' contents, in order.
func digestFiles(files []string) (string, error) {
	h := sha256.New()
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return "", err
		}
		st, err := f.Stat()
		if err == nil && !st.Mode().IsRegular() {
			err = fmt.Errorf("%s is not a regular file", name)
		}
		if err == nil {
			_, err = io.Copy(h, f)
		}
		f.Close()
		if err != nil {
			return "", err
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// DataChanged reports, for a record of problem label with the recorded
// options, whether it differs from this suite's problem of that label in
// the contents of its data files only, and names the files: a result of
// the data as it was, which must not pass for one of the data as it is.
func (s *Suite) DataChanged(label string, recorded any) ([]string, bool) {
	m, ok := recorded.(map[string]any)
	if !ok {
		return nil, false
	}
	for _, p := range s.Problems {
		if p.Name != label || p.DataDigest == "" || m[DataDigestKey] == p.DataDigest {
			continue
		}
		now, then := map[string]any{}, map[string]any{}
		for k, v := range p.OptionsMap() {
			now[k] = v
		}
		for k, v := range m {
			then[k] = v
		}
		delete(now, DataDigestKey)
		delete(then, DataDigestKey)
		a, _ := json.Marshal(now)
		b, _ := json.Marshal(then)
		if string(a) == string(b) {
			return p.dataFiles, true
		}
	}
	return nil, false
}
