package envs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// RootfsDir is where the environment's root filesystem is kept under the
// cache folder. It exists only once complete: builds happen elsewhere and are
// renamed into place.
func RootfsDir(cacheDir string, s *Spec) string {
	return filepath.Join(cacheDir, "envs", s.CacheKey(), "rootfs")
}

// EnsureRootfs returns the environment's root filesystem, building it with
// debootstrap unless the cache has it (or force is set). built reports
// whether a build ran.
func EnsureRootfs(ctx context.Context, s *Spec, cacheDir string, force bool, log io.Writer) (dir string, built bool, err error) {
	return s.Source().Rootfs(ctx, s, MakeOptions{CacheDir: cacheDir, Force: force}, log)
}

// existingRootfs is the root filesystem of an environment erosion does not
// build itself (made from a tar by fromtar.go, never rebuilt).
func existingRootfs(s *Spec, cacheDir string) (string, bool, error) {
	dir := RootfsDir(cacheDir, s)
	if _, err := os.Stat(dir); err == nil {
		return dir, false, nil
	}
	return "", false, fmt.Errorf("environment %s is a %s environment: the sandbox backend runs it from a root filesystem exported where the image is (`docker create --name x IMAGE && docker export x > env.tar`): `erosion envs build --backend sandbox --from-tar env.tar %s`", s.Name, s.Kind(), s.Name)
}

// buildDebianRootfs builds a debian environment's root filesystem with
// debootstrap unless the cache has it.
func buildDebianRootfs(ctx context.Context, s *Spec, cacheDir string, force bool, log io.Writer) (dir string, built bool, err error) {
	dir = RootfsDir(cacheDir, s)
	if _, err := os.Stat(dir); err == nil && !force {
		return dir, false, nil
	}
	final := filepath.Dir(dir)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return "", false, err
	}
	work, err := os.MkdirTemp(filepath.Dir(final), ".build-"+s.CacheKey()+"-")
	if err != nil {
		return "", false, err
	}
	// A failed or interrupted build leaves nothing in the cache.
	defer os.RemoveAll(work)
	release, err := lockBuild(work)
	if err != nil {
		return "", false, fmt.Errorf("environment %s: locking its build folder: %w", s.Name, err)
	}
	defer release()
	root := filepath.Join(work, "rootfs")
	if err := buildRootfs(ctx, s, root, log); err != nil {
		return "", false, err
	}
	if force {
		os.RemoveAll(final)
	}
	if err := os.Rename(work, final); err != nil {
		return "", false, fmt.Errorf("environment %s: %w", s.Name, err)
	}
	return dir, true, nil
}

// buildRootfs makes the root filesystem at root with debootstrap and apt. It
// needs root and the debootstrap, unshare and chroot commands.
//
// debootstrap installs a minimal base; the package list is then installed by
// apt inside the rootfs, which unlike debootstrap resolves virtual packages.
func buildRootfs(ctx context.Context, s *Spec, root string, log io.Writer) error {
	if os.Geteuid() != 0 {
		return fmt.Errorf("building environment %s needs root (debootstrap, chroot): run erosion as root or with sudo", s.Name)
	}
	for _, tool := range []string{"debootstrap", "unshare", "chroot"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("building environment %s needs %s: install it (apt-get install debootstrap)", s.Name, tool)
		}
	}
	// Bad NLTK data fails now, not after minutes of debootstrap and apt.
	if err := checkNLTKData(s); err != nil {
		return err
	}
	args := []string{"--variant=minbase", s.Debian, root}
	if m := s.mirror(); m != "" {
		args = append(args, m)
	}
	if err := run(ctx, log, "debootstrap", args...); err != nil {
		if strings.Contains(err.Error(), "No such script") {
			return fmt.Errorf("environment %s: field debian %q is not a suite debootstrap knows (e.g. bullseye, bookworm, trixie, sid); fix %s", s.Name, s.Debian, s.Path)
		}
		return fmt.Errorf("environment %s: debootstrap %s failed: %w (is the suite name right and the Debian mirror reachable? set mirror: or EROSION_DEBIAN_MIRROR)", s.Name, s.Debian, err)
	}
	// apt in a private mount namespace with /proc, so nothing stays mounted
	// on the host if the build is interrupted. A mirror that is a snapshot
	// (or lags behind) serves a Release file past its Valid-Until date; the
	// packages are still the suite's, and the inventory records what was
	// installed, so apt is told not to refuse it.
	script := fmt.Sprintf(`set -e
mount -t proc proc %[1]s/proc
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
chroot %[1]s apt-get -o Acquire::Check-Valid-Until=false update -q
chroot %[1]s apt-get install -y -q --no-install-recommends %[2]s
chroot %[1]s apt-get clean
umount %[1]s/proc
`, shellQuote(root), strings.Join(s.Packages, " "))
	if err := run(ctx, log, "unshare", "--mount", "--fork", "sh", "-c", script); err != nil {
		if m := unknownPackage.FindStringSubmatch(err.Error()); m != nil {
			return fmt.Errorf("environment %s: package %s is not in Debian %s; fix packages in %s", s.Name, m[1], s.Debian, s.Path)
		}
		return fmt.Errorf("environment %s: installing packages failed: %w (check the package names exist in %s)", s.Name, err, s.Debian)
	}
	if err := bakeNLTKData(s, root); err != nil {
		return err
	}
	// Mount points must exist in the image: a read-only root cannot get them
	// later (the sandbox backend binds onto them).
	for _, d := range []string{"kaggle/input", "kaggle/working", "erosion/in", "erosion/out"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	for _, junk := range []string{"var/lib/apt/lists", "var/cache/apt/archives"} {
		entries, _ := filepath.Glob(filepath.Join(root, junk, "*"))
		for _, e := range entries {
			if filepath.Base(e) != "partial" && filepath.Base(e) != "lock" {
				os.RemoveAll(e)
			}
		}
	}
	return nil
}

