package suites

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed builtin/*.yaml
var builtin embed.FS

// DefaultSuite is the embedded suite `sfbench run` uses without a config.
const DefaultSuite = "smoke"

// Builtin returns the names of the embedded suites.
func Builtin() []string {
	entries, _ := fs.ReadDir(builtin, "builtin")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// LoadBuiltin parses the embedded suite called name.
func LoadBuiltin(name string) (*Suite, error) {
	data, err := builtin.ReadFile(path.Join("builtin", name+".yaml"))
	if err != nil {
		return nil, fmt.Errorf("no embedded suite %q (embedded: %s)", name, strings.Join(Builtin(), ", "))
	}
	return Parse("(embedded) "+name+".yaml", data)
}
