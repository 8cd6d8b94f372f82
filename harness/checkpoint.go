package harness

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sfbench/sfbench/internal/buildinfo"
	"github.com/sfbench/sfbench/record"
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

// checkpointFolder checks the checkpoints folder of output folder dir:
// exists reports whether it is there; a symbolic link (which would send
// checkpoints, and their removal, elsewhere) or a file is an error. With
// create, a missing folder is made.
func checkpointFolder(dir string, create bool) (exists bool, err error) {
	folder := filepath.Join(dir, checkpointDir)
	exists, err = record.CheckEntry(folder, true)
	if err != nil || exists || !create {
		return exists, err
	}
	if err := os.Mkdir(folder, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return false, err
	}
	return record.CheckEntry(folder, true)
}

// save writes the checkpoint atomically (record.WriteAtomic): a temporary
// file created exclusively, synced, then renamed over the previous one; a
// failed write removes its partial temporary file.
func (c *checkpoint) save(dir string) error {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(c); err != nil {
		return err
	}
	if _, err := checkpointFolder(dir, true); err != nil {
		return err
	}
	return record.WriteAtomic(checkpointPath(dir, c.ID), func(w io.Writer) error {
		_, err := w.Write(b.Bytes())
		return err
	})
}

// loadCheckpoint returns the checkpoint of cell id, or nil if there is none.
func loadCheckpoint(dir, id string) (*checkpoint, error) {
	if exists, err := checkpointFolder(dir, false); err != nil || !exists {
		return nil, err
	}
	data, err := record.ReadNoFollow(checkpointPath(dir, id))
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

// removeCheckpoint removes the checkpoint of cell id (never through a
// checkpoints folder that is a link).
func removeCheckpoint(dir, id string) {
	if exists, err := checkpointFolder(dir, false); err == nil && exists {
		os.Remove(checkpointPath(dir, id))
	}
}

// cleanCheckpoints removes what earlier runs left in dir's checkpoints
// folder: the checkpoints of cells already finished (done holds the
// finished records by id; a kill between the record append and the
// checkpoint removal leaves such a checkpoint behind) and every temporary
// *.ckpt.tmp (a write cut by a kill). Only regular files are removed. It
// returns how many files it removed; a missing folder is not an error. The
// caller must hold the folder's lock.
func cleanCheckpoints(dir string, done map[string]record.Record) (removed int, err error) {
	exists, err := checkpointFolder(dir, false)
	if err != nil || !exists {
		return 0, err
	}
	entries, err := os.ReadDir(filepath.Join(dir, checkpointDir))
	if err != nil {
		return 0, err
	}
	for _, e := range entries {
		name := e.Name()
		id, isCkpt := strings.CutSuffix(name, ".ckpt")
		_, finished := done[id]
		if !e.Type().IsRegular() || !(strings.HasSuffix(name, ".ckpt.tmp") || isCkpt && finished) {
			continue
		}
		if rerr := os.Remove(filepath.Join(dir, checkpointDir, name)); rerr != nil {
			err = errors.Join(err, rerr)
			continue
		}
		removed++
	}
	return removed, err
}
