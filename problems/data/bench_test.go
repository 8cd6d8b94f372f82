package data

import (
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkReadLetter times loading letter.libsvm.gz (15000×16, gzip).
func BenchmarkReadLetter(b *testing.B) {
	p := filepath.Join(dataDir, "letter.libsvm.gz")
	b.ReportAllocs()
	for b.Loop() {
		ds, err := ReadLIBSVM(p, LIBSVMOptions{})
		if err != nil || ds.N != 15000 {
			b.Fatal(ds, err)
		}
	}
}

// BenchmarkParseLetter times parsing alone (already decompressed).
func BenchmarkParseLetter(b *testing.B) {
	raw, err := readAll(filepath.Join(dataDir, "letter.libsvm.gz"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := libsvmFromBytes("letter", raw, LIBSVMOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadPairLetter times the train/test pair (20000 rows).
func BenchmarkLoadPairLetter(b *testing.B) {
	for b.Loop() {
		if _, _, err := Load(dataDir, "letter"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkShufflerEpoch(b *testing.B) {
	s := NewShuffler(15000, 128, 1)
	b.ReportAllocs()
	e := uint64(0)
	for b.Loop() {
		e++
		for _, idx := range s.Batches(e) {
			_ = idx
		}
	}
}

// TestLetterLoadsQuickly guards the "well under a second" requirement with
// a generous bound on the best of three loads (BenchmarkReadLetter measures
// it properly: about 20 ms).
func TestLetterLoadsQuickly(t *testing.T) {
	p := filepath.Join(dataDir, "letter.libsvm.gz")
	best := time.Hour
	for range 3 {
		start := time.Now()
		if _, err := ReadLIBSVM(p, LIBSVMOptions{}); err != nil {
			t.Fatal(err)
		}
		best = min(best, time.Since(start))
	}
	if best > 300*time.Millisecond {
		t.Errorf("loading letter takes %v, want well under 1 s", best)
	}
}
