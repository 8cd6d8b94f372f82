package vision

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/sfbench/sfbench/problems"
	"github.com/sfbench/sfbench/problems/nn"
)

var _ problems.Stateful = (*Problem)(nil)

// runningStats returns the BatchNorm running statistics of the model, in a
// fixed order (none for the MLP).
func (p *Problem) runningStats() [][]float64 {
	cnn, ok := p.model.(*nn.CNN)
	if !ok {
		return nil
	}
	return [][]float64{cnn.BN1.RunMean, cnn.BN1.RunVar, cnn.BN2.RunMean, cnn.BN2.RunVar}
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
