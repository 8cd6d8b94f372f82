package kinds

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

var (
	mu    sync.RWMutex
	kinds []Kind // in registration order
)

// Register adds an optimizer kind; it panics on a duplicate or incomplete
// registration (a programming error, found at init time). Name, Doc,
// Settings and New are required; Settings must return a pointer to a
// struct, EndPointSetting must name one of its float64 fields, and a kind
// that takes a base cannot be one.
func Register(k Kind) {
	mu.Lock()
	defer mu.Unlock()
	if k.Name == "" || k.Doc == "" || k.Settings == nil || k.New == nil {
		panic("kinds: incomplete registration of " + k.Name)
	}
	if s := reflect.ValueOf(k.Settings()); s.Kind() != reflect.Pointer || s.IsNil() || s.Elem().Kind() != reflect.Struct {
		panic("kinds: " + k.Name + ": Settings must return a pointer to a struct")
	}
	if _, ok := field(k.Settings(), k.EndPointSetting); k.EndPointSetting != "" && !ok {
		panic("kinds: " + k.Name + ": EndPointSetting " + k.EndPointSetting + " is no float64 setting")
	}
	if k.AsBase && k.Accepts.Base {
		panic("kinds: " + k.Name + ": a kind that takes a base cannot be one")
	}
	if _, dup := lookupLocked(k.Name); dup {
		panic("kinds: " + k.Name + " registered twice")
	}
	kinds = append(kinds, k)
}

// Lookup returns the kind registered under name.
func Lookup(name string) (Kind, error) {
	mu.RLock()
	defer mu.RUnlock()
	k, ok := lookupLocked(name)
	if !ok {
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = k.Name
		}
		return Kind{}, fmt.Errorf("unknown optimizer kind %q (known: %s)", name, strings.Join(names, ", "))
	}
	return k, nil
}

func lookupLocked(name string) (Kind, bool) {
	for _, k := range kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// All returns every registered kind in registration order: the built-in
// kinds in the order of their files (schedule-free, reference forms,
// wrapper, torch baselines; see the package documentation), then those a
// program registered. Messages list kinds in this order.
func All() []Kind {
	mu.RLock()
	defer mu.RUnlock()
	return append([]Kind(nil), kinds...)
}

// Configure looks up the kind called name, fills a fresh settings struct
// with its defaults and lets decode overwrite the fields the user gave
// (decode reports unknown or ill-typed settings; its error is returned as
// it is). It returns the kind and the settings, ready for Kind.New.
func Configure(name string, decode func(settings any) error) (Kind, any, error) {
	k, err := Lookup(name)
	if err != nil {
		return Kind{}, nil, err
	}
	s := k.Settings()
	if decode != nil {
		if err := decode(s); err != nil {
			return Kind{}, nil, err
		}
	}
	return k, s, nil
}
