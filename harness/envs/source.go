package envs

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Source is how one kind of environment is made: a Debian suite built
// offline with debootstrap, a pinned image used as is, or a Python version
// with pinned requirements. Everything that differs between the kinds is
// here, behind one interface; a spec's Source is chosen by its fields.
type Source interface {
	Kind() string
	// validate checks the fields of this kind.
	validate(s *Spec, fail func(string, ...any) error) error
	// canonical is what the spec's digest covers.
	canonical(s *Spec) any
	// ImageRef is the Docker reference the environment runs as.
	ImageRef(s *Spec) string
	// Describe is one line for `envs inspect`.
	Describe(s *Spec) string
	// MakeImage makes the environment's Docker image with m.
	MakeImage(ctx context.Context, m ImageMaker, s *Spec, o MakeOptions) error
	// Rootfs makes (or finds) the environment's root filesystem for the
	// sandbox; built says whether a build ran.
	Rootfs(ctx context.Context, s *Spec, o MakeOptions, log io.Writer) (dir string, built bool, err error)
}

// MakeOptions are how an environment is made.
type MakeOptions struct {
	CacheDir string
	Force    bool // rebuild even when built
	// FromRegistry builds a debian environment with `docker build` from
	// debian:<suite> (same packages, same inventory) instead of debootstrap:
	// for a Docker that reaches a registry but a host without debootstrap.
	FromRegistry bool
}

// ImageMaker is what a Docker store gives a source to make an image with.
type ImageMaker interface {
	Import(ctx context.Context, rootfsTar io.Reader, ref string, labels map[string]string) error
	Pull(ctx context.Context, ref, env string) error
	Build(ctx context.Context, dockerfile []byte, ref string, labels map[string]string, hint string) error
	Remove(ctx context.Context, ref string) error
}

// Source is the spec's kind.
func (s *Spec) Source() Source {
	switch {
	case s.Image != "":
		return imageSource{}
	case s.Python != "":
		return pythonSource{}
	}
	return debianSource{}
}

// Kind says how the environment is made.
func (s *Spec) Kind() string { return s.Source().Kind() }

// Labels are the Docker labels of an environment's image.
func (s *Spec) Labels() map[string]string {
	return map[string]string{"org.erosion.env": s.Name, "org.erosion.digest": s.Digest()}
}

// debianSource: a Debian suite plus packages, built offline.
type debianSource struct{}

func (debianSource) Kind() string { return KindDebian }

func (debianSource) validate(s *Spec, fail func(string, ...any) error) error {
	switch {
	case !suiteRe.MatchString(s.Debian):
		return fail("field debian %q is not a Debian suite name (e.g. bullseye, bookworm, trixie, sid)", s.Debian)
	case len(s.Packages) == 0:
		return fail("field packages is empty: list the Debian packages to install (at least python3)")
	case len(s.Requirements) > 0:
		return fail("a debian environment takes Debian packages, not requirements")
	}
	for i, p := range s.Packages {
		if !packageRe.MatchString(p) {
			return fail("field packages[%d] %q is not a Debian package name", i, p)
		}
	}
	if !slices.Contains(s.Packages, "python3") {
		return fail("field packages must include python3: the runner needs it")
	}
	if s.Mirror != "" && !strings.Contains(s.Mirror, "://") {
		return fail("field mirror %q is not a URL", s.Mirror)
	}
	return nil
}

func (debianSource) canonical(s *Spec) any {
	pkgs := slices.Clone(s.Packages)
	slices.Sort(pkgs)
	// A spec without NLTK data keeps the digest it had before the field
	// existed; one whose data cannot be read gets a digest of its own, and
	// its build says why.
	nltk, err := s.nltkDataSum()
	if err != nil {
		nltk = "unreadable: " + err.Error()
	}
	return struct {
		Builder  string   `json:"builder"`
		Debian   string   `json:"debian"`
		Packages []string `json:"packages"`
		NLTKData string   `json:"nltk_data,omitempty"`
	}{builderVersion, s.Debian, slices.Compact(pkgs), nltk}
}

func (debianSource) ImageRef(s *Spec) string { return "erosion-env:" + s.ShortDigest() }

func (debianSource) Describe(s *Spec) string {
	return fmt.Sprintf("debian:       %s (%d packages asked for)", s.Debian, len(s.Packages))
}

func (d debianSource) MakeImage(ctx context.Context, m ImageMaker, s *Spec, o MakeOptions) error {
	labels := s.Labels()
	labels["org.erosion.debian"] = s.Debian
	if o.FromRegistry {
		if s.NLTKData != "" {
			return fmt.Errorf("environment %s: nltk_data is baked by the debootstrap build only: build it without --from-registry", s.Name)
		}
		return m.Build(ctx, []byte(DebianDockerfile(s)), d.ImageRef(s), labels,
			fmt.Sprintf("debian:%s could not be fetched: building from a registry needs one (without it, leave --from-registry out: erosion builds the environment offline with debootstrap)", s.Debian))
	}
	root, err := BuildLogged(ctx, s, o.CacheDir, o.Force)
	if err != nil {
		return err
	}
	tar, wait, err := Pack(ctx, root)
	if err != nil {
		return err
	}
	ierr := m.Import(ctx, tar, d.ImageRef(s), labels)
	tar.Close()
	if werr := wait(); ierr == nil {
		ierr = werr
	}
	if ierr != nil {
		// No half-imported image may pass for a built one.
		m.Remove(context.WithoutCancel(ctx), d.ImageRef(s))
		return fmt.Errorf("environment %s: %w", s.Name, ierr)
	}
	return nil
}

