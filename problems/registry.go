package problems

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Kind describes a registered problem family.
type Kind struct {
	Name string // as written in configs, e.g. "softmax"
	Doc  string // one line for `sfbench list`

	// Options returns a pointer to a fresh options struct holding the
	// defaults; a suite decodes the user's options into it.
	Options func() any

	// New builds the problem for one seed from options of the type Options
	// returns. Errors describe bad options.
	New func(opts any, seed uint64) (Problem, error)

	// Plan checks options of the type Options returns and describes the
	// problem they make (memory, dimension, metrics, batches per epoch,
	// the work of building it) without building it: it may load the data
	// set the options name (cached, as New would), but allocates nothing
	// of the problem's size and makes no pass over the data beyond
	// loading it, so that a suite can refuse a problem too large for the
	// machine and validate a large one in milliseconds. Its errors are
	// those New gives for the same options; New may still fail on what
	// only building finds (singular normal equations, …).
	//
	// A suite calls Plan on every problem entry, refuses those whose
	// Memory exceeds its budget, and builds (with New, seed 0) only those
	// whose Work is small. Plan must not panic whatever the options, and
	// must guard its size arithmetic against overflow (float64 sizes do).
	Plan func(opts any) (Plan, error)
}

var (
	mu    sync.RWMutex
	kinds = map[string]Kind{}
)

// Register adds a problem family; it panics on a duplicate or incomplete
// registration (a programming error, found at init time). Every field is
// required.
func Register(k Kind) {
	mu.Lock()
	defer mu.Unlock()
	if k.Name == "" || k.Options == nil || k.New == nil || k.Plan == nil {
		panic("problems: incomplete registration of " + k.Name)
	}
	if _, dup := kinds[k.Name]; dup {
		panic("problems: " + k.Name + " registered twice")
	}
	kinds[k.Name] = k
}

// Lookup returns the family registered under name.
func Lookup(name string) (Kind, error) {
	mu.RLock()
	defer mu.RUnlock()
	k, ok := kinds[name]
	if !ok {
		return Kind{}, fmt.Errorf("unknown problem %q (known: %s)", name, strings.Join(namesLocked(), ", "))
	}
	return k, nil
}

// Kinds returns every registered family, sorted by name.
func Kinds() []Kind {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Kind, 0, len(kinds))
	for _, name := range namesLocked() {
		out = append(out, kinds[name])
	}
	return out
}

func namesLocked() []string {
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Configure looks up the family called name, fills a fresh options struct
// with its defaults and lets decode overwrite the fields the user gave
// (decode reports unknown or ill-typed options). It returns the family and
// the options, ready for Kind.New.
func Configure(name string, decode func(opts any) error) (Kind, any, error) {
	k, err := Lookup(name)
	if err != nil {
		return Kind{}, nil, err
	}
	opts := k.Options()
	if decode != nil {
		if err := decode(opts); err != nil {
			return Kind{}, nil, fmt.Errorf("problem %s: %w", name, err)
		}
	}
	return k, opts, nil
}
