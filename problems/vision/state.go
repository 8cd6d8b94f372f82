package vision

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/sfbench/sfbench/problems"
)

var _ problems.Stateful = (*Problem)(nil)

// runningStats returns the BatchNorm running statistics of the model, in a
// fixed order (none for the MLP).
func (p *Problem) runningStats() [][]float64 {
	if s, ok := p.model.(interface{ BNStats() [][]float64 }); ok {
		return s.BNStats() // nn.CNNOf, nn.Float32Classifier
	}
	return nil
}

// State returns the BatchNorm running statistics (little-endian float64s).
func (p *Problem) State() []byte {
	var b []byte
	for _, v := range p.runningStats() {
		for _, x := range v {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
	}
	return b
}

// SetState restores statistics saved by State.
func (p *Problem) SetState(state []byte) error {
	n := 0
	for _, v := range p.runningStats() {
		n += len(v)
	}
	if len(state) != 8*n {
		return fmt.Errorf("vision: state of %d bytes, want %d", len(state), 8*n)
	}
	for _, v := range p.runningStats() {
		for i := range v {
			v[i] = math.Float64frombits(binary.LittleEndian.Uint64(state))
			state = state[8:]
		}
	}
	return nil
}
