// Package sandboxtest gives tests outside harness/sandbox the bubblewrap
// backend and an environment's built rootfs (make test builds it: the
// Docker images and the sandbox share one debootstrap rootfs).
package sandboxtest

import (
	"os"
	"path/filepath"
	"testing"

	"erosion/harness/envs"
	"erosion/harness/sandbox"
)

// Env returns the sandbox backend, the spec at specPath and its rootfs.
// Without bubblewrap or the built rootfs it skips, except under CI, where
// .ci/run provides both and it fails instead.
func Env(t testing.TB, specPath string) (*sandbox.Backend, *envs.Spec, string) {
	t.Helper()
	b, err := sandbox.New()
	if err != nil {
		absent(t, err.Error())
	}
	spec, err := envs.Load(specPath)
	if err != nil {
		t.Fatal(err)
	}
	cache, _ := os.UserCacheDir()
	dir, ok, _ := b.Lookup(t.Context(), spec, filepath.Join(cache, "erosion"))
	if !ok {
		absent(t, "the "+spec.Name+" rootfs is not built")
	}
	return b, spec, dir
}

func absent(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
}
