package backends_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// Prune lists, asks and removes: a dry run and a refusal remove nothing,
// a yes removes everything it listed, and an empty cache has nothing.
func TestPrune(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock") // the cache alone
	spec, err := envs.Find("../../configs/envs", "trixie-slim")
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	old := filepath.Join(cache, "envs", "0123456789abcdef")
	os.MkdirAll(old, 0o755)
	ctx := context.Background()
	prune := func(o backends.PruneOptions) string {
		t.Helper()
		var out strings.Builder
		if err := backends.Prune(ctx, &out, []*envs.Spec{spec}, cache, o); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	exists := func() bool { _, err := os.Stat(old); return err == nil }
	if out := prune(backends.PruneOptions{DryRun: true}); out != "remove "+old+"\ndry run: nothing removed\n" || !exists() {
		t.Errorf("dry run: %q", out)
	}
	asked := 0
	no := func(n int) bool { asked = n; return false }
	if out := prune(backends.PruneOptions{Confirm: no}); asked != 1 || !strings.HasSuffix(out, "nothing removed (answer y, or pass --yes)\n") || !exists() {
		t.Errorf("declined (asked about %d): %q", asked, out)
	}
	if out := prune(backends.PruneOptions{Confirm: func(int) bool { return true }}); !strings.HasSuffix(out, "removed 1 cache entries and 0 images\n") || exists() {
		t.Errorf("confirmed: %q", out)
	}
	if out := prune(backends.PruneOptions{}); out != "nothing to prune\n" {
		t.Errorf("empty: %q", out)
	}
}
