package backends_test

import (
	"os"
	"path/filepath"
	"testing"

	"erosion/harness/backends"
	"erosion/harness/envs"
)

// EnsureAll readies every spec in order (a built one is a cache hit) and
// says how many were ready when it stopped.
func TestEnsureAll(t *testing.T) {
	b, err := backends.Open(t.Context(), "auto")
	if err != nil {
		t.Skip(err)
	}
	defer backends.Close(b)
	spec, err := envs.Find("../../configs/envs", "trixie-slim")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := os.UserCacheDir()
	cache := filepath.Join(d, "erosion")
	if _, err := backends.Ready(t.Context(), b, spec, cache); err != nil {
		t.Skipf("trixie-slim is not built here (make test builds it): %v", err)
	}
	n, err := backends.EnsureAll(t.Context(), b, []*envs.Spec{spec, spec}, cache, false)
	if err != nil || n != 2 {
		t.Fatalf("%d ready: %v", n, err)
	}
	// A spec that cannot be built stops it (in a cache of its own).
	bad := &envs.Spec{Name: "no-such-env"}
	if n, err := backends.EnsureAll(t.Context(), b, []*envs.Spec{bad, spec}, t.TempDir(), false); err == nil || n != 0 {
		t.Errorf("with an unbuildable spec first: %d ready, %v", n, err)
	}
}
