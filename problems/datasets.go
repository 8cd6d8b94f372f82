package problems

import (
	"sync"

	"github.com/sfbench/sfbench/problems/data"
)

// Data sets (and data derived from them) are loaded once per process and
// shared read-only by every problem built on them.
var (
	cacheMu sync.Mutex
	cache   = map[string]*entry{}
)

type entry struct {
	once  sync.Once
	value any
	err   error
}

// Cached returns the value stored under key, calling load the first time
// (concurrent first calls wait for one load). The value is shared by every
// caller and must not be modified.
func Cached[T any](key string, load func() (T, error)) (T, error) {
	cacheMu.Lock()
	e := cache[key]
	if e == nil {
		e = &entry{}
		cache[key] = e
	}
	cacheMu.Unlock()
	e.once.Do(func() { e.value, e.err = load() })
	if e.err != nil {
		var zero T
		return zero, e.err
	}
	return e.value.(T), nil
}

// Pair is a training set with its optional test split (nil if none).
type Pair struct{ Train, Test *data.Dataset }

// LoadDataset returns the shipped data set called name (see data.Shipped),
// from the directory data.FindDir locates. The result is cached and must
// not be modified.
func LoadDataset(name string) (train, test *data.Dataset, err error) {
	p, err := Cached("shipped:"+name, func() (Pair, error) {
		dir, err := data.FindDir()
		if err != nil {
			return Pair{}, err
		}
		train, test, err := data.Load(dir, name)
		return Pair{train, test}, err
	})
	return p.Train, p.Test, err
}

// LoadLIBSVM returns the LIBSVM file at path with its optional test split
// (testPath "" for none), sharing one dimension and label mapping; cached
// like LoadDataset.
func LoadLIBSVM(path, testPath string) (train, test *data.Dataset, err error) {
	p, err := Cached("libsvm:"+path+"\x00"+testPath, func() (Pair, error) {
		if testPath == "" {
			train, err := data.ReadLIBSVM(path, data.LIBSVMOptions{})
			return Pair{Train: train}, err
		}
		train, test, err := data.ReadLIBSVMPair(path, testPath, data.LIBSVMOptions{})
		return Pair{train, test}, err
	})
	return p.Train, p.Test, err
}
