package envs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Environments that erosion cannot build itself — an image: pinned by
// digest on a machine without registry access, such as Kaggle's own image —
// can be made from a tar of a container's root filesystem, written on a
// machine that has the image:
//
//	docker create --name k gcr.io/kaggle-images/python@sha256:…
//	docker export k > kaggle-cpu.tar
//
// and brought here. `erosion envs build --from-tar kaggle-cpu.tar kaggle-cpu`
// unpacks it into the spec's rootfs cache entry (sandbox backend) or
// imports it as the spec's local image (Docker backend). The tar carries no
// proof that it is the pinned image: its sha256 is recorded beside the
// environment (FromTarFile), and the inventory read inside it says what it
// holds.

// FromTarFile records, beside an environment built from a tar, which tar.
const FromTarFile = "from-tar.json"

// TarSource is what FromTarFile holds.
type TarSource struct {
	Tar      string    `json:"tar"`
	SHA256   string    `json:"sha256"`
	Bytes    int64     `json:"bytes"`
	Unpacked time.Time `json:"unpacked_at"`
}

// LocalImageRef is the Docker reference under which an environment built
// from a tar is imported: the one erosion gives every environment it builds.
func LocalImageRef(s *Spec) string { return "erosion-env:" + s.ShortDigest() }

// RecordTarSource writes FromTarFile into the environment's cache entry.
func RecordTarSource(cacheDir string, s *Spec, src TarSource) error {
	dir := filepath.Join(cacheDir, "envs", s.CacheKey())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	data, _ := json.MarshalIndent(src, "", "  ")
	return os.WriteFile(filepath.Join(dir, FromTarFile), append(data, '\n'), 0o644)
}

// HashingReader passes a file through while hashing it.
type HashingReader struct {
	f    *os.File
	h    io.Writer
	sum  func() string
	n    int64
	path string
}

// OpenTar opens a tar for reading and hashing.
func OpenTar(path string) (*HashingReader, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(abs)
	if err != nil {
		return nil, fmt.Errorf("--from-tar %s: %w", path, err)
	}
	h := sha256.New()
	return &HashingReader{f: f, h: h, path: abs, sum: func() string { return hex.EncodeToString(h.Sum(nil)) }}, nil
}

func (r *HashingReader) Read(p []byte) (int, error) {
	n, err := r.f.Read(p)
	r.h.Write(p[:n])
	r.n += int64(n)
	return n, err
}

// Close closes the file.
func (r *HashingReader) Close() error { return r.f.Close() }

// Source is what was read: the tar's path, sha256 and size.
func (r *HashingReader) Source() TarSource {
	return TarSource{Tar: r.path, SHA256: r.sum(), Bytes: r.n, Unpacked: time.Now().UTC()}
}

// UnpackRootfs makes environment s's root filesystem from a tar of a
// container's filesystem (`docker export`), into s's rootfs cache entry,
// replacing an existing one only when force is set. Device nodes under
// /dev are skipped (the sandbox gives each run its own /dev); the mount
// points the sandbox binds onto are created (a read-only root cannot get
// them later). The tar must hold a Python: the runner needs usr/bin/python3.
func UnpackRootfs(ctx context.Context, s *Spec, cacheDir, tarPath string, force bool) (string, error) {
	dir := RootfsDir(cacheDir, s)
	if _, err := os.Stat(dir); err == nil && !force {
		return "", fmt.Errorf("environment %s already has a root filesystem (%s): pass --rebuild to replace it with the tar's", s.Name, dir)
	}
	in, err := OpenTar(tarPath)
	if err != nil {
		return "", err
	}
	defer in.Close()
	final := filepath.Dir(dir)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return "", err
	}
	work, err := os.MkdirTemp(filepath.Dir(final), ".build-"+s.CacheKey()+"-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	root := filepath.Join(work, "rootfs")
	if err := os.Mkdir(root, 0o755); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "tar", "--numeric-owner", "--anchored", "--exclude=dev/*", "--exclude=./dev/*", "-xf", "-", "-C", root)
	cmd.Stdin = in
	tail := &tailBuffer{max: 2048}
	cmd.Stdout, cmd.Stderr = tail, tail
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("environment %s: unpacking %s: %v: %s (is it a tar from `docker export`?)", s.Name, tarPath, err, tail.String())
	}
	// Read what the reader did not (tar may stop at its end-of-archive
	// blocks): the recorded digest is the whole file's.
	if _, err := io.Copy(io.Discard, in); err != nil {
		return "", err
	}
	if st, err := os.Lstat(filepath.Join(root, "usr", "bin", "python3")); err != nil || st.IsDir() {
		return "", fmt.Errorf("environment %s: %s has no usr/bin/python3: erosion's runner needs a Python 3 in the image", s.Name, tarPath)
	}
	for _, d := range []string{"kaggle/input", "kaggle/working", "erosion/in", "erosion/out", "dev", "proc", "tmp"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return "", err
		}
	}
	if force {
		os.RemoveAll(final)
	}
	if err := os.MkdirAll(final, 0o755); err != nil {
		return "", err
	}
	if err := os.Rename(root, dir); err != nil {
		return "", fmt.Errorf("environment %s: %w", s.Name, err)
	}
	return dir, RecordTarSource(cacheDir, s, in.Source())
}
