// Package envs describes execution environments (configs/envs/*.yaml) and
// builds them into root filesystems that a backend can run.
package envs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Spec is one environment as written in configs/envs/<name>.yaml.
type Spec struct {
	Name        string   `yaml:"name"`
	Description string   `yaml:"description"`
	Debian      string   `yaml:"debian"`   // Debian suite to debootstrap, e.g. trixie
	Packages    []string `yaml:"packages"` // Debian packages installed with apt in the rootfs
	Mirror      string   `yaml:"mirror"`   // Debian mirror URL; empty = debootstrap's default (or EROSION_DEBIAN_MIRROR)

	Path string `yaml:"-"` // file the spec was read from
}

var (
	nameRe    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)
	suiteRe   = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	packageRe = regexp.MustCompile(`^[a-z0-9][a-z0-9+.-]+$`)
)

// Load reads and validates one spec file.
func Load(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("environment %s: %w", path, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Spec
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("environment %s: the file is empty; write at least name, debian and packages", path)
		}
		return nil, fmt.Errorf("environment %s: %s (fields are name, description, debian, packages, mirror)", path, strings.ReplaceAll(err.Error(), "\n", "; "))
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
	switch {
	case !nameRe.MatchString(s.Name):
		return fmt.Errorf("environment %s: field name %q: use lower-case letters, digits, '.', '_' or '-'", where, s.Name)
	case s.Debian == "":
		return fmt.Errorf("environment %s: field debian is missing: name a Debian suite such as bookworm or trixie", where)
	case !suiteRe.MatchString(s.Debian):
		return fmt.Errorf("environment %s: field debian %q is not a Debian suite name (e.g. bullseye, bookworm, trixie, sid)", where, s.Debian)
	case len(s.Packages) == 0:
		return fmt.Errorf("environment %s: field packages is empty: list the Debian packages to install (at least python3)", where)
	}
	for i, p := range s.Packages {
		if !packageRe.MatchString(p) {
			return fmt.Errorf("environment %s: field packages[%d] %q is not a Debian package name", where, i, p)
		}
	}
	if !slices.Contains(s.Packages, "python3") {
		return fmt.Errorf("environment %s: field packages must include python3: the runner needs it", where)
	}
	if s.Mirror != "" && !strings.Contains(s.Mirror, "://") {
		return fmt.Errorf("environment %s: field mirror %q is not a URL", where, s.Mirror)
	}
	return nil
}

// builderVersion changes whenever the way a rootfs is made changes, so that
// cached environments built the old way are rebuilt.
const builderVersion = "debootstrap-2"

// Digest identifies what the environment contains: the same digest means the
// same suite, packages and build recipe. The mirror is left out: any mirror of
// a suite serves the same packages.
func (s *Spec) Digest() string {
	pkgs := slices.Clone(s.Packages)
	slices.Sort(pkgs)
	pkgs = slices.Compact(pkgs)
	canon, _ := json.Marshal(struct {
		Builder  string   `json:"builder"`
		Debian   string   `json:"debian"`
		Packages []string `json:"packages"`
	}{builderVersion, s.Debian, pkgs})
	sum := sha256.Sum256(canon)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// ImageRef is the Docker reference an environment is imported as; the tag is
// the digest's prefix, so a changed spec gets a new image.
func (s *Spec) ImageRef() string {
	return "erosion-env/" + s.Name + ":" + strings.TrimPrefix(s.Digest(), "sha256:")[:16]
}

// LoadDir reads every *.yaml spec in dir, sorted by name.
func LoadDir(dir string) ([]*Spec, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(matches) == 0 {
		return nil, fmt.Errorf("no environment specs (*.yaml) in %s: pass --envs-dir with the folder holding them", dir)
	}
	var specs []*Spec
	seen := map[string]string{}
	for _, m := range matches {
		s, err := Load(m)
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
