package harness

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sfbench/sfbench/harness/record"
	"github.com/sfbench/sfbench/internal/buildinfo"
)

// checkpointDir holds the checkpoints of unfinished cells inside the
// output folder; a cell's checkpoint is removed once its record is written.
const checkpointDir = "checkpoints"

// checkpoint is the state of a cell part-way: enough to continue it
// bit-identically (gob keeps float64 bits exactly).
type checkpoint struct {
	Version     string // sfbench version that wrote it
	ID          string
	Steps       int // steps taken
	InitialLoss float64
	Seconds     float64 // wall time spent so far
	// Timing split so far (see record.Record): training steps only,
	// evaluations, and problem/optimizer set-up.
	TrainSeconds, EvalSeconds, SetupSeconds float64
	// Divergence-rule state: the largest ratio of the full-batch training
	// loss to the initial loss seen at evaluations, and how many
	// consecutive evaluations were above the opt-in blow-up factor.
	PeakLossRatio float64
	Above         int
	Initial       record.Metrics // metrics at the starting point
	Curve         []record.Point
	W             []float64 // the parameters (training point)
	Optimizer     []byte    // optim.Optimizer.MarshalBinary
	Problem       []byte    // problems.Stateful.State, if any
}

func checkpointPath(dir, id string) string {
	return filepath.Join(dir, checkpointDir, id+".ckpt")
}

// save writes the checkpoint atomically: a temporary file, synced, then
// renamed over the previous one.
func (c *checkpoint) save(dir string) error {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(c); err != nil {
		return err
	}
	path := checkpointPath(dir, c.ID)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// loadCheckpoint returns the checkpoint of cell id, or nil if there is none.
func loadCheckpoint(dir, id string) (*checkpoint, error) {
	data, err := os.ReadFile(checkpointPath(dir, id))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c checkpoint
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: unreadable checkpoint: %v", checkpointPath(dir, id), err)
	}
	if c.ID != id {
		return nil, fmt.Errorf("%s: checkpoint of cell %s", checkpointPath(dir, id), c.ID)
	}
	if c.Version != buildinfo.Version {
		return nil, fmt.Errorf("%s: written by sfbench %q, this is %s", checkpointPath(dir, id), c.Version, buildinfo.Version)
	}
	return &c, nil
}

func removeCheckpoint(dir, id string) {
	os.Remove(checkpointPath(dir, id))
}
