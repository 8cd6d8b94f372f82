package data

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
)

// Dataset is a dense, row-major data set.
//
// The LIBSVM files shipped with sfbench are small (at most 15000×180), so
// sparse input is expanded to dense storage on load; features absent from a
// sparse line are 0.
type Dataset struct {
	Name string // short name, e.g. "letter.t" for data/letter.t.libsvm.gz

	N int       // number of rows (examples)
	D int       // number of features per row
	X []float64 // features, row-major: X[i*D+j] is feature j of row i; len N*D

	// Y holds one target per row (len N), or is nil for unlabeled data.
	// For classification the class ids 0..Classes-1 are stored as float64;
	// for regression Y holds the raw targets.
	Y []float64

	// Classes is the number of classes K for classification, 0 for regression.
	Classes int

	// Labels maps class ids back to the labels found in the file:
	// Labels[k] is the raw label of class k, in increasing order.
	// It is nil for regression.
	Labels []float64

	// ClassNames optionally names the classes (from a scikit-learn header);
	// ClassNames[k] names class k. Often nil.
	ClassNames []string
}

// Row returns row i of X (a subslice, not a copy).
func (ds *Dataset) Row(i int) []float64 { return ds.X[i*ds.D : (i+1)*ds.D : (i+1)*ds.D] }

// Class returns the class id of row i as an int (classification only).
func (ds *Dataset) Class(i int) int { return int(ds.Y[i]) }

// Subset returns a new Dataset holding copies of the rows idx, in that order.
// Metadata (Classes, Labels, ClassNames) is shared with ds.
func (ds *Dataset) Subset(idx []int) *Dataset {
	out := &Dataset{Name: ds.Name, N: len(idx), D: ds.D, Classes: ds.Classes,
		Labels: ds.Labels, ClassNames: ds.ClassNames}
	out.X = make([]float64, len(idx)*ds.D)
	for k, i := range idx {
		copy(out.X[k*ds.D:(k+1)*ds.D], ds.Row(i))
	}
	if ds.Y != nil {
		out.Y = make([]float64, len(idx))
		for k, i := range idx {
			out.Y[k] = ds.Y[i]
		}
	}
	return out
}

// ClassCounts returns the number of rows of each class; nil for regression.
func (ds *Dataset) ClassCounts() []int {
	if ds.Classes == 0 {
		return nil
	}
	c := make([]int, ds.Classes)
	for _, y := range ds.Y {
		c[int(y)]++
	}
	return c
}

// Check verifies the structural invariants of ds: slice lengths agree with
// N and D, every value is finite, and class ids lie in 0..Classes-1.
func (ds *Dataset) Check() error {
	if ds.N < 0 || ds.D < 0 || len(ds.X) != ds.N*ds.D {
		return fmt.Errorf("dataset %s: len(X)=%d, want N*D=%d*%d", ds.Name, len(ds.X), ds.N, ds.D)
	}
	if ds.Y != nil && len(ds.Y) != ds.N {
		return fmt.Errorf("dataset %s: len(Y)=%d, want N=%d", ds.Name, len(ds.Y), ds.N)
	}
	for k, v := range ds.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("dataset %s: X[%d,%d] = %v is not finite", ds.Name, k/max(ds.D, 1), k%max(ds.D, 1), v)
		}
	}
	if ds.Classes > 0 {
		if len(ds.Labels) != ds.Classes {
			return fmt.Errorf("dataset %s: %d labels for %d classes", ds.Name, len(ds.Labels), ds.Classes)
		}
		for i, y := range ds.Y {
			if y != math.Trunc(y) || y < 0 || int(y) >= ds.Classes {
				return fmt.Errorf("dataset %s: row %d has class %v outside 0..%d", ds.Name, i, y, ds.Classes-1)
			}
		}
	} else {
		for i, y := range ds.Y {
			if math.IsNaN(y) || math.IsInf(y, 0) {
				return fmt.Errorf("dataset %s: Y[%d] = %v is not finite", ds.Name, i, y)
			}
		}
	}
	return nil
}

// baseName derives a data set name from a path: the file name with the
// extensions .gz, .libsvm, .csv, .txt, .idx*-ubyte removed.
func baseName(path string) string {
	name := filepath.Base(path)
	name = strings.TrimSuffix(name, ".gz")
	for _, ext := range []string{".libsvm", ".csv", ".txt", ".svm", ".scale"} {
		name = strings.TrimSuffix(name, ext)
	}
	return name
}

func itoa(i int) string { return strconv.Itoa(i) }