func (debianSource) Rootfs(ctx context.Context, s *Spec, o MakeOptions, log io.Writer) (string, bool, error) {
	return buildDebianRootfs(ctx, s, o.CacheDir, o.Force, log)
}

// DebianDockerfile is the registry route to a debian environment: the same
// suite and packages as the debootstrap build, and the same mount points.
func DebianDockerfile(s *Spec) string {
	pkgs := slices.Clone(s.Packages)
	slices.Sort(pkgs)
	var b strings.Builder
	fmt.Fprintf(&b, "# Generated by erosion for environment %s: the packages of its debootstrap build.\n", s.Name)
	fmt.Fprintf(&b, "FROM debian:%s\n", s.Debian)
	b.WriteString("ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 MPLBACKEND=Agg HOME=/tmp\n")
	b.WriteString("RUN apt-get -o Acquire::Check-Valid-Until=false update -q && apt-get install -y -q --no-install-recommends")
	for _, p := range pkgs {
		b.WriteString(" \\\n    " + p)
	}
	b.WriteString(" \\\n && apt-get clean && rm -rf /var/lib/apt/lists/*\n")
	b.WriteString("RUN mkdir -p /kaggle/input /kaggle/working /erosion/in\nWORKDIR /kaggle/working\n")
	return b.String()
}

// imageSource: a pinned image, used as is.
type imageSource struct{}

func (imageSource) Kind() string { return KindImage }

func (imageSource) validate(s *Spec, fail func(string, ...any) error) error {
	if !imageRe.MatchString(s.Image) {
		return fail("field image %q must be pinned by digest: name@sha256:<64 hex>", s.Image)
	}
	if len(s.Packages) > 0 || len(s.Requirements) > 0 || s.Mirror != "" {
		return fail("an image environment takes no packages, requirements or mirror: it is used as is")
	}
	return nil
}

func (imageSource) canonical(s *Spec) any { return map[string]string{"image": s.Image} }

func (imageSource) ImageRef(s *Spec) string { return s.Image }

func (imageSource) Describe(s *Spec) string { return "image:        " + s.Image }

func (imageSource) MakeImage(ctx context.Context, m ImageMaker, s *Spec, _ MakeOptions) error {
	return m.Pull(ctx, s.Image, s.Name)
}

func (imageSource) Rootfs(_ context.Context, s *Spec, o MakeOptions, _ io.Writer) (string, bool, error) {
	// Made from a tar (fromtar.go), never rebuilt.
	return existingRootfs(s, o.CacheDir)
}

// pythonSource: a Python version and pinned requirements, built from a
// generated Dockerfile where a registry answers.
type pythonSource struct{}

func (pythonSource) Kind() string { return KindPython }

func (pythonSource) validate(s *Spec, fail func(string, ...any) error) error {
	if !pythonRe.MatchString(s.Python) {
		return fail("field python %q: give a minor version such as 3.8", s.Python)
	}
	if len(s.Packages) > 0 || s.Mirror != "" {
		return fail("a python environment takes requirements (name==version), not Debian packages")
	}
	for i, r := range s.Requirements {
		if !pinRe.MatchString(r) {
			return fail("field requirements[%d] %q: pin it exactly, as name==version", i, r)
		}
	}
	return nil
}

func (pythonSource) canonical(s *Spec) any {
	reqs := slices.Clone(s.Requirements)
	slices.Sort(reqs)
	return map[string]any{"python": s.Python, "requirements": slices.Compact(reqs), "dockerfile": Dockerfile(s)}
}

func (pythonSource) ImageRef(s *Spec) string { return "erosion-env:" + s.ShortDigest() }

func (pythonSource) Describe(s *Spec) string {
	return fmt.Sprintf("python:       %s (%d pins)\n\n%s", s.Python, len(s.Requirements), Dockerfile(s))
}

func (p pythonSource) MakeImage(ctx context.Context, m ImageMaker, s *Spec, _ MakeOptions) error {
	return m.Build(ctx, []byte(Dockerfile(s)), p.ImageRef(s), s.Labels(),
		fmt.Sprintf("python:%s-slim could not be fetched: python environments need a registry (or `docker load` the base image first)", s.Python))
}

func (pythonSource) Rootfs(_ context.Context, s *Spec, o MakeOptions, _ io.Writer) (string, bool, error) {
	return existingRootfs(s, o.CacheDir)
}

// canonicalJSON is the digest input of s.
func canonicalJSON(s *Spec) []byte {
	data, _ := json.Marshal(s.Source().canonical(s))
	return data
}
