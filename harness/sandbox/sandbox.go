// Package sandbox is the execution backend for machines without a Docker
// daemon: bubblewrap over the environment's root filesystem, with the same
// limits as the Docker backend (no network, no capabilities, read-only root,
// non-root user, a seccomp filter, memory/pids/CPU through cgroups, scratch
// space capped, the runner's supervisor as PID 1).
//
// The sandbox never runs as host root. When erosion runs as root, bwrap is
// started as an unprivileged host user (nobody) after the run's folders are
// bind-mounted, in a private mount namespace, at a staging place that user
// can reach; the notebook's uid inside maps to that user outside.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"erosion/harness"
	"erosion/harness/envs"
)

// Backend runs jobs with bwrap; a job's Image is a rootfs folder.
type Backend struct {
	bwrap string
	warn  sync.Once
}

// New finds bwrap (and, as root, setpriv, which drops to the sandbox user).
func New() (*Backend, error) {
	p, err := exec.LookPath("bwrap")
	if err != nil {
		return nil, fmt.Errorf("the sandbox backend needs bubblewrap: install it (apt-get install bubblewrap) or use --backend docker")
	}
	if os.Getuid() == 0 {
		for _, tool := range []string{"setpriv", "mount"} {
			if _, err := exec.LookPath(tool); err != nil {
				return nil, fmt.Errorf("the sandbox backend run as root needs %s (util-linux) to drop to an unprivileged user: install util-linux or use --backend docker", tool)
			}
		}
	}
	return &Backend{bwrap: p}, nil
}

// Name implements harness.Driver.
func (b *Backend) Name() string { return "sandbox" }

// Lookup returns the environment's rootfs when it is built.
func (b *Backend) Lookup(_ context.Context, s *envs.Spec, cacheDir string) (string, bool, error) {
	dir := envs.RootfsDir(cacheDir, s)
	_, err := os.Stat(dir)
	return dir, err == nil, nil
}

// Ensure builds the environment's rootfs unless the cache has it.
func (b *Backend) Ensure(ctx context.Context, s *envs.Spec, cacheDir string, force bool) (string, error) {
	return envs.BuildLogged(ctx, s, cacheDir, force)
}

// Size is the rootfs's size in bytes.
func (b *Backend) Size(_ context.Context, ref string) int64 { return harness.DirSize(ref) }

// Reap implements harness.Driver. A sandbox dies with the process that
// started it (--die-with-parent) and its supervisor keeps its own deadline;
// what can be left are the cgroups of runs whose harness was killed.
func (b *Backend) Reap(context.Context) (int, error) { return reapCgroups(), nil }

// SandboxUID is who the notebook runs as inside.
const SandboxUID = 1000

// hostUser is who the sandbox is outside when erosion runs as root.
const hostUser = 65534

// Args is the bwrap command line for a spec whose folders are seen at root,
// in, working and binds (their staged paths when run as root).
func Args(s harness.Spec, root, in, working, scratch string, binds []harness.Bind, seccompFD int) []string {
	a := []string{
		"--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--as-pid-1",
		"--cap-drop", "ALL", "--uid", strconv.Itoa(SandboxUID), "--gid", strconv.Itoa(SandboxUID),
		"--ro-bind", root, "/",
		"--proc", "/proc", "--dev", "/dev", "--size", strconv.Itoa(1 << 30), "--tmpfs", "/dev/shm",
		// /tmp and /var/tmp are folders of the run, capped with
		// /kaggle/working (bwrap cannot cap a tmpfs's files).
		"--bind", filepath.Join(scratch, "tmp"), "/tmp", "--bind", filepath.Join(scratch, "var-tmp"), "/var/tmp",
		// The root is read-only, so mount points for the data are made in a
		// tmpfs, which is then made read-only too.
		"--tmpfs", "/kaggle/input",
	}
	for _, bind := range binds {
		a = append(a, "--ro-bind", bind.Source, bind.Target)
	}
	a = append(a, "--remount-ro", "/kaggle/input",
		"--ro-bind", in, "/erosion/in",
		"--bind", working, "/kaggle/working",
		"--chdir", "/kaggle/working", "--clearenv", "--setenv", "PATH", harness.SandboxPath)
	for _, kv := range s.Env {
		k, v, _ := strings.Cut(kv, "=")
		a = append(a, "--setenv", k, v)
	}
	if s.GPU != "" {
		for _, dev := range gpuDevices(s.GPU) {
			a = append(a, "--dev-bind", dev, dev)
		}
	}
	if seccompFD > 0 {
		a = append(a, "--seccomp", strconv.Itoa(seccompFD))
	}
	return append(append(a, "--"), s.Args...)
}

