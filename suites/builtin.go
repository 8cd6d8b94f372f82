package suites

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/sfbench/sfbench/configs"
)

//go:embed builtin/*.yaml
var builtin embed.FS

// DefaultSuite is the embedded suite `sfbench run` uses without a config.
const DefaultSuite = "smoke"

// embedded lists the embedded suites by name: the built-in ones (smoke)
// and the shipped configs (the paper's suites, nightly).
func embedded() map[string]func() ([]byte, error) {
	out := map[string]func() ([]byte, error){}
	for _, src := range []struct {
		fsys fs.FS
		dir  string
	}{{builtin, "builtin"}, {configs.Suites, "."}} {
		entries, _ := fs.ReadDir(src.fsys, src.dir)
		for _, e := range entries {
			if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
				f := path.Join(src.dir, e.Name())
				out[name] = func() ([]byte, error) { return fs.ReadFile(src.fsys, f) }
			}
		}
	}
	return out
}

// Builtin returns the names of the embedded suites, sorted.
func Builtin() []string {
	var names []string
	for n := range embedded() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LoadBuiltin parses the embedded suite called name.
func LoadBuiltin(name string) (*Suite, error) {
	data, err := BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	return Parse("(embedded) "+name+".yaml", data)
}

// BuiltinSource is the YAML text of the embedded suite called name (to
// ship it elsewhere, e.g. in a Kubernetes ConfigMap).
func BuiltinSource(name string) ([]byte, error) {
	read, ok := embedded()[name]
	if !ok {
		return nil, fmt.Errorf("no embedded suite %q (embedded: %s)", name, strings.Join(Builtin(), ", "))
	}
	return read()
}
