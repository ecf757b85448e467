package envs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestShippedSpecsLoad(t *testing.T) {
	specs, err := LoadDir("../../configs/envs")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range specs {
		names = append(names, s.Name)
	}
	if !strings.Contains(strings.Join(names, ","), "trixie") {
		t.Fatalf("trixie missing from %v", names)
	}
}

func TestSpecErrorsNameFileAndField(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct{ body, want string }{
		"unknown.yaml":  {"name: x\ndebian: trixie\npackages: [python3]\npackges: [x]\n", "packges"},
		"nosuite.yaml":  {"name: x\npackages: [python3]\n", "field debian"},
		"nopython.yaml": {"debian: trixie\npackages: [python3-pandas]\n", "python3"},
		"badpkg.yaml":   {"debian: trixie\npackages: [python3, 'Bad Pkg']\n", "packages[1]"},
		"badname.yaml":  {"name: Has Spaces\ndebian: trixie\npackages: [python3]\n", "field name"},
		"empty.yaml":    {"", "empty"},
		"mirror.yaml":   {"debian: trixie\npackages: [python3]\nmirror: nowhere\n", "mirror"},
	}
	for file, c := range cases {
		p := write(t, dir, file, c.body)
		_, err := Load(p)
		if err == nil {
			t.Errorf("%s: no error", file)
			continue
		}
		if !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q should name the file and %q", file, err, c.want)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error is not one line: %q", file, err)
		}
	}
}

func TestDigestIgnoresOrderAndMirror(t *testing.T) {
	a := &Spec{Name: "a", Debian: "trixie", Packages: []string{"python3", "python3-pandas"}}
	b := &Spec{Name: "a", Debian: "trixie", Packages: []string{"python3-pandas", "python3", "python3"}, Mirror: "http://127.0.0.1/debian"}
	if a.Digest() != b.Digest() {
		t.Error("package order, duplicates or mirror changed the digest")
	}
	c := &Spec{Name: "a", Debian: "bookworm", Packages: a.Packages}
	if a.Digest() == c.Digest() {
		t.Error("another suite must give another digest")
	}
	if !strings.HasPrefix(a.ImageRef(), "erosion-env/a:") {
		t.Errorf("image ref %s", a.ImageRef())
	}
}

func TestFindUnknownListsNames(t *testing.T) {
	_, err := Find("../../configs/envs", "nosuch")
	if err == nil || !strings.Contains(err.Error(), "trixie") {
		t.Fatalf("want the known names listed, got %v", err)
	}
}
