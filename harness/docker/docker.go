// Package docker is the Docker execution backend: one fresh, locked-down
// container per run, through the moby client.
package docker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/client"

	"erosion/harness"
	"erosion/harness/envs"
	"erosion/harness/runner"
)

// Labels put on every container erosion starts, so that the leftovers of a
// killed harness can be found and removed.
const (
	LabelOwner = "org.erosion.owner" // "<host>:<pid>" of the harness process
	LabelRun   = "org.erosion.run"
)

// Backend runs jobs in Docker containers.
type Backend struct {
	cli  *client.Client
	host string
}

// Connect opens a client from the environment (DOCKER_HOST etc.) and checks
// that a daemon answers.
func Connect(ctx context.Context) (*Backend, error) {
	cli, err := client.New(client.FromEnv)
	if err != nil {
		return nil, fmt.Errorf("docker: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := cli.Ping(pctx, client.PingOptions{}); err != nil {
		cli.Close()
		return nil, &UnreachableError{Host: cli.DaemonHost(), Err: err}
	}
	host, _ := os.Hostname()
	return &Backend{cli: cli, host: host}, nil
}

// UnreachableError says no Docker daemon answered.
type UnreachableError struct {
	Host string
	Err  error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("no Docker daemon answers at %s: start it (e.g. `dockerd &` or `systemctl start docker`) or point DOCKER_HOST at one", e.Host)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// Close releases the client.
func (b *Backend) Close() error { return b.cli.Close() }

// Name implements harness.Backend.
func (b *Backend) Name() string { return "docker" }

// HasImage reports whether the daemon has ref.
func (b *Backend) HasImage(ctx context.Context, ref string) (bool, error) {
	_, err := b.cli.ImageInspect(ctx, ref)
	if cerrdefs.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

// Import creates image ref from a rootfs tarball. A tarball carries no image
// config, so the runtime defaults are set here.
func (b *Backend) Import(ctx context.Context, tarball, ref string, labels map[string]string) error {
	f, err := os.Open(tarball)
	if err != nil {
		return err
	}
	defer f.Close()
	changes := []string{
		"ENV LANG=C.UTF-8",
		"ENV HOME=/tmp",
		"ENV MPLBACKEND=Agg",
		"ENV PYTHONDONTWRITEBYTECODE=1",
		"WORKDIR /kaggle/working",
		`CMD ["python3"]`,
	}
	for k, v := range labels {
		changes = append(changes, "LABEL "+k+"="+strconv.Quote(v))
	}
	rc, err := b.cli.ImageImport(ctx, client.ImageImportSource{Source: f, SourceName: "-"}, ref, client.ImageImportOptions{Changes: changes})
	if err != nil {
		return fmt.Errorf("docker import %s: %w", ref, err)
	}
	defer rc.Close()
	// The daemon reports failures inside the JSON stream.
	dec := json.NewDecoder(rc)
	for {
		var msg struct {
			Error string `json:"error"`
		}
		if err := dec.Decode(&msg); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("docker import %s: %w", ref, err)
		}
		if msg.Error != "" {
			return fmt.Errorf("docker import %s: %s", ref, msg.Error)
		}
	}
}

// containerUser is who runs the notebook: never root. When erosion runs as a
// normal user, its uid keeps the files of /kaggle/working removable by it.
func containerUser() (string, bool) {
	if uid := os.Getuid(); uid != 0 {
		return fmt.Sprintf("%d:%d", uid, os.Getgid()), false
	}
	return "1000:1000", true
}

// Run implements harness.Backend.
func (b *Backend) Run(ctx context.Context, job harness.Job) (*harness.Execution, error) {
	user, shared := containerUser()
	inDir, outDir, workDir, err := prepare(job, shared)
	if err != nil {
		return nil, err
	}
	mounts := []mount.Mount{
		{Type: mount.TypeBind, Source: inDir, Target: "/erosion/in", ReadOnly: true},
		{Type: mount.TypeBind, Source: outDir, Target: "/erosion/out"},
		{Type: mount.TypeBind, Source: workDir, Target: "/kaggle/working"},
	}
	mounts = append(mounts, inputMounts(job.Inputs)...)
	cmd := []string{"python3", "/erosion/in/runner.py",
		"--cells", "/erosion/in/cells.json", "--result", "/erosion/out/result.json",
		"--workdir", "/kaggle/working", "--output-cap", strconv.Itoa(job.Limits.OutputCap)}
	cfg := &container.Config{
		Image:           job.Image,
		Cmd:             cmd,
		User:            user,
		WorkingDir:      "/kaggle/working",
		Env:             []string{"HOME=/tmp", "MPLBACKEND=Agg", "PYTHONUNBUFFERED=1", "KAGGLE_KERNEL_RUN_TYPE=Batch", "KAGGLE_URL_BASE=https://www.kaggle.com"},
		NetworkDisabled: true,
		Labels:          map[string]string{LabelOwner: b.owner(), LabelRun: job.ID},
	}
	hc := &container.HostConfig{
		NetworkMode:    "none",
		ReadonlyRootfs: true,
		CapDrop:        []string{"ALL"},
		SecurityOpt:    []string{"no-new-privileges"},
		Init:           ptr(true),
		Tmpfs:          map[string]string{"/tmp": "rw,nosuid,nodev,size=2g", "/var/tmp": "rw,nosuid,nodev,size=256m"},
		ShmSize:        1 << 30,
		Mounts:         mounts,
		Resources: container.Resources{
			Memory:     job.Limits.MemoryBytes,
			MemorySwap: job.Limits.MemoryBytes, // equal to Memory: no swap
			PidsLimit:  ptr(job.Limits.Pids),
			NanoCPUs:   int64(job.Limits.CPUs * 1e9),
		},
	}
	created, err := b.cli.ContainerCreate(ctx, client.ContainerCreateOptions{Config: cfg, HostConfig: hc, Name: "erosion-" + job.ID})
	if err != nil {
		if cerrdefs.IsNotFound(err) {
			return nil, fmt.Errorf("docker: image %s is missing: build it with `erosion envs build`", job.Image)
		}
		return nil, fmt.Errorf("docker: creating the container: %w", err)
	}
	id := created.ID
	// Removal must happen even when ctx was cancelled (Ctrl-C).
	defer b.cli.ContainerRemove(context.WithoutCancel(ctx), id, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true})

	wait := b.cli.ContainerWait(ctx, id, client.ContainerWaitOptions{Condition: container.WaitConditionNextExit})
	start := time.Now()
	if _, err := b.cli.ContainerStart(ctx, id, client.ContainerStartOptions{}); err != nil {
		return nil, fmt.Errorf("docker: starting the container: %w", err)
	}
	ex := &harness.Execution{Worker: b.host}
	timer := time.NewTimer(job.Timeout)
	defer timer.Stop()
	select {
	case w := <-wait.Result:
		ex.ExitCode = int(w.StatusCode)
	case err := <-wait.Error:
		return nil, fmt.Errorf("docker: waiting for the container: %w", err)
	case <-timer.C:
		ex.TimedOut = true
		ex.ExitCode = b.kill(ctx, id, wait)
	case <-ctx.Done():
		b.kill(context.WithoutCancel(ctx), id, wait)
		return nil, ctx.Err()
	}
	ex.Duration = time.Since(start)
	if insp, err := b.cli.ContainerInspect(context.WithoutCancel(ctx), id, client.ContainerInspectOptions{}); err == nil && insp.Container.State != nil {
		ex.OOMKilled = insp.Container.State.OOMKilled
	}
	ex.Stderr = b.stderrTail(context.WithoutCancel(ctx), id)
	res, err := runner.ReadResult(filepath.Join(outDir, "result.json"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	ex.Result = res
	return ex, nil
}

func (b *Backend) kill(ctx context.Context, id string, wait client.ContainerWaitResult) int {
	b.cli.ContainerKill(ctx, id, client.ContainerKillOptions{Signal: "KILL"})
	select {
	case w := <-wait.Result:
		return int(w.StatusCode)
	case <-wait.Error:
	case <-time.After(30 * time.Second):
	}
	return 137
}

func (b *Backend) stderrTail(ctx context.Context, id string) string {
	rc, err := b.cli.ContainerLogs(ctx, id, client.ContainerLogsOptions{ShowStderr: true, Tail: "40"})
	if err != nil {
		return ""
	}
	defer rc.Close()
	var stdout, stderr bytes.Buffer
	stdcopy.StdCopy(&stdout, &stderr, io.LimitReader(rc, 1<<20))
	return strings.TrimSpace(stderr.String())
}

func (b *Backend) owner() string { return b.host + ":" + strconv.Itoa(os.Getpid()) }

// Reap removes containers left behind by erosion processes on this host that
// are no longer alive (a kill -9, a crashed node). Live harnesses' containers
// are left alone, so several erosion workers can share one daemon.
func (b *Backend) Reap(ctx context.Context) (int, error) {
	list, err := b.cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: client.Filters{}.Add("label", LabelOwner)})
	if err != nil {
		return 0, fmt.Errorf("docker: listing leftover containers: %w", err)
	}
	n := 0
	for _, c := range list.Items {
		host, pidStr, _ := strings.Cut(c.Labels[LabelOwner], ":")
		pid, _ := strconv.Atoi(pidStr)
		if host != b.host || pid == os.Getpid() || alive(pid) {
			continue
		}
		if _, err := b.cli.ContainerRemove(ctx, c.ID, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true}); err == nil {
			n++
		}
	}
	return n, nil
}

