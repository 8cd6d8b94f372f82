package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sfbench/sfbench/record"
)

// TestBitIdentityAcrossBuildsAndLevels backs the README's promise: the
// optimizers and the convex problems give bit-identical records (timing and
// environment aside) with every SFBENCH_SIMD level, and in the SIMD and the
// pure-Go build alike. Each level runs in a child process (the level is
// read at start-up); all must hash to the golden digest, which both builds'
// test runs (make test) compare with. The nn problems are not promised
// this: their SIMD gemm uses FMA.
func TestBitIdentityAcrossBuildsAndLevels(t *testing.T) {
	if dir := os.Getenv("SFBENCH_BITIDENT_DIR"); dir != "" {
		if _, errOut, code := runCLI("run", "-o", dir, "-j", "2", "testdata/bitident.yaml"); code != 0 {
			t.Fatalf("run: exit %d: %s", code, errOut)
		}
		return
	}
	digests := map[string]string{}
	for _, level := range []string{"", "avx2", "off"} {
		dir := filepath.Join(t.TempDir(), "out")
		cmd := exec.Command(os.Args[0], "-test.run=^TestBitIdentityAcrossBuildsAndLevels$")
		cmd.Env = append(os.Environ(), "SFBENCH_BITIDENT_DIR="+dir, "SFBENCH_SIMD="+level)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("SFBENCH_SIMD=%q: %v\n%s", level, err, out)
		}
		recs, _, err := record.Read(filepath.Join(dir, record.FileName))
		if err != nil {
			t.Fatal(err)
		}
		lines := make([]string, len(recs))
		for i, r := range recs {
			lines[i] = record.Canonical(r)
		}
		sort.Strings(lines)
		sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		digests[level] = hex.EncodeToString(sum[:])
	}
	for level, d := range digests {
		if d != digests[""] {
			t.Errorf("SFBENCH_SIMD=%s gives other records than the default level (%s vs %s)", level, d, digests[""])
		}
	}
	golden(t, "bitident.sha256", digests[""]+"\n")
}
