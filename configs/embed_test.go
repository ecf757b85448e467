package configs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"erosion/harness/envs"
)

// The built-in specs are the files of configs/envs, byte for byte.
func TestBuiltinSpecsAreTheShippedFiles(t *testing.T) {
	builtin, err := Specs("")
	if err != nil {
		t.Fatal(err)
	}
	onDisk, err := envs.LoadDir("envs")
	if err != nil {
		t.Fatal(err)
	}
	if len(builtin) != len(onDisk) {
		t.Fatalf("%d built-in specs, %d files", len(builtin), len(onDisk))
	}
	for i, s := range builtin {
		if s.Name != onDisk[i].Name || s.Digest() != onDisk[i].Digest() || !strings.HasPrefix(s.Path, Builtin+" ") {
			t.Errorf("%s (%s): differs from %s", s.Name, s.Path, onDisk[i].Path)
		}
	}
	if !slices.Equal(EraTables(), []string{"eras", "eras-slim"}) {
		t.Errorf("era tables %v", EraTables())
	}
}

func TestOverlayAndEraTables(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "trixie-slim.yaml"), []byte("name: trixie-slim\ndebian: trixie\npackages: [python3]\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte("debian: bookworm\npackages: [python3]\n"), 0o644)
	specs, err := Specs(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Find(specs, "trixie-slim", dir)
	if err != nil || s.Path != filepath.Join(dir, "trixie-slim.yaml") || len(s.Packages) != 1 {
		t.Errorf("the spec on disk should replace the built-in one: %+v %v", s, err)
	}
	if _, err := Find(specs, "mine", dir); err != nil {
		t.Error(err)
	}
	if _, err := Find(specs, "nosuch", dir); err == nil || !strings.Contains(err.Error(), "the built-in specs or "+dir) {
		t.Errorf("unknown name: %v", err)
	}
	e, err := Eras("eras-slim", specs, dir)
	if err != nil || e.Current != "trixie-slim" || len(e.Eras) != 3 {
		t.Fatalf("built-in eras-slim: %+v %v", e, err)
	}
	table := filepath.Join(dir, "two.yaml")
	os.WriteFile(table, []byte("eras:\n  - {env: mine, date: \"2023-01-01\"}\n  - {env: trixie-slim, date: \"2025-01-01\"}\n"), 0o644)
	if e, err := Eras(table, specs, dir); err != nil || len(e.Eras) != 2 {
		t.Errorf("a table on disk: %v", err)
	}
	os.WriteFile(table, []byte("eras:\n  - {env: nosuch, date: \"2023-01-01\"}\n"), 0o644)
	if _, err := Eras(table, specs, dir); err == nil || !strings.Contains(err.Error(), `"nosuch" has no spec`) {
		t.Errorf("an unknown environment: %v", err)
	}
	if _, err := Specs(filepath.Join(dir, "nope")); err == nil || !strings.Contains(err.Error(), "--envs-dir") {
		t.Errorf("a missing folder: %v", err)
	}
}

func TestIsEraFile(t *testing.T) {
	for table, want := range map[string]bool{"eras": false, "eras-slim": false, "my.yaml": true, "my.yml": true, "tables/eras": true} {
		if got := IsEraFile(table); got != want {
			t.Errorf("IsEraFile(%q) = %v, want %v", table, got, want)
		}
	}
}
