// Package grader runs external graders (grading/external) on the execution
// backends: each grading gets one fresh, throw-away sandbox of its grading
// environment, started through the same driver as the notebooks' runs
// (harness.Driver: Docker or bubblewrap), so it has their isolation — no
// network, no capabilities, a read-only root, an unprivileged user, memory,
// pids and CPU limits, a capped scratch space — and sees, read-only, only
// the submission and the answers.
package grader

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"erosion/grading/external"
	"erosion/harness"
)

// Sandbox implements external.Sandbox over a harness.Driver.
type Sandbox struct {
	Driver harness.Driver
	// Image resolves a grading environment's name to what Driver runs (an
	// image reference or a rootfs folder); it fails, saying how to build
	// it, when the environment is not built.
	Image func(ctx context.Context, env string) (string, error)
	// TempDir holds each grading's empty folders ("" = the system's).
	TempDir string
}

// Scratch bounds what a grader may write to its /tmp (and /kaggle/working).
const (
	ScratchBytes = 1 << 30
	ScratchFiles = 10_000
)

// InputRoot is where a grader's files must be: under the folder each
// backend mounts inputs in (the sandbox backend can only create mount
// points there, on a read-only root).
const InputRoot = "/kaggle/input/"

// RunGrader implements external.Sandbox.
func (s *Sandbox) RunGrader(ctx context.Context, env string, argv []string, files []external.File, l external.Limits) (external.Output, error) {
	var out external.Output
	if len(argv) == 0 {
		return out, fmt.Errorf("grader: empty command")
	}
	binds := make([]harness.Bind, 0, len(files))
	for _, f := range files {
		if p := path.Clean(f.Path); !strings.HasPrefix(p, InputRoot) {
			return out, fmt.Errorf("grader: %s must be seen under %s", f.Path, InputRoot)
		}
		st, err := os.Lstat(f.HostPath)
		if err != nil || !st.Mode().IsRegular() {
			return out, fmt.Errorf("grader: %s is not a regular file", f.HostPath)
		}
		binds = append(binds, harness.Bind{Source: f.HostPath, Target: f.Path})
	}
	image, err := s.Image(ctx, env)
	if err != nil {
		return out, err
	}
	dir, err := os.MkdirTemp(s.TempDir, "erosion-grader-")
	if err != nil {
		return out, err
	}
	defer os.RemoveAll(dir)
	in, working, scratch := dir+"/in", dir+"/working", dir+"/scratch"
	if err := harness.MakeScratch(scratch); err != nil {
		return out, err
	}
	for p, mode := range map[string]os.FileMode{in: 0o755, working: 0o777} {
		if err := os.Mkdir(p, 0o755); err != nil {
			return out, err
		}
		// Writable by the sandbox's unprivileged user, whoever it is.
		if err := os.Chmod(p, mode); err != nil {
			return out, err
		}
	}
	lim := harness.Limits{MemoryBytes: l.MemoryBytes, Pids: int64(l.PIDs), CPUs: l.CPUs,
		WorkingCap: ScratchBytes, WorkingFiles: ScratchFiles, OpenFiles: 1024}
	id := make([]byte, 6)
	rand.Read(id)
	spec := harness.Spec{ID: "grader-" + hex.EncodeToString(id), Image: image, In: in, Working: working, Scratch: scratch,
		Binds: binds, Args: argv, Env: harness.RunnerEnv(lim), Limits: lim}

	p, err := s.Driver.Start(ctx, spec)
	if err != nil {
		return out, err
	}
	bg := context.WithoutCancel(ctx)
	defer p.Remove(bg)

	stdout, stderr := &tail{limit: l.OutputBytes}, &tail{limit: l.OutputBytes}
	var readers sync.WaitGroup
	readers.Go(func() { copyAll(stdout, p.Stdout()) })
	readers.Go(func() { copyAll(stderr, p.Stderr()) })
	type waited struct {
		exit harness.Exit
		err  error
	}
	done := make(chan waited, 1)
	go func() {
		x, err := p.Wait(bg)
		done <- waited{x, err}
	}()
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	overflow := make(chan struct{})
	go harness.WatchWorking(wctx, []string{working, scratch}, lim, time.Second, func() { close(overflow) })
	// The caller's deadline normally ends a slow grader; this one holds
	// when the caller set none.
	timeout := l.Timeout
	if timeout <= 0 {
		timeout = external.DefaultTimeout
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()

	var w waited
	select {
	case w = <-done:
	case <-ctx.Done():
		p.Stop(bg)
		<-done
		return out, ctx.Err()
	case <-timer.C:
		p.Stop(bg)
		<-done
		return out, fmt.Errorf("the grader ran longer than %s", timeout)
	case <-overflow:
		p.Stop(bg)
		<-done
		return out, fmt.Errorf("the grader wrote more than %d MiB or %d files to its scratch space", ScratchBytes>>20, ScratchFiles)
	}
	if w.err != nil {
		return out, w.err
	}
	streams := make(chan struct{})
	go func() { readers.Wait(); close(streams) }()
	select {
	case <-streams:
	case <-time.After(30 * time.Second):
	}
	out.Stdout, out.Stderr = stdout.bytes(), stderr.bytes()
	out.Truncated = stdout.dropped || stderr.dropped
	out.ExitCode = w.exit.Code
	if w.exit.OOMKilled && out.ExitCode == 0 {
		out.ExitCode = 137
	}
	return out, nil
}

func copyAll(dst *tail, src interface{ Read([]byte) (int, error) }) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		dst.Write(buf[:n])
		if err != nil {
			return
		}
	}
}

// tail keeps the last limit bytes written to it (reports come last).
type tail struct {
	mu      sync.Mutex
	limit   int
	buf     []byte
	dropped bool
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if t.limit > 0 && len(t.buf) > 2*t.limit {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.limit:]...)
		t.dropped = true
	}
	return len(p), nil
}

func (t *tail) bytes() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.limit > 0 && len(t.buf) > t.limit {
		t.dropped = true
		return t.buf[len(t.buf)-t.limit:]
	}
	return t.buf
}
