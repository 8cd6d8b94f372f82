package replay

import _ "embed"

//go:embed testdata/schedulefree_trajectories.json
var official []byte

// OfficialPath names the embedded reference file in messages.
const OfficialPath = "(embedded) schedulefree_trajectories.json"

// Official returns the reference trajectories shipped with sfbench: the
// official schedule-free package 1.4.1 and torch 1.13 baselines, 12 cases.
func Official() (*File, error) { return Parse(OfficialPath, official) }
