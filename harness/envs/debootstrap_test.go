package envs

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// needBuilder skips where environments cannot be built at all (not root, no
// debootstrap); CI runs as root with debootstrap installed.
func needBuilder(t *testing.T) {
	t.Helper()
	_, err := exec.LookPath("debootstrap")
	if os.Geteuid() != 0 || err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must run as root with debootstrap installed")
		}
		t.Skip("building environments needs root and debootstrap")
	}
}

// A broken spec fails with a message naming what is wrong and leaves
// nothing in the cache.
func TestBrokenSpecsFailCleanly(t *testing.T) {
	needBuilder(t)
	cases := []struct {
		name string
		spec *Spec
		want string
	}{
		{"unknown suite", &Spec{Name: "x", Debian: "nosuchsuite", Packages: []string{"python3"}, Path: "x.yaml"}, `"nosuchsuite" is not a suite`},
		{"unknown package", &Spec{Name: "y", Debian: "trixie", Packages: []string{"python3", "python3-no-such-thing"}, Path: "y.yaml"}, "package python3-no-such-thing is not in Debian trixie"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cache := t.TempDir()
			_, _, err := EnsureRootfs(t.Context(), c.spec, cache, false, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.spec.Path) {
				t.Fatalf("got %v, want %q naming %s", err, c.want, c.spec.Path)
			}
			left, _ := filepath.Glob(filepath.Join(cache, "envs", "*"))
			hidden, _ := filepath.Glob(filepath.Join(cache, "envs", ".*"))
			if len(left)+len(hidden) != 0 {
				t.Errorf("a failed build left %v %v", left, hidden)
			}
		})
	}
}
