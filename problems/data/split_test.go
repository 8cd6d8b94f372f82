package data

import (
	"math"
	"slices"
	"testing"
)

func seqDataset(n int) *Dataset {
	ds := &Dataset{Name: "seq", N: n, D: 2, X: make([]float64, 2*n), Y: make([]float64, n), Classes: 2, Labels: []float64{0, 1}}
	for i := range n {
		ds.X[2*i], ds.X[2*i+1] = float64(i), float64(-i)
		ds.Y[i] = float64(i % 2)
	}
	return ds
}

func TestSplit(t *testing.T) {
	ds := seqDataset(101)
	tr, he, err := Split(ds, 0.2, 9)
	if err != nil {
		t.Fatal(err)
	}
	if he.N != 20 || tr.N != 81 {
		t.Fatalf("sizes %d + %d, want 81 + 20", tr.N, he.N)
	}
	rows := func(d *Dataset) []int {
		var r []int
		for i := range d.N {
			r = append(r, int(d.Row(i)[0]))
			if d.Row(i)[1] != -d.Row(i)[0] || d.Y[i] != float64(int(d.Row(i)[0])%2) {
				t.Fatalf("row %d of %s scrambled", i, d.Name)
			}
		}
		return r
	}
	a, b := rows(tr), rows(he)
	if !slices.IsSorted(a) || !slices.IsSorted(b) {
		t.Error("parts do not keep the original order")
	}
	all := slices.Concat(a, b)
	slices.Sort(all)
	for i, v := range all {
		if v != i {
			t.Fatalf("rows lost or duplicated: %v", all)
		}
	}
	tr2, he2, _ := Split(ds, 0.2, 9)
	if !slices.Equal(tr2.X, tr.X) || !slices.Equal(he2.X, he.X) {
		t.Error("same seed gives a different split")
	}
	_, he3, _ := Split(ds, 0.2, 10)
	if slices.Equal(he3.X, he.X) {
		t.Error("different seeds give the same split")
	}
	for _, f := range []float64{0, 1, -0.5, math.NaN(), 0.001, 0.999} {
		if _, _, err := Split(ds, f, 1); err == nil {
			t.Errorf("fraction %v accepted", f)
		}
	}
}

func TestStandardize(t *testing.T) {
	train := &Dataset{Name: "tr", N: 4, D: 3, X: []float64{
		1, 10, 5,
		2, 20, 5,
		3, 30, 5,
		4, 40, 5,
	}}
	test := &Dataset{Name: "te", N: 1, D: 3, X: []float64{5, 0, 6}}
	s, err := Standardize(train, test)
	if err != nil {
		t.Fatal(err)
	}
	sd := math.Sqrt(1.25) // population std of 1,2,3,4
	if !closeAll(s.Mean, []float64{2.5, 25, 5}, 1e-12) || !closeAll(s.Std, []float64{sd, 10 * sd, 1}, 1e-12) {
		t.Errorf("mean %v std %v", s.Mean, s.Std)
	}
	for j := range 3 {
		var m, v float64
		for i := range 4 {
			m += train.X[3*i+j] / 4
		}
		for i := range 4 {
			v += (train.X[3*i+j] - m) * (train.X[3*i+j] - m) / 4
		}
		wantV := 1.0
		if j == 2 {
			wantV = 0 // constant feature: centered only
		}
		if math.Abs(m) > 1e-12 || math.Abs(v-wantV) > 1e-12 {
			t.Errorf("feature %d: mean %v var %v after standardizing", j, m, v)
		}
	}
	// The test set uses the training statistics.
	if !closeAll(test.X, []float64{2.5 / sd, -25 / (10 * sd), 1}, 1e-12) {
		t.Errorf("test row %v", test.X)
	}
	bad := &Dataset{Name: "bad", N: 1, D: 2, X: []float64{1, 2}}
	if _, err := Standardize(train, bad); err == nil {
		t.Error("dimension mismatch accepted")
	}
	if _, err := FitStandardizer(&Dataset{Name: "empty", D: 2}); err == nil {
		t.Error("empty training set accepted")
	}
}

func closeAll(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}
