package envs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// BuildRootfs makes the environment's root filesystem with debootstrap and
// apt, then packs it as a tarball at out (what `docker import` takes). It
// needs root and the debootstrap, unshare, chroot and tar commands.
//
// debootstrap installs a minimal base; the package list is then installed by
// apt inside the rootfs, which unlike debootstrap resolves virtual packages.
func BuildRootfs(ctx context.Context, s *Spec, out string, log io.Writer) error {
	if os.Geteuid() != 0 {
		return fmt.Errorf("building environment %s needs root (debootstrap, chroot): run erosion as root or with sudo", s.Name)
	}
	for _, tool := range []string{"debootstrap", "unshare", "chroot", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("building environment %s needs %s: install it (apt-get install debootstrap)", s.Name, tool)
		}
	}
	work, err := os.MkdirTemp(filepath.Dir(out), ".build-"+s.Name+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	root := filepath.Join(work, "rootfs")

	args := []string{"--variant=minbase", s.Debian, root}
	if m := s.mirror(); m != "" {
		args = append(args, m)
	}
	if err := run(ctx, log, "debootstrap", args...); err != nil {
		return fmt.Errorf("environment %s: debootstrap %s failed: %w (is the suite name right and the Debian mirror reachable? set mirror: or EROSION_DEBIAN_MIRROR)", s.Name, s.Debian, err)
	}
	// apt in a private mount namespace with /proc, so nothing stays mounted
	// on the host if the build is interrupted.
	script := fmt.Sprintf(`set -e
mount -t proc proc %[1]s/proc
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
chroot %[1]s apt-get update -q
chroot %[1]s apt-get install -y -q --no-install-recommends %[2]s
chroot %[1]s apt-get clean
umount %[1]s/proc
`, shellQuote(root), strings.Join(s.Packages, " "))
	if err := run(ctx, log, "unshare", "--mount", "--fork", "sh", "-c", script); err != nil {
		return fmt.Errorf("environment %s: installing packages failed: %w (check the package names exist in %s)", s.Name, err, s.Debian)
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
	tmp := out + ".tmp"
	if err := run(ctx, log, "tar", "--numeric-owner", "--xattrs", "-C", root, "-cf", tmp, "."); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("environment %s: packing the rootfs: %w", s.Name, err)
	}
	return os.Rename(tmp, out)
}

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
	if len(lines) > 3 {
		lines = lines[len(lines)-3:]
	}
	return strings.Join(lines, " | ")
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
