package problems

import (
	"sync"

	"github.com/sfbench/sfbench/problems/data"
)

// Datasets are loaded once per process and shared read-only by every
// problem built on them.
var (
	cacheMu sync.Mutex
	cache   = map[string]*loaded{}
)

type loaded struct {
	once        sync.Once
	train, test *data.Dataset
	err         error
}

// LoadDataset returns the shipped data set called name (see data.Shipped),
// from the directory data.FindDir locates. The result is cached and must
// not be modified.
func LoadDataset(name string) (train, test *data.Dataset, err error) {
	return cached("shipped:"+name, func() (*data.Dataset, *data.Dataset, error) {
		dir, err := data.FindDir()
		if err != nil {
			return nil, nil, err
		}
		return data.Load(dir, name)
	})
}

// LoadLIBSVM returns the LIBSVM file at path with its optional test split
// (testPath "" for none), sharing one dimension and label mapping; cached
// like LoadDataset.
func LoadLIBSVM(path, testPath string) (train, test *data.Dataset, err error) {
	return cached("libsvm:"+path+"\x00"+testPath, func() (*data.Dataset, *data.Dataset, error) {
		if testPath == "" {
			train, err := data.ReadLIBSVM(path, data.LIBSVMOptions{})
			return train, nil, err
		}
		return data.ReadLIBSVMPair(path, testPath, data.LIBSVMOptions{})
	})
}

func cached(key string, load func() (*data.Dataset, *data.Dataset, error)) (train, test *data.Dataset, err error) {
	name := key
	cacheMu.Lock()
	l := cache[name]
	if l == nil {
		l = &loaded{}
		cache[name] = l
	}
	cacheMu.Unlock()
	l.once.Do(func() { l.train, l.test, l.err = load() })
	return l.train, l.test, l.err
}
