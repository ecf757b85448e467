package envs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
		"nosuite.yaml":  {"name: x\npackages: [python3]\n", "exactly one of debian"},
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
	if !strings.HasPrefix(a.ImageRef(), "erosion-env:") {
		t.Errorf("image ref %s", a.ImageRef())
	}
}

func TestFindUnknownListsNames(t *testing.T) {
	_, err := Find("../../configs/envs", "nosuch")
	if err == nil || !strings.Contains(err.Error(), "trixie") {
		t.Fatalf("want the known names listed, got %v", err)
	}
}

func TestEras(t *testing.T) {
	e, err := LoadEras("../../configs/eras.yaml", "../../configs/envs")
	if err != nil {
		t.Fatal(err)
	}
	for date, want := range map[string]string{
		"2016-03-01": "bullseye", "2019-12-31": "bullseye", "2022-07-01": "bullseye", "2022-08-01": "bookworm",
		"2023-06-10": "bookworm", "2024-06-01": "bookworm", "2024-09-01": "trixie", "2026-01-01": "trixie",
	} {
		d, _ := time.Parse(time.DateOnly, date)
		if got := e.For(d); got != want {
			t.Errorf("For(%s) = %s, want %s", date, got, want)
		}
	}
	if _, err := LoadEras("../../configs/eras-slim.yaml", "../../configs/envs"); err != nil {
		t.Fatal(err)
	}
	bad := write(t, t.TempDir(), "eras.yaml", "eras:\n  - env: nosuch\n    date: \"2020-01-01\"\n")
	if _, err := LoadEras(bad, "../../configs/envs"); err == nil || !strings.Contains(err.Error(), `eras[0].env "nosuch"`) {
		t.Errorf("unknown env: %v", err)
	}
}

func TestSpecKinds(t *testing.T) {
	dir := t.TempDir()
	img := write(t, dir, "kaggle.yaml", "image: gcr.io/kaggle-gpu-images/python@sha256:"+strings.Repeat("ab", 32)+"\n")
	s, err := Load(img)
	if err != nil || s.Kind() != KindImage || s.ImageRef() != s.Image {
		t.Fatalf("%+v %v", s, err)
	}
	py := write(t, dir, "py38.yaml", "python: \"3.8\"\nrequirements: [pandas==1.1.5, scikit-learn==0.23.2]\n")
	s, err = Load(py)
	if err != nil || s.Kind() != KindPython {
		t.Fatalf("%+v %v", s, err)
	}
	df := Dockerfile(s)
	for _, want := range []string{"FROM python:3.8-slim", "pandas==1.1.5", "scikit-learn==0.23.2", "/kaggle/working"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q:\n%s", want, df)
		}
	}
	for file, c := range map[string]struct{ body, want string }{
		"two.yaml":      {"debian: trixie\npackages: [python3]\npython: \"3.8\"\n", "exactly one"},
		"unpinned.yaml": {"image: python:3.11\n", "pinned by digest"},
		"loose.yaml":    {"python: \"3.8\"\nrequirements: [pandas>=1.0]\n", "requirements[0]"},
		"pyver.yaml":    {"python: \"3\"\n", "field python"},
	} {
		_, err := Load(write(t, dir, file, c.body))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", file, err, c.want)
		}
	}
}

func TestInventoryDigest(t *testing.T) {
	s := &Spec{Name: "x", Debian: "trixie", Packages: []string{"python3"}}
	a, err := ParseInventory(s, `{"python": "3.13.5", "packages": [["pandas", "2.2.3"], ["numpy", "2.2.4"]]}`)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ParseInventory(s, `{"python": "3.13.5", "packages": [["numpy", "2.2.4"], ["pandas", "2.2.3"]]}`)
	c, _ := ParseInventory(s, `{"python": "3.13.5", "packages": [["numpy", "2.2.5"], ["pandas", "2.2.3"]]}`)
	if a.Digest != b.Digest || a.Digest == c.Digest || a.Version("Pandas") != "2.2.3" {
		t.Errorf("digests %s %s %s", a.Digest, b.Digest, c.Digest)
	}
	if _, err := ParseInventory(s, "Traceback ..."); err == nil {
		t.Error("garbage inventory accepted")
	}
}

// Every kind is one Source: its own checks, digest input, reference and
// build route; the registry route of a debian spec installs the same
// packages as its debootstrap build.
func TestSourcesOfEachKind(t *testing.T) {
	deb := &Spec{Name: "d", Debian: "bookworm", Packages: []string{"python3-pandas", "python3"}}
	img := &Spec{Name: "i", Image: "gcr.io/kaggle-images/python@sha256:" + strings.Repeat("ab", 32)}
	py := &Spec{Name: "p", Python: "3.8", Requirements: []string{"pandas==1.1.5"}}
	for s, kind := range map[*Spec]string{deb: KindDebian, img: KindImage, py: KindPython} {
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
		if s.Kind() != kind || s.Source().Kind() != kind || !strings.HasPrefix(s.Digest(), "sha256:") {
			t.Errorf("%s: kind %s digest %s", s.Name, s.Kind(), s.Digest())
		}
	}
	if img.ImageRef() != img.Image || !strings.HasPrefix(deb.ImageRef(), "erosion-env:") {
		t.Errorf("refs %s %s", img.ImageRef(), deb.ImageRef())
	}
	df := DebianDockerfile(deb)
	if !strings.Contains(df, "FROM debian:bookworm") || !strings.Contains(df, "python3-pandas") || !strings.Contains(df, "/kaggle/working") {
		t.Errorf("Dockerfile:\n%s", df)
	}
	bad := &Spec{Name: "b", Image: "unpinned:latest"}
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "pinned by digest") {
		t.Errorf("unpinned image: %v", err)
	}
}
