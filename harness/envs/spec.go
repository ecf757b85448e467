// Package envs describes execution environments (configs/envs/*.yaml) and
// builds them into root filesystems that a backend can run.
package envs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Spec is one environment as written in configs/envs/<name>.yaml. Exactly
// one of Debian, Image and Python says what kind it is.
type Spec struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`

	// debian: a Debian suite built offline with debootstrap, plus packages.
	Debian   string   `yaml:"debian"`
	Packages []string `yaml:"packages"` // Debian packages installed with apt in the rootfs
	Mirror   string   `yaml:"mirror"`   // Debian mirror URL; empty = debootstrap's default (or EROSION_DEBIAN_MIRROR)
	// NLTKData is a folder in NLTK's layout (corpora/, tokenizers/, ...)
	// or a .tar, .tar.gz or .zip of one, relative to the spec file; it is
	// baked into the image at /usr/share/nltk_data, as Kaggle's image has
	// its corpora. Debian packages no NLTK data.
	NLTKData string `yaml:"nltk_data"`
	nltkSum  string // cached content sum of NLTKData (see nltkDataSum)

	// image: a pinned existing image (ref@sha256:...), used as is.
	Image string `yaml:"image"`

	// python: a Python version and pinned requirements, built from a
	// generated Dockerfile (FROM python:X.Y-slim) where a registry answers.
	Python       string   `yaml:"python"`
	Requirements []string `yaml:"requirements"`

	Path string `yaml:"-"` // file the spec was read from
}

// Kinds of environment.
const (
	KindDebian = "debian"
	KindImage  = "image"
	KindPython = "python"
)

var (
	nameRe    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)
	suiteRe   = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	packageRe = regexp.MustCompile(`^[a-z0-9][a-z0-9+.-]+$`)
	imageRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9._/:-]*@sha256:[a-f0-9]{64}$`)
	pythonRe  = regexp.MustCompile(`^3\.[0-9]{1,2}$`)
	pinRe     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[A-Za-z0-9.!+_-]+$`)
)

const fields = "name, description, debian, packages, mirror, nltk_data, image, python, requirements"

// Load reads and validates one spec file.
func Load(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("environment %s: %w", path, err)
	}
	return Parse(data, path)
}

// Parse reads and validates one spec; path names it in messages and in
// Spec.Path, and gives the name when the spec has none.
func Parse(data []byte, path string) (*Spec, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Spec
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("environment %s: the file is empty; write at least name and one of debian, image or python", path)
		}
		return nil, fmt.Errorf("environment %s: %s (fields are %s)", path, strings.ReplaceAll(err.Error(), "\n", "; "), fields)
	}
	s.Path = path
	if s.Name == "" {
		s.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Validate checks every field and says which one is wrong.
func (s *Spec) Validate() error {
	where := s.Path
	if where == "" {
		where = s.Name
	}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("environment %s: "+format, append([]any{where}, a...)...)
	}
	if !nameRe.MatchString(s.Name) {
		return fail("field name %q: use lower-case letters, digits, '.', '_' or '-'", s.Name)
	}
	kinds := 0
	for _, set := range []bool{s.Debian != "", s.Image != "", s.Python != ""} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return fail("set exactly one of debian (a Debian suite), image (ref@sha256:...) or python (X.Y with requirements)")
	}
	if err := s.Source().validate(s, fail); err != nil {
		return err
	}
	return s.validateNLTKData(fail)
}

// builderVersion changes whenever the way an environment is made changes, so
// that cached environments built the old way are rebuilt.
const builderVersion = "debootstrap-2"

// Digest identifies what the spec asks for: the same digest means the same
// suite, packages and NLTK data (or image, or Python and pins) and build recipe. Names,
// descriptions and the mirror are left out: any mirror of a suite serves the
// same packages, and renaming a spec does not rebuild it. What was actually
// installed is in the inventory (Inventory.Digest).
func (s *Spec) Digest() string {
	sum := sha256.Sum256(canonicalJSON(s))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// ShortDigest is the digest's first 16 hex digits.
func (s *Spec) ShortDigest() string { return strings.TrimPrefix(s.Digest(), "sha256:")[:16] }

// CacheKey names the environment's entries in the cache. It is content
// addressed: two specs asking for the same thing share one build.
func (s *Spec) CacheKey() string { return s.ShortDigest() }

// ImageRef is the Docker reference the environment runs as: the pinned image
// itself, or erosion-env:<digest> for the ones erosion builds.
func (s *Spec) ImageRef() string { return s.Source().ImageRef(s) }

// Dockerfile is the build recipe of a python environment.
func Dockerfile(s *Spec) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Generated by erosion for environment %s.\n", s.Name)
	fmt.Fprintf(&b, "FROM python:%s-slim\n", s.Python)
	b.WriteString("ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 MPLBACKEND=Agg LANG=C.UTF-8\n")
	reqs := slices.Clone(s.Requirements)
	slices.Sort(reqs)
	// The pins, plus IPython for the runner's faithful cell execution.
	b.WriteString("RUN pip install ipython")
	for _, r := range reqs {
		b.WriteString(" \\\n    " + r)
	}
	b.WriteString("\nRUN mkdir -p /kaggle/input /kaggle/working /erosion/in /erosion/out\nWORKDIR /kaggle/working\n")
	return b.String()
}

// LoadDir reads every *.yaml spec in dir, sorted by name.
func LoadDir(dir string) ([]*Spec, error) {
	specs, err := LoadDirFS(os.DirFS(dir), ".", dir)
	if err == nil && len(specs) == 0 {
		return nil, fmt.Errorf("no environment specs (*.yaml) in %s: pass --envs-dir with the folder holding them", dir)
	}
	return specs, err
}

// LoadDirFS reads every *.yaml spec in folder dir of fsys, sorted by name;
// where is how messages and Spec.Path name that folder (e.g. the built-in
// copy of configs/envs). No spec at all is not an error here.
func LoadDirFS(fsys fs.FS, dir, where string) ([]*Spec, error) {
	matches, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var specs []*Spec
	seen := map[string]string{}
	for _, f := range matches {
		m := filepath.Join(where, path.Base(f))
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("environment %s: %w", m, err)
		}
		s, err := Parse(data, m)
		if err != nil {
			return nil, err
		}
		if prev, ok := seen[s.Name]; ok {
			return nil, fmt.Errorf("environment %s: name %q is already used by %s", m, s.Name, prev)
		}
		seen[s.Name] = m
		specs = append(specs, s)
	}
	slices.SortFunc(specs, func(a, b *Spec) int { return strings.Compare(a.Name, b.Name) })
	return specs, nil
}

// Find returns the spec called name from dir.
func Find(dir, name string) (*Spec, error) {
	specs, err := LoadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, s := range specs {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return nil, fmt.Errorf("no environment named %q in %s (have: %s)", name, dir, strings.Join(names, ", "))
}