// Pack streams the root filesystem as a tarball (what `docker import`
// takes). Call wait after consuming the reader.
func Pack(ctx context.Context, root string) (r io.ReadCloser, wait func() error, err error) {
	cmd := exec.CommandContext(ctx, "tar", "--numeric-owner", "--xattrs", "-C", root, "-cf", "-", ".")
	tail := &tailBuffer{max: 2048}
	cmd.Stderr = tail
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("packing %s: %w", root, err)
	}
	return out, func() error {
		if err := cmd.Wait(); err != nil {
			return fmt.Errorf("packing %s: %w: %s", root, err, tail.String())
		}
		return nil
	}, nil
}

var unknownPackage = regexp.MustCompile(`Unable to locate package (\S+)`)

func (s *Spec) mirror() string {
	if s.Mirror != "" {
		return s.Mirror
	}
	return os.Getenv("EROSION_DEBIAN_MIRROR")
}

func run(ctx context.Context, log io.Writer, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	tail := &tailBuffer{max: 4096}
	cmd.Stdout = io.MultiWriter(log, tail)
	cmd.Stderr = io.MultiWriter(log, tail)
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("%s exited with %d; last output: %s", name, ee.ExitCode(), strings.TrimSpace(tail.String()))
		}
		return err
	}
	return nil
}

// tailBuffer keeps the last max bytes written, for error messages.
type tailBuffer struct {
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	lines := strings.Split(strings.TrimSpace(string(t.buf)), "\n")
	if len(lines) > 6 {
		lines = lines[len(lines)-6:]
	}
	return strings.Join(lines, " | ")
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// BuildLogged ensures the rootfs (see EnsureRootfs), logging the build to a
// file beside it and its progress to slog.
func BuildLogged(ctx context.Context, s *Spec, cacheDir string, force bool) (string, error) {
	logPath := filepath.Join(cacheDir, "envs", s.CacheKey()+".build.log")
	if err := os.MkdirAll(filepath.Dir(logPath), 0o755); err != nil {
		return "", err
	}
	lf, err := os.Create(logPath)
	if err != nil {
		return "", err
	}
	defer lf.Close()
	if _, err := os.Stat(RootfsDir(cacheDir, s)); (err != nil || force) && s.Kind() == KindDebian {
		slog.Info("building environment with debootstrap (minutes)", "env", s.Name, "suite", s.Debian, "log", logPath)
	}
	start := time.Now()
	root, built, err := EnsureRootfs(ctx, s, cacheDir, force, lf)
	if err != nil {
		return "", fmt.Errorf("%w (full log: %s)", err, logPath)
	}
	if built {
		slog.Info("rootfs built with debootstrap", "env", s.Name, "suite", s.Debian, "took", time.Since(start).Round(time.Second), "log", logPath)
	}
	return root, nil
}
