package suites

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// selectAll picks, for a test, a configuration and rate per problem and
// entry (for an entry with a grid, per point under select: rate, one
// point otherwise, varying with the problem), and the ids of the cells
// they stand for: the protocol's seeds at the longest horizon.
func selectAll(s *Suite) ([]Selection, map[string]bool) {
	var sel []Selection
	ids := map[string]bool{}
	for i, p := range s.Problems {
		for _, e := range s.Optimizers {
			if !e.RunsOn(p) {
				continue
			}
			pts := e.Points()
			if e.Select != "rate" {
				pts = pts[i%len(pts):][:1]
			}
			for j, pt := range pts {
				rates := pt.Rates(p)
				lr := rates[(i+j)%len(rates)]
				sel = append(sel, Selection{Problem: p.Name, Optimizer: pt.Name, LR: lr})
				h := s.Horizons(p, pt)
				for _, c := range s.SeedCells(p, pt, lr, h[len(h)-1]) {
					ids[c.ID] = true
				}
			}
		}
	}
	return sel, ids
}

// TestBestRoundTrip: the suite Best writes parses back, and its cells are
// the selected cells, id for id, for every shipped suite, a grid selected
// as a whole or point by point, problems read from data files, several
// horizons and tune-then-seeds.
func TestBestRoundTrip(t *testing.T) {
	t.Setenv(MemoryEnv, "8GiB")
	wd, _ := os.Getwd()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	os.MkdirAll(data, 0o755)
	os.WriteFile(filepath.Join(data, "tiny.libsvm"), []byte("1 1:0.5 2:1\n2 1:-0.5 2:0.25\n1 1:1 2:0.5\n2 1:-1 2:-0.5\n"), 0o644)
	own := filepath.Join(dir, "own.yaml")
	os.WriteFile(own, []byte(`suite: own
problems:
  - {name: tiny, kind: softmax, options: {path: data/tiny.libsvm, batch: 2}}
  - {name: q, kind: quadratic, options: {dim: 5}}
optimizers:
  - {name: sf, kind: sf-sgd, hyper: {warmup_fraction: 0.1}, grid: {momentum: [0.5, 0.9], weight_decay: [0, 0.01]}}
  - {name: pr, kind: sf-adamw, grid: {beta1: [0.8, 0.95]}, select: rate, anytime: true}
  - {name: wrap, kind: sf-wrapper, base: {kind: sgd, hyper: {momentum: 0.5}}}
  - {name: cos, kind: adamw, schedule: {kind: cosine, warmup_fraction: 0.1}, averaging: {kind: ema, decay: 0.9}}
lrs: {pow2: [-3, 0]}
budget: {horizons: [20, 40]}
eval: {points: 4, at: [x, y]}
divergence: {factor: 5}
protocol: {kind: tune-then-seeds, metric: train_loss, tune_seeds: 1, seeds: [0, 3, 4]}
`), 0o644)
	t.Chdir(dir) // the suite and its data named relative to the working folder
	cases := map[string]func() (*Suite, error){"own": func() (*Suite, error) { return Load("own.yaml") }}
	_ = own
	files, _ := filepath.Glob(filepath.Join(wd, "../configs/*.yaml"))
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		cases[name] = func() (*Suite, error) { return Load(f) }
	}
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			s, err := cases[name]()
			if err != nil {
				t.Fatal(err)
			}
			sel, want := selectAll(s)
			out := filepath.Join("out", name)
			src, err := s.Best(sel, out, "the configurations selected\nin a test")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(src), "# the configurations selected\n# in a test\n") {
				t.Errorf("comment lost:\n%s", src)
			}
			b, err := Parse(filepath.Join(out, BestFile), src)
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			got := map[string]bool{}
			for _, c := range b.Cells() {
				got[c.ID] = true
			}
			if len(got) != len(want) {
				t.Errorf("%d cells, %d selected\n%s", len(got), len(want), src)
			}
			for id := range want {
				if !got[id] {
					t.Fatalf("selected cell %s is not in best.yaml:\n%s", id, src)
				}
			}
			if b.Protocol.Kind != "sweep" || !slices.Equal(b.Protocol.Seeds, s.Protocol.Seeds) || b.Protocol.Metric != s.Protocol.Metric {
				t.Errorf("protocol %+v", b.Protocol)
			}
			if name == "own" {
				for _, want := range []string{"name: sf.momentum-0.5.weight_decay-0\n", "name: pr.beta1-0.8\n", "name: pr.beta1-0.95\n", "path: ../../data/tiny.libsvm",
					"problems: {tiny: [0.125]", "budget: {steps: 40}"} {
					if !strings.Contains(string(src), want) {
						t.Errorf("best.yaml lacks %q:\n%s", want, src)
					}
				}
			}
		})
	}
}

// TestBestRefuses: a selection the suite cannot have made is an error.
func TestBestRefuses(t *testing.T) {
	s, err := Parse("g.yaml", gridSuite("{name: sf, kind: sf-sgd, grid: {momentum: [0.9, 0.95]}}"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sel  Selection
		want string
	}{
		{Selection{"nope", "sf momentum=0.9", 1}, `no problem "nope"`},
		{Selection{"q", "sf", 1}, `no optimizer "sf"`},
		{Selection{"q", "sf momentum=0.9", 0.5}, "does not run problem q at rate 0.5"},
	} {
		if _, err := s.Best([]Selection{tc.sel}, ".", ""); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.sel, err, tc.want)
		}
	}
}
