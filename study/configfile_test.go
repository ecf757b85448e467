package study_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/study"
)

// A config file's keys take dashes or underscores; relative paths are
// the file's folder's, an era table only when it names a file; lists are
// comma-separated; unknown keys are refused with the known ones listed.
func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mine"), []byte("eras: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "study.yaml")
	c, err := study.ReadConfigFile(strings.NewReader(`
dataset: datasets/mini
cache_dir: /abs/cache
envs-dir: ~/envs
eras: eras-slim
env: [trixie-slim, bullseye-slim]
workers: 4
`), path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		kind study.ValueKind
		want any
	}{
		{"dataset", study.Path, filepath.Join(dir, "datasets/mini")},
		{"dataset", study.Plain, "datasets/mini"},
		{"cache-dir", study.Path, "/abs/cache"},
		{"envs-dir", study.Path, "~/envs"},
		{"eras", study.EraTable, "eras-slim"},
		{"env", study.Plain, "trixie-slim,bullseye-slim"},
		{"workers", study.Plain, 4},
	} {
		if got, ok := c.Value(tc.name, tc.kind); !ok || got != tc.want {
			t.Errorf("%s: %v (%v), want %v", tc.name, got, ok, tc.want)
		}
	}
	if _, ok := c.Value("results", study.Path); ok {
		t.Error("results is set")
	}
	for v, want := range map[string]string{"mine": filepath.Join(dir, "mine"), "t.yaml": filepath.Join(dir, "t.yaml"), "eras": "eras"} {
		c.Values["eras"] = v
		if got, _ := c.Value("eras", study.EraTable); got != want {
			t.Errorf("eras %s: %v, want %s", v, got, want)
		}
	}
	known := []string{"help", "config", "dataset", "cache-dir", "envs-dir", "eras", "env", "workers", "workers"}
	if err := c.Check(known); err != nil {
		t.Errorf("known keys: %v", err)
	}
	c.Values["worker"] = 2
	err = c.Check(known)
	if want := `config ` + path + `: unknown key "worker"; known keys: cache-dir, dataset, env, envs-dir, eras, workers`; err == nil || err.Error() != want {
		t.Errorf("unknown key: %v, want %s", err, want)
	}
	if _, err := study.ReadConfigFile(strings.NewReader("workers: [\n"), "bad.yaml"); err == nil || !strings.HasPrefix(err.Error(), "config bad.yaml: not valid YAML: ") {
		t.Errorf("bad YAML: %v", err)
	}
	if c, err := study.ReadConfigFile(strings.NewReader(""), "empty.yaml"); err != nil || len(c.Values) != 0 {
		t.Errorf("empty file: %v, %v", c, err)
	}
}

// A notebooks file is one id a line; comments and blank lines are
// skipped; anything else is a UsageError naming the file and line.
func TestReadNotebookList(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ids, err := study.ReadNotebookList(write("ok.txt", "# picked\na-1\n\n  b-2  \n"))
	if err != nil || strings.Join(ids, " ") != "a-1 b-2" {
		t.Errorf("ids %q, %v", ids, err)
	}
	for name, text := range map[string]string{"two.txt": "a-1\nb-2 c-3\n", "none.txt": "# nothing\n", "missing.txt": ""} {
		p := filepath.Join(dir, name)
		if name != "missing.txt" {
			p = write(name, text)
		}
		_, err := study.ReadNotebookList(p)
		var ue *study.UsageError
		if !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), "--notebooks-file "+p) {
			t.Errorf("%s: %v, want a UsageError naming the file", name, err)
		}
	}
	if _, err := study.ReadNotebookList(filepath.Join(dir, "two.txt")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("want the line: %v", err)
	}
}

// Choose is every spec without names, else the specs named, in order.
func TestChoose(t *testing.T) {
	c := study.Config{}
	all, err := c.Specs()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.Choose(nil); err != nil || len(got) != len(all) {
		t.Errorf("no names: %d specs, %v; want %d", len(got), err, len(all))
	}
	two, err := c.Choose([]string{all[1].Name, all[0].Name})
	if err != nil || len(two) != 2 || two[0].Name != all[1].Name || two[1].Name != all[0].Name {
		t.Errorf("two names: %v, %v", two, err)
	}
	var ue *study.UsageError
	if _, err := c.Choose([]string{"no-such-env"}); !errors.As(err, &ue) {
		t.Errorf("unknown name: %v, want a UsageError", err)
	}
}
