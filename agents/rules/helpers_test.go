package rules

import (
	"os"
	"path/filepath"
	"testing"

	"erosion/harness/docker"
	"erosion/harness/envs"
)

// testBackend connects to the local daemon. Without one the Docker tests
// skip on a workstation, but fail in CI, where .ci/run starts one.
func testBackend(t testing.TB) *docker.Backend {
	t.Helper()
	b, err := docker.Connect(t.Context())
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must provide a Docker daemon: %v", err)
		}
		t.Skipf("no Docker daemon: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// envImage builds (or finds: later runs are cache hits) a slim era
// environment and returns its image.
func envImage(t testing.TB, b *docker.Backend, name string) string {
	t.Helper()
	spec, err := envs.Load("../../configs/envs/" + name + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	ref, err := b.Ensure(t.Context(), spec, filepath.Join(cache, "erosion"), false)
	if err != nil {
		t.Fatalf("building the %s environment: %v", name, err)
	}
	return ref
}