// gpuDevices are the NVIDIA device nodes one GPU needs.
func gpuDevices(id string) []string {
	devs := []string{"/dev/nvidia" + id, "/dev/nvidiactl", "/dev/nvidia-uvm", "/dev/nvidia-uvm-tools"}
	var out []string
	for _, d := range devs {
		if _, err := os.Stat(d); err == nil {
			out = append(out, d)
		}
	}
	return out
}

// The shim runs first, as the caller: it moves itself into the run's
// cgroup (so no process of the run is ever outside it), as root it
// bind-mounts the run's folders at the staging place (in its private mount
// namespace) and drops to the unprivileged user, then it becomes bwrap.
const shim = `set -e
for f in $EROSION_CGROUP_PROCS; do echo $$ > "$f" || exit 97; done
while [ "$1" != "--" ]; do mount --bind "$1" "$2" || exit 98; shift 2; done
shift
exec "$@"`

// Start implements harness.Driver.
func (b *Backend) Start(ctx context.Context, s harness.Spec) (harness.Proc, error) {
	if _, err := os.Stat(filepath.Join(s.Image, "usr", "bin", "python3")); err != nil {
		return nil, fmt.Errorf("%w: %s is not an environment rootfs (no usr/bin/python3): build it with `erosion envs build --backend sandbox`", harness.ErrUnrecoverable, s.Image)
	}
	if s.GPU != "" {
		if _, err := os.Stat("/dev/nvidia" + s.GPU); err != nil {
			return nil, fmt.Errorf("%w: GPU %s was requested but /dev/nvidia%s does not exist: this host has no NVIDIA driver; run without --gpus", harness.ErrUnrecoverable, s.GPU, s.GPU)
		}
	}
	p := &proc{}
	ok := false
	defer func() {
		if !ok {
			p.Remove(context.WithoutCancel(ctx))
		}
	}()
	filter, err := seccompFilter()
	if err != nil {
		return nil, fmt.Errorf("%w: sandbox: %v", harness.ErrUnrecoverable, err)
	}
	root, in, working, scratch, binds := s.Image, s.In, s.Working, s.Scratch, s.Binds
	var mounts []string // pairs for the shim
	asRoot := os.Getuid() == 0
	if asRoot {
		stage, err := os.MkdirTemp("", "erosion-sandbox-")
		if err != nil {
			return nil, err
		}
		p.stage = stage
		if err := os.Chmod(stage, 0o755); err != nil {
			return nil, err
		}
		place := func(src, name string) (string, error) {
			dst := filepath.Join(stage, name)
			st, err := os.Stat(src)
			if err != nil {
				return "", err
			}
			if st.IsDir() {
				err = os.Mkdir(dst, 0o755)
			} else {
				err = os.WriteFile(dst, nil, 0o644)
			}
			mounts = append(mounts, src, dst)
			return dst, err
		}
		if root, err = place(root, "root"); err != nil {
			return nil, err
		}
		if in, err = place(in, "in"); err != nil {
			return nil, err
		}
		if working, err = place(working, "working"); err != nil {
			return nil, err
		}
		if scratch, err = place(scratch, "tmp"); err != nil {
			return nil, err
		}
		binds = nil
		for i, bd := range s.Binds {
			src, err := place(bd.Source, fmt.Sprintf("input-%d", i))
			if err != nil {
				return nil, err
			}
			binds = append(binds, harness.Bind{Source: src, Target: bd.Target})
		}
	}

	cg, cgErr := newCgroup("run-"+s.ID, s.Limits)
	if cgErr == nil {
		p.cg = cg
	} else {
		b.warn.Do(func() {
			slog.Warn("sandbox: cgroups are not writable here; memory is limited by address space only and processes are not limited (run as root for full limits)", "err", cgErr)
		})
	}
	// The seccomp program is handed to bwrap as fd 3 (the first extra file).
	fr, fw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	if _, err := fw.Write(filter); err != nil {
		fr.Close()
		fw.Close()
		return nil, err
	}
	fw.Close()
	defer fr.Close()

	cmdline := []string{b.bwrap}
	if asRoot {
		cmdline = []string{"setpriv", "--reuid=" + strconv.Itoa(hostUser), "--regid=" + strconv.Itoa(hostUser),
			"--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", b.bwrap}
	}
	if cgErr != nil {
		cmdline = append([]string{"prlimit", "--as=" + strconv.FormatInt(s.Limits.MemoryBytes, 10), "--"}, cmdline...)
	}
	args := append([]string{"-c", shim, "erosion-shim"}, mounts...)
	args = append(args, "--")
	args = append(args, cmdline...)
	args = append(args, Args(s, root, in, working, scratch, binds, 3)...)
	cmd := exec.Command("sh", args...)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"}
	if cgErr == nil {
		cmd.Env = append(cmd.Env, "EROSION_CGROUP_PROCS="+strings.Join(cg.procFiles(), " "))
	}
	cmd.ExtraFiles = []*os.File{fr}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if asRoot {
		// A private mount namespace for the staging binds (Go makes the
		// new namespace's mounts private, so nothing leaks to the host).
		cmd.SysProcAttr.Unshareflags = syscall.CLONE_NEWNS
	}
	// Plain pipes, not exec's: the harness reads them to their end while
	// Wait runs, and exec's own pipes are closed by Wait.
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	err = cmd.Start()
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return nil, fmt.Errorf("sandbox: starting bwrap: %w", err)
	}
	p.cmd, p.stdout, p.stderr, p.files = cmd, outR, &errTail{r: errR}, []*os.File{outR, errR}
	ok = true
	return p, nil
}

