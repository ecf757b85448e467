// Package sandbox is the execution backend for machines without a Docker
// daemon: bubblewrap over the environment's root filesystem, with the same
// limits as the Docker backend (no network, no capabilities, read-only root,
// non-root user, memory/pids/CPU through cgroups, a wall-clock timeout).
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"erosion/harness"
	"erosion/harness/envs"
	"erosion/harness/runner"
)

// Backend runs jobs with bwrap; a job's Image is a rootfs folder.
type Backend struct {
	bwrap string
	host  string
	warn  sync.Once
}

// New finds bwrap.
func New() (*Backend, error) {
	p, err := exec.LookPath("bwrap")
	if err != nil {
		return nil, fmt.Errorf("the sandbox backend needs bubblewrap: install it (apt-get install bubblewrap) or use --backend docker")
	}
	host, _ := os.Hostname()
	return &Backend{bwrap: p, host: host}, nil
}

// Name implements harness.Backend.
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

// sandboxUID is who the notebook runs as inside; bwrap maps it to the caller.
const sandboxUID = "1000"

// Args is the bwrap command line for a job (exported for tests and for
// reproducing a run by hand).
func Args(job harness.Job, dirs harness.RunDirs) []string {
	a := []string{
		"--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
		"--uid", sandboxUID, "--gid", sandboxUID,
		"--ro-bind", job.Image, "/",
		"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/dev/shm",
		"--tmpfs", "/tmp", "--tmpfs", "/var/tmp",
		// The root is read-only, so mount points for the data are made in a
		// tmpfs, which is then made read-only too.
		"--tmpfs", "/kaggle/input",
	}
	for _, bind := range harness.InputBinds(job.Inputs) {
		a = append(a, "--ro-bind", bind.Source, bind.Target)
	}
	a = append(a, "--remount-ro", "/kaggle/input",
		"--ro-bind", dirs.In, "/erosion/in",
		"--bind", dirs.Out, "/erosion/out",
		"--bind", dirs.Working, "/kaggle/working",
		"--chdir", "/kaggle/working", "--clearenv")
	for _, kv := range harness.RunnerEnv(job) {
		k, v, _ := strings.Cut(kv, "=")
		a = append(a, "--setenv", k, v)
	}
	if job.GPU != "" {
		for _, dev := range gpuDevices(job.GPU) {
			a = append(a, "--dev-bind", dev, dev)
		}
	}
	return append(append(a, "--"), harness.RunnerArgs(job)...)
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

// Run implements harness.Backend.
func (b *Backend) Run(ctx context.Context, job harness.Job) (*harness.Execution, error) {
	if _, err := os.Stat(filepath.Join(job.Image, "usr", "bin", "python3")); err != nil {
		return nil, fmt.Errorf("%w: %s is not an environment rootfs (no usr/bin/python3): build it with `erosion envs build --backend sandbox`", harness.ErrUnrecoverable, job.Image)
	}
	if job.GPU != "" {
		if _, err := os.Stat("/dev/nvidia" + job.GPU); err != nil {
			return nil, fmt.Errorf("%w: GPU %s was requested but /dev/nvidia%s does not exist: this host has no NVIDIA driver; run without --gpus", harness.ErrUnrecoverable, job.GPU, job.GPU)
		}
	}
	dirs, err := harness.Prepare(job, false)
	if err != nil {
		return nil, err
	}
	name := "run-" + job.ID
	cg, cgErr := newCgroup(name, job.Limits)
	var cmd *exec.Cmd
	args := Args(job, dirs)
	if cgErr == nil {
		defer cg.remove()
		// The shell joins the cgroup before bwrap exists, so no process of
		// the run is ever outside it.
		shim := `for f in $EROSION_CGROUP_PROCS; do echo $$ > "$f" || exit 97; done; exec "$0" "$@"`
		cmd = exec.CommandContext(ctx, "sh", append([]string{"-c", shim, b.bwrap}, args...)...)
		cmd.Env = []string{"EROSION_CGROUP_PROCS=" + strings.Join(cg.procFiles(), " "), "PATH=/usr/sbin:/usr/bin:/sbin:/bin"}
	} else {
		b.warn.Do(func() {
			slog.Warn("sandbox: cgroups are not writable here; memory is limited by address space only and processes are not limited (run as root for full limits)", "err", cgErr)
		})
		cmd = exec.CommandContext(ctx, "prlimit", append([]string{"--as=" + strconv.FormatInt(job.Limits.MemoryBytes, 10), "--", b.bwrap}, args...)...)
		cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"}
	}
	stderr := &tail{max: 16 << 10}
	cmd.Stdout, cmd.Stderr = stderr, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	kill := func() {
		if cg != nil && cgErr == nil {
			cg.killAll()
		}
		if cmd.Process != nil {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	}
	cmd.Cancel = func() error { kill(); return nil }

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("sandbox: starting bwrap: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	ex := &harness.Execution{Worker: b.host}
	timer := time.NewTimer(job.Timeout)
	defer timer.Stop()
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	overflow := make(chan struct{})
	go harness.WatchSize(wctx, dirs.Working, job.Limits.WorkingCap, time.Second, func() { close(overflow) })
	var waitErr error
	select {
	case waitErr = <-done:
	case <-timer.C:
		ex.TimedOut = true
		kill()
		waitErr = <-done
	case <-overflow:
		ex.OutputExceeded = true
		kill()
		waitErr = <-done
	case <-ctx.Done():
		kill()
		<-done
		return nil, ctx.Err()
	}
	ex.Duration = time.Since(start)
	ex.ExitCode = exitCode(waitErr)
	ex.Stderr = strings.TrimSpace(stderr.String())
	if ex.ExitCode == 97 && cgErr == nil {
		return nil, fmt.Errorf("sandbox: could not join the run's cgroup: %s", ex.Stderr)
	}
	if cgErr == nil {
		ex.OOMKilled = cg.oomKilled()
	}
	res, err := runner.Read(dirs.Out)
	if err != nil {
		return nil, err
	}
	if res == nil && !ex.TimedOut && strings.HasPrefix(ex.Stderr, "bwrap:") {
		// bwrap itself failed (a bad bind, no user namespaces): not the notebook.
		return nil, fmt.Errorf("sandbox: %s", ex.Stderr)
	}
	ex.Result = res
	return ex, nil
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

// tail keeps the last max bytes written.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// Size is the rootfs's size in bytes.
func (b *Backend) Size(_ context.Context, ref string) int64 { return harness.DirSize(ref) }
