package backends_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"erosion/harness/backends"
	"erosion/harness/envs"
)

// Leftovers are the cache entries no spec asks for and killed builds; a
// spec's own entry and a build in progress stay.
func TestFindLeftovers(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock") // the cache alone
	spec, err := envs.Find("../../configs/envs", "trixie-slim")
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	dir := filepath.Join(cache, "envs")
	kept := filepath.Join(dir, spec.CacheKey())
	old := filepath.Join(dir, "0123456789abcdef")
	busy := filepath.Join(dir, ".build-"+spec.CacheKey()+"-1")
	dead := filepath.Join(dir, ".build-"+spec.CacheKey()+"-2")
	for _, d := range []string{kept, old, busy, dead} {
		os.MkdirAll(d, 0o755)
	}
	os.WriteFile(kept+".build.log", []byte("log"), 0o644)
	os.WriteFile(old+".build.log", []byte("log"), 0o644)
	lock, err := os.Open(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	l, err := backends.FindLeftovers(ctx, []*envs.Spec{spec}, cache)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	slices.Sort(l.Paths)
	want := []string{dead, old, old + ".build.log"}
	slices.Sort(want)
	if !slices.Equal(l.Paths, want) || !slices.Equal(l.Busy, []string{busy}) || len(l.Images) != 0 {
		t.Fatalf("paths %v, busy %v, images %v", l.Paths, l.Busy, l.Images)
	}
	if err := l.Remove(ctx); err != nil {
		t.Fatal(err)
	}
	for _, p := range want {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s is left", p)
		}
	}
	for _, p := range []string{kept, kept + ".build.log", busy} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s is removed", p)
		}
	}
}