// proc is one bwrap sandbox.
type proc struct {
	cmd    *exec.Cmd
	cg     *cgroup
	stage  string
	stdout io.Reader
	stderr *errTail
	files  []*os.File
	once   sync.Once
}

func (p *proc) Stdout() io.Reader { return p.stdout }
func (p *proc) Stderr() io.Reader { return p.stderr }

func (p *proc) Wait(ctx context.Context) (harness.Exit, error) {
	var x harness.Exit
	err := p.cmd.Wait()
	x.Code = exitCode(err)
	if p.cg != nil {
		x.OOMKilled = p.cg.oomKilled()
	}
	switch {
	case x.Code == 97 && p.cg != nil:
		return x, fmt.Errorf("sandbox: could not join the run's cgroup: %s", p.stderr.String())
	case x.Code == 98:
		return x, fmt.Errorf("sandbox: could not stage the run's folders: %s", p.stderr.String())
	case strings.HasPrefix(p.stderr.String(), "bwrap:"):
		// bwrap itself failed (a bad bind, no user namespaces): not the notebook.
		return x, fmt.Errorf("sandbox: %s", strings.TrimSpace(p.stderr.String()))
	}
	return x, nil
}

func (p *proc) Stop(context.Context) error {
	if p.cg != nil {
		p.cg.killAll()
	}
	if p.cmd != nil && p.cmd.Process != nil {
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	}
	return nil
}

func (p *proc) Remove(ctx context.Context) error {
	p.once.Do(func() {
		p.Stop(ctx)
		if p.cg != nil {
			p.cg.remove()
		}
		for _, f := range p.files {
			f.Close()
		}
		if p.stage != "" {
			// The binds lived in the shim's mount namespace, gone with it:
			// what is left are empty mount points.
			os.RemoveAll(p.stage)
		}
	})
	return nil
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	return -1
}

// errTail passes the sandbox's stderr on to the harness and remembers its
// beginning (bwrap's own errors come first).
type errTail struct {
	r    io.Reader
	mu   sync.Mutex
	head []byte
}

func (t *errTail) Read(b []byte) (int, error) {
	n, err := t.r.Read(b)
	t.mu.Lock()
	if room := 4096 - len(t.head); room > 0 {
		t.head = append(t.head, b[:min(n, room)]...)
	}
	t.mu.Unlock()
	return n, err
}

func (t *errTail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.head)
}
