package convex

import (
	"errors"
	"fmt"

	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/problems/data"
)

// Source names the data of a problem: a data set shipped with sfbench, or
// any LIBSVM file (gzip read transparently) with an optional test split.
type Source struct {
	Dataset  string `yaml:"dataset"`                  // shipped data set, e.g. "letter"
	Path     string `yaml:"path" sfbench:"file"`      // or a LIBSVM file (relative: to the suite file)
	TestPath string `yaml:"test_path" sfbench:"file"` // its test split (optional)
}

func (s Source) load() (train, test *data.Dataset, err error) {
	switch {
	case s.Dataset != "" && s.Path != "":
		return nil, nil, errors.New("give dataset or path, not both")
	case s.Dataset != "":
		if s.TestPath != "" {
			return nil, nil, errors.New("test_path goes with path, not with a shipped dataset")
		}
		return problems.LoadDataset(s.Dataset)
	case s.Path != "":
		return problems.LoadLIBSVM(s.Path, s.TestPath)
	}
	return nil, nil, errors.New("no data: give dataset or path")
}

// name is how messages name the training data: its file, or the shipped
// data set.
func (s Source) name(train *data.Dataset) string {
	if s.Path != "" {
		return s.Path
	}
	return "data set " + train.Name
}

// classification checks that train has at least two classes, naming the
// data (the file, for a path) when it has not.
func (s Source) classification(kind string, train *data.Dataset) error {
	switch {
	case train.Classes == 0:
		return fmt.Errorf("%s: %s is not a classification set", kind, s.name(train))
	case train.Classes == 1:
		return fmt.Errorf("%s: %s: every row has label %v, but %s needs at least two classes", kind, s.name(train), train.Labels[0], kind)
	}
	return nil
}