func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// prepare lays out the run folder: in/ (runner and cells, read-only in the
// container), out/ (the result), working/ (/kaggle/working).
func prepare(job harness.Job, shared bool) (in, out, work string, err error) {
	in, out, work = filepath.Join(job.Dir, "in"), filepath.Join(job.Dir, "out"), filepath.Join(job.Dir, "working")
	for _, d := range []string{in, out, work} {
		if err = os.MkdirAll(d, 0o755); err != nil {
			return
		}
		if shared && d != in {
			// The container user (1000) is not the owner (root).
			if err = os.Chmod(d, 0o777); err != nil {
				return
			}
		}
	}
	if err = os.WriteFile(filepath.Join(in, "runner.py"), runner.Source, 0o644); err != nil {
		return
	}
	cells, _ := json.Marshal(runner.Input{Cells: job.Cells})
	err = os.WriteFile(filepath.Join(in, "cells.json"), cells, 0o644)
	return
}

// inputMounts binds each data folder at /kaggle/input/<slug> and its entries
// again directly under /kaggle/input, where kernels before 2019 read them.
func inputMounts(inputs []harness.Input) []mount.Mount {
	var ms []mount.Mount
	taken := map[string]bool{}
	for _, in := range inputs {
		taken[in.Slug] = true
		ms = append(ms, mount.Mount{Type: mount.TypeBind, Source: in.Dir, Target: "/kaggle/input/" + in.Slug, ReadOnly: true})
	}
	for _, in := range inputs {
		entries, _ := os.ReadDir(in.Dir)
		for _, e := range entries {
			if taken[e.Name()] {
				continue
			}
			taken[e.Name()] = true
			ms = append(ms, mount.Mount{Type: mount.TypeBind, Source: filepath.Join(in.Dir, e.Name()), Target: "/kaggle/input/" + e.Name(), ReadOnly: true})
		}
	}
	return ms
}

