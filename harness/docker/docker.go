// Package docker is the Docker execution backend: one fresh, locked-down
// container per run, through the moby client.
package docker

import (
	"archive/tar"
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
	// FromRegistry makes debian environments with `docker build` from
	// debian:<suite> instead of debootstrap (a Docker that reaches a
	// registry, a host without debootstrap).
	FromRegistry bool
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

// Name implements harness.Driver.
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
func (b *Backend) Import(ctx context.Context, tarball io.Reader, ref string, labels map[string]string) error {
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
	rc, err := b.cli.ImageImport(ctx, client.ImageImportSource{Source: tarball, SourceName: "-"}, ref, client.ImageImportOptions{Changes: changes})
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
func containerUser() string {
	if uid := os.Getuid(); uid != 0 {
		return fmt.Sprintf("%d:%d", uid, os.Getgid())
	}
	return "1000:1000"
}

// tmpfsOpts sizes a scratch tmpfs: bytes and inodes (files) both capped.
func tmpfsOpts(bytes, files int64) string {
	return fmt.Sprintf("rw,nosuid,nodev,size=%d,nr_inodes=%d", bytes, max(files, 1024))
}

// Start implements harness.Driver: one fresh container, no network, no
// capabilities, read-only root, non-root user, limits on memory, pids and
// CPU, scratch space capped in bytes and files. The runner's supervisor is
// the container's PID 1 (no init of Docker's): it keeps the deadline even if
// this process dies, and the notebook cannot signal it.
func (b *Backend) Start(ctx context.Context, s harness.Spec) (harness.Proc, error) {
	mounts := []mount.Mount{
		{Type: mount.TypeBind, Source: s.In, Target: "/erosion/in", ReadOnly: true},
		{Type: mount.TypeBind, Source: s.Working, Target: "/kaggle/working"},
		// /tmp and /var/tmp are folders of the run, capped with /kaggle/working.
		{Type: mount.TypeBind, Source: filepath.Join(s.Scratch, "tmp"), Target: "/tmp"},
		{Type: mount.TypeBind, Source: filepath.Join(s.Scratch, "var-tmp"), Target: "/var/tmp"},
	}
	for _, bind := range s.Binds {
		mounts = append(mounts, mount.Mount{Type: mount.TypeBind, Source: bind.Source, Target: bind.Target, ReadOnly: true})
	}
	lim := s.Limits
	cfg := &container.Config{
		Image:           s.Image,
		Cmd:             s.Args,
		User:            containerUser(),
		WorkingDir:      "/kaggle/working",
		Env:             s.Env,
		NetworkDisabled: true,
		AttachStdout:    true,
		AttachStderr:    true,
		Labels:          map[string]string{LabelOwner: b.owner(), LabelRun: s.ID},
	}
	hc := &container.HostConfig{
		NetworkMode:    "none",
		ReadonlyRootfs: true,
		CapDrop:        []string{"ALL"},
		SecurityOpt:    []string{"no-new-privileges"},
		Init:           ptr(false),
		IpcMode:        "private",
		Tmpfs: map[string]string{
			"/dev/shm": tmpfsOpts(1<<30, 4096),
		},
		Mounts: mounts,
		// Output written past the runner (its own stderr) is small; cap the
		// daemon's copy anyway.
		LogConfig: container.LogConfig{Type: "json-file", Config: map[string]string{"max-size": "1m", "max-file": "1"}},
		Resources: container.Resources{
			Memory:     lim.MemoryBytes,
			MemorySwap: lim.MemoryBytes, // equal to Memory: no swap
			PidsLimit:  ptr(lim.Pids),
			NanoCPUs:   int64(lim.CPUs * 1e9),
			Ulimits:    []*container.Ulimit{{Name: "core", Soft: 0, Hard: 0}},
		},
	}
	if s.GPU != "" {
		hc.DeviceRequests = []container.DeviceRequest{GPURequest(s.GPU)}
	}
	// Creating, attaching and starting are not cancelled half-way: a create
	// the client gives up on may still happen in the daemon, and such a
	// container would be left behind. Execute stops and removes it instead.
	bg := context.WithoutCancel(ctx)
	created, err := b.cli.ContainerCreate(bg, client.ContainerCreateOptions{Config: cfg, HostConfig: hc, Name: "erosion-" + s.ID})
	if err != nil {
		if cerrdefs.IsNotFound(err) {
			return nil, fmt.Errorf("%w: docker image %s is missing: build it with `erosion envs build`", harness.ErrUnrecoverable, s.Image)
		}
		return nil, fmt.Errorf("docker: creating the container: %w", err)
	}
	p := &proc{b: b, id: created.ID}
	// Attach before start, so that no line of the record stream is missed.
	att, err := b.cli.ContainerAttach(bg, p.id, client.ContainerAttachOptions{Stream: true, Stdout: true, Stderr: true})
	if err != nil {
		p.Remove(bg)
		return nil, fmt.Errorf("docker: attaching to the container: %w", err)
	}
	outR, outW := io.Pipe()
	errR, errW := io.Pipe()
	p.stdout, p.stderr, p.att = outR, errR, att.HijackedResponse
	go func() {
		_, err := stdcopy.StdCopy(outW, errW, att.Reader)
		outW.CloseWithError(err)
		errW.CloseWithError(err)
	}()
	p.wait = b.cli.ContainerWait(bg, p.id, client.ContainerWaitOptions{Condition: container.WaitConditionNextExit})
	if _, err := b.cli.ContainerStart(bg, p.id, client.ContainerStartOptions{}); err != nil {
		p.Remove(bg)
		if isNoGPURuntime(err) {
			return nil, fmt.Errorf("%w: GPU %s was requested but this Docker host has no GPU runtime (%v): install the NVIDIA Container Toolkit and restart dockerd, or run without --gpus", harness.ErrUnrecoverable, s.GPU, err)
		}
		return nil, fmt.Errorf("docker: starting the container: %w", err)
	}
	return p, nil
}

// proc is one container.
type proc struct {
	b              *Backend
	id             string
	att            client.HijackedResponse
	stdout, stderr io.Reader
	wait           client.ContainerWaitResult
	removed        bool
}

func (p *proc) Stdout() io.Reader { return p.stdout }
func (p *proc) Stderr() io.Reader { return p.stderr }

func (p *proc) Wait(ctx context.Context) (harness.Exit, error) {
	var x harness.Exit
	select {
	case w := <-p.wait.Result:
		x.Code = int(w.StatusCode)
	case err := <-p.wait.Error:
		return x, fmt.Errorf("docker: waiting for the container: %w", err)
	case <-ctx.Done():
		return x, ctx.Err()
	}
	if insp, err := p.b.cli.ContainerInspect(ctx, p.id, client.ContainerInspectOptions{}); err == nil && insp.Container.State != nil {
		x.OOMKilled = insp.Container.State.OOMKilled
	}
	return x, nil
}

func (p *proc) Stop(ctx context.Context) error {
	_, err := p.b.cli.ContainerKill(ctx, p.id, client.ContainerKillOptions{Signal: "KILL"})
	return err
}

func (p *proc) Remove(ctx context.Context) error {
	if p.removed {
		return nil
	}
	p.removed = true
	if p.att.Conn != nil {
		p.att.Close()
	}
	_, err := p.b.cli.ContainerRemove(ctx, p.id, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true})
	return err
}

// GPURequest asks for one GPU by device ID, as `docker run --gpus device=ID`.
func GPURequest(id string) container.DeviceRequest {
	return container.DeviceRequest{DeviceIDs: []string{id}, Capabilities: [][]string{{"gpu"}}}
}

// isNoGPURuntime recognises the daemon's answer when no GPU driver is
// installed: "could not select device driver "" with capabilities: [[gpu]]".
func isNoGPURuntime(err error) bool {
	return strings.Contains(err.Error(), "could not select device driver")
}

func (b *Backend) owner() string { return b.host + ":" + strconv.Itoa(os.Getpid()) }

// Reap implements harness.Driver: it removes containers left behind by
// erosion processes on this host that are no longer alive (a kill -9, a crashed node). Live harnesses' containers
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

func ptr[T any](v T) *T { return &v }

// Ensure makes sure the environment's image exists: a cache hit when the
// daemon has it; else its source makes it (envs.Source: a debian rootfs
// streamed into `docker import` or built from debian:<suite>, a pinned
// image pulled, a python environment built from its Dockerfile). It
// returns the image reference.
func (b *Backend) Ensure(ctx context.Context, s *envs.Spec, cacheDir string, force bool) (string, error) {
	if s.Kind() == envs.KindImage {
		force = false // a pinned image never changes: nothing to rebuild
	}
	if !force {
		ref, ok, err := b.Lookup(ctx, s, cacheDir)
		if err != nil {
			return "", fmt.Errorf("environment %s: %w", s.Name, err)
		}
		if ok {
			slog.Info("environment is built (cache hit)", "env", s.Name, "image", ref)
			return ref, nil
		}
	}
	o := envs.MakeOptions{CacheDir: cacheDir, Force: force, FromRegistry: b.FromRegistry}
	if err := s.Source().MakeImage(ctx, maker{b}, s, o); err != nil {
		return "", err
	}
	slog.Info("environment image made", "env", s.Name, "image", s.ImageRef())
	return s.ImageRef(), nil
}

// maker is the Backend as an envs.ImageMaker.
type maker struct{ b *Backend }

func (m maker) Import(ctx context.Context, tar io.Reader, ref string, labels map[string]string) error {
	return m.b.Import(ctx, tar, ref, labels)
}
func (m maker) Pull(ctx context.Context, ref, env string) error { return m.b.pull(ctx, ref, env) }
func (m maker) Build(ctx context.Context, dockerfile []byte, ref string, labels map[string]string, hint string) error {
	return m.b.build(ctx, dockerfile, ref, labels, hint)
}
func (m maker) Remove(ctx context.Context, ref string) error { return m.b.Remove(ctx, ref) }

// Lookup returns the environment's image reference and whether the daemon
// has it.
func (b *Backend) Lookup(ctx context.Context, s *envs.Spec, _ string) (string, bool, error) {
	ok, err := b.HasImage(ctx, s.ImageRef())
	if err == nil && !ok && s.Kind() == envs.KindImage {
		// A pinned image brought in as a tar (ImportTar).
		if local, lerr := b.HasImage(ctx, envs.LocalImageRef(s)); lerr == nil && local {
			return envs.LocalImageRef(s), true, nil
		}
	}
	return s.ImageRef(), ok, err
}

// ImportTar imports a tar of a container's root filesystem (`docker
// export`) as environment s's local image (envs.LocalImageRef), for pinned
// images this daemon cannot pull. It returns what was read.
func (b *Backend) ImportTar(ctx context.Context, s *envs.Spec, tarPath string) (envs.TarSource, error) {
	in, err := envs.OpenTar(tarPath)
	if err != nil {
		return envs.TarSource{}, err
	}
	defer in.Close()
	ref := envs.LocalImageRef(s)
	labels := map[string]string{"org.erosion.env": s.Name, "org.erosion.digest": s.Digest(), "org.erosion.from-tar": filepath.Base(tarPath)}
	if err := b.Import(ctx, in, ref, labels); err != nil {
		b.cli.ImageRemove(context.WithoutCancel(ctx), ref, client.ImageRemoveOptions{Force: true})
		return envs.TarSource{}, fmt.Errorf("environment %s: %w", s.Name, err)
	}
	io.Copy(io.Discard, in)
	return in.Source(), nil
}

// pull fetches a pinned image; where no registry answers it says how to
// bring the image in by hand.
func (b *Backend) pull(ctx context.Context, ref, env string) error {
	slog.Info("pulling pinned image", "env", env, "image", ref)
	resp, err := b.cli.ImagePull(ctx, ref, client.ImagePullOptions{})
	if err == nil {
		err = resp.Wait(ctx)
	}
	if err != nil {
		return fmt.Errorf("environment %s: cannot pull %s (%v): no registry is reachable from this Docker daemon; pull it on a machine that has access, `docker save` it, and `docker load` it here", env, ref, oneLine(err))
	}
	return nil
}

// build runs `docker build` on a generated Dockerfile (a python
// environment's, or a debian one's from debian:<suite>); its FROM image
// needs a registry (or a local copy). hint says what to do when it cannot
// be fetched.
func (b *Backend) build(ctx context.Context, dockerfile []byte, ref string, labels map[string]string, hint string) error {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: "Dockerfile", Mode: 0o644, Size: int64(len(dockerfile)), ModTime: time.Unix(0, 0)})
	tw.Write(dockerfile)
	tw.Close()
	env := labels["org.erosion.env"]
	slog.Info("building environment with docker build", "env", env, "image", ref)
	res, err := b.cli.ImageBuild(ctx, &buf, client.ImageBuildOptions{Tags: []string{ref}, Remove: true, ForceRemove: true, Labels: labels})
	if err != nil {
		return fmt.Errorf("environment %s: docker build: %v", env, oneLine(err))
	}
	defer res.Body.Close()
	// Build errors arrive inside the JSON stream, not as err.
	dec := json.NewDecoder(res.Body)
	for {
		var msg struct {
			Error string `json:"error"`
		}
		if err := dec.Decode(&msg); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("environment %s: docker build: %w", env, err)
		}
		if msg.Error != "" {
			h := ""
			if strings.Contains(msg.Error, "pull access") || strings.Contains(msg.Error, "no such host") || strings.Contains(msg.Error, "dial tcp") || strings.Contains(msg.Error, "not found") {
				h = "; " + hint
			}
			return fmt.Errorf("environment %s: docker build failed: %s%s", env, oneLine(errors.New(msg.Error)), h)
		}
	}
}

// Size is the image's size in bytes.
func (b *Backend) Size(ctx context.Context, ref string) int64 {
	insp, err := b.cli.ImageInspect(ctx, ref)
	if err != nil {
		return 0
	}
	return insp.Size
}

// Remove deletes an environment image.
func (b *Backend) Remove(ctx context.Context, ref string) error {
	_, err := b.cli.ImageRemove(ctx, ref, client.ImageRemoveOptions{Force: true, PruneChildren: true})
	return err
}

// Images lists the images erosion built (erosion-env:*).
func (b *Backend) Images(ctx context.Context) ([]string, error) {
	list, err := b.cli.ImageList(ctx, client.ImageListOptions{Filters: client.Filters{}.Add("reference", "erosion-env")})
	if err != nil {
		return nil, err
	}
	var refs []string
	for _, im := range list.Items {
		refs = append(refs, im.RepoTags...)
	}
	return refs, nil
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
