package replay

import _ "embed"

//go:embed testdata/schedulefree_trajectories.json
var official []byte

//go:embed testdata/schedulefree_reference_forms.json
var forms []byte

// OfficialPath and FormsPath name the embedded reference files in messages.
const (
	OfficialPath = "(embedded) schedulefree_trajectories.json"
	FormsPath    = "(embedded) schedulefree_reference_forms.json"
)

// Official returns the reference trajectories shipped with sfbench: the
// official schedule-free package 1.4.1 and torch 1.13 baselines, 12 cases.
func Official() (*File, error) { return Parse(OfficialPath, official) }

// Forms returns the trajectories of the official reference classes, which
// store x, y and z (AdamWScheduleFreeReference with beta1 0, 0.9 and 1,
// SGDScheduleFreeReference): 4 cases.
func Forms() (*File, error) { return Parse(FormsPath, forms) }

// Embedded returns every reference file shipped with sfbench, in the order
// verify-reference replays them.
func Embedded() ([]*File, error) {
	var out []*File
	for _, load := range []func() (*File, error){Official, Forms} {
		f, err := load()
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}