func ptr[T any](v T) *T { return &v }

// Ensure makes sure the environment's image exists: a cache hit when the
// daemon has it, an import when the rootfs tarball is cached, a debootstrap
// build otherwise. It returns the image reference.
func (be *Backend) Ensure(ctx context.Context, s *envs.Spec, cacheDir string, force bool) (string, error) {
	ref := s.ImageRef()
	if !force {
		ok, err := be.HasImage(ctx, ref)
		if err != nil {
			return "", fmt.Errorf("environment %s: %w", s.Name, err)
		}
		if ok {
			slog.Info("environment is built (cache hit)", "env", s.Name, "image", ref)
			return ref, nil
		}
	}
	dir := filepath.Join(cacheDir, "envs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tarball := filepath.Join(dir, s.Name+"-"+s.Digest()[len("sha256:"):][:16]+".tar")
	if _, err := os.Stat(tarball); err != nil || force {
		logPath := tarball + ".log"
		lf, err := os.Create(logPath)
		if err != nil {
			return "", err
		}
		defer lf.Close()
		slog.Info("building environment with debootstrap", "env", s.Name, "suite", s.Debian, "log", logPath)
		start := time.Now()
		if err := envs.BuildRootfs(ctx, s, tarball, io.Writer(lf)); err != nil {
			return "", fmt.Errorf("%w (full log: %s)", err, logPath)
		}
		slog.Info("rootfs built", "env", s.Name, "took", time.Since(start).Round(time.Second))
	}
	labels := map[string]string{"org.erosion.env": s.Name, "org.erosion.digest": s.Digest(), "org.erosion.debian": s.Debian}
	if err := be.Import(ctx, tarball, ref, labels); err != nil {
		return "", fmt.Errorf("environment %s: %w", s.Name, err)
	}
	slog.Info("environment imported", "env", s.Name, "image", ref)
	return ref, nil
}
