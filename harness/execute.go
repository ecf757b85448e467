package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"erosion/harness/runner"
)

// Execution is what one run did, as the harness observed it.
type Execution struct {
	Result    *runner.Result // what the runner's supervisor reported (never nil)
	TimedOut  bool
	OOMKilled bool
	// OutputExceeded: the run wrote more bytes or files to /kaggle/working
	// than its limits allow and was stopped.
	OutputExceeded bool
	ExitCode       int
	Duration       time.Duration
	Log            string   // the supervisor's stderr and the kernel's own output (tails)
	Removed        []string // links and special files taken out of working/ after the run
	Worker         string   // host that ran it
}

// DeadlineGrace is how much longer than the run's timeout the runner's own
// supervisor waits before it kills everything by itself: the harness's
// timer normally fires first; the supervisor's ends the run when no harness
// is left to (a kill -9, a lost node).
const DeadlineGrace = 15 * time.Second

// runDirs is a run's host folder layout: in/ (the runner and the cells,
// read-only inside), working/ (/kaggle/working) and scratch/ (tmp/ and
// var-tmp/, seen as /tmp and /var/tmp, watched with working/ so that their
// bytes and files are capped too; removed after the run).
type runDirs struct{ In, Working, Scratch string }

// prepare lays out job.Dir for a run. Working is writable by any user: the
// notebook runs as a user that does not own it.
func prepare(job Job) (runDirs, error) {
	d := runDirs{filepath.Join(job.Dir, "in"), filepath.Join(job.Dir, "working"), filepath.Join(job.Dir, "scratch")}
	for _, p := range []string{d.In, d.Working} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			return d, err
		}
	}
	if err := os.Chmod(d.Working, 0o777); err != nil {
		return d, err
	}
	if err := MakeScratch(d.Scratch); err != nil {
		return d, err
	}
	if err := os.WriteFile(filepath.Join(d.In, "runner.py"), runner.Source, 0o644); err != nil {
		return d, err
	}
	in := runner.Input{Cells: job.Cells}
	if in.Cells == nil {
		in.Cells = []string{} // an empty notebook, not a missing list
	}
	cells, err := json.Marshal(in)
	if err != nil {
		return d, err
	}
	return d, os.WriteFile(filepath.Join(d.In, "cells.json"), cells, 0o644)
}

// MakeScratch lays out a Spec.Scratch folder: tmp/ and var-tmp/, which a
// driver mounts as /tmp and /var/tmp, sticky and writable by any user (the
// code inside runs as a user that does not own them).
func MakeScratch(dir string) error {
	for _, t := range []string{"tmp", "var-tmp"} {
		p := filepath.Join(dir, t)
		if err := os.MkdirAll(p, 0o755); err != nil {
			return err
		}
		if err := os.Chmod(p, 0o1777); err != nil {
			return err
		}
	}
	return nil
}

// Layout prepares job.Dir and returns the driver's view of the job (for
// Execute, and for tests that drive a Driver directly).
func Layout(job Job) (Spec, error) {
	d, err := prepare(job)
	if err != nil {
		return Spec{}, err
	}
	return specFor(job, d)
}

// specFor is the driver's view of a job laid out in d.
func specFor(job Job, d runDirs) (Spec, error) {
	binds, err := InputBinds(job.Inputs)
	if err != nil {
		return Spec{}, err
	}
	opts := runner.Options{
		CellsPath: "/erosion/in/cells.json", Workdir: "/kaggle/working", OutputCap: job.Limits.OutputCap,
		DeadlineS: (job.Timeout + DeadlineGrace).Seconds(), StopOnError: job.StopOnError,
		MaxFileBytes: job.Limits.WorkingCap, MaxOpenFiles: job.Limits.OpenFiles,
	}
	return Spec{
		ID: job.ID, Image: job.Image, In: d.In, Working: d.Working, Scratch: d.Scratch, Binds: binds,
		Args: runner.Args("/erosion/in/runner.py", opts), Env: RunnerEnv(job.Limits), Limits: job.Limits, GPU: job.GPU,
	}, nil
}

// Execute runs one job on driver d and supervises it: the wall-clock
// timeout, the caps on what it may write, cancellation (ctx: the sandbox is
// stopped and removed, and ctx's error returned), and the record stream.
// An error means the backend could not run the job at all (infrastructure);
// whatever the notebook did is in the Execution.
func Execute(ctx context.Context, d Driver, job Job) (*Execution, error) {
	if job.Timeout <= 0 {
		return nil, fmt.Errorf("%w: a run needs a positive timeout", ErrUnrecoverable)
	}
	dirs, err := prepare(job)
	if err != nil {
		return nil, err
	}
	spec, err := specFor(job, dirs)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	p, err := d.Start(ctx, spec)
	if err != nil {
		return nil, err
	}
	// Removal must happen even when ctx was cancelled (Ctrl-C).
	bg := context.WithoutCancel(ctx)
	defer p.Remove(bg)

	col := runner.NewCollector(len(job.Cells), job.Limits.OutputCap)
	stderr := &Tail{Max: 16 << 10}
	var readers sync.WaitGroup
	readers.Go(func() { col.Collect(p.Stdout()) })
	readers.Go(func() { io.Copy(stderr, p.Stderr()) })

	type waited struct {
		exit Exit
		err  error
	}
	done := make(chan waited, 1)
	go func() {
		x, err := p.Wait(bg)
		done <- waited{x, err}
	}()
	ex := &Execution{}
	ex.Worker, _ = os.Hostname()
	timer := time.NewTimer(job.Timeout)
	defer timer.Stop()
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	overflow := make(chan struct{})
	// /kaggle/working, /tmp and /var/tmp share the caps.
	go WatchWorking(wctx, []string{dirs.Working, dirs.Scratch}, job.Limits, time.Second, func() { close(overflow) })
	defer os.RemoveAll(dirs.Scratch)

	var w waited
	select {
	case w = <-done:
	case <-timer.C:
		ex.TimedOut = true
		p.Stop(bg)
		w = <-done
	case <-overflow:
		ex.OutputExceeded = true
		p.Stop(bg)
		w = <-done
	case <-ctx.Done():
		p.Stop(bg)
		<-done
		return nil, ctx.Err()
	}
	stopWatch()
	ex.Duration = time.Since(start)
	if w.err != nil {
		return nil, w.err
	}
	ex.ExitCode, ex.OOMKilled = w.exit.Code, w.exit.OOMKilled
	// The streams end with the sandbox; a leftover that holds them open
	// (it should not: the sandbox is gone) cannot keep the harness waiting.
	streamsDone := make(chan struct{})
	go func() { readers.Wait(); close(streamsDone) }()
	select {
	case <-streamsDone:
	case <-time.After(30 * time.Second):
	}
	ex.Result = col.Result()
	if ex.Result.Deadline {
		ex.TimedOut = true
	}
	ex.Log = strings.TrimSpace(stderr.String())
	if t := strings.TrimSpace(ex.Result.LogTail); t != "" {
		ex.Log = strings.TrimSpace(ex.Log + "\n" + t)
	}
	return ex, nil
}

// InputBinds places each data folder at /kaggle/input/<slug> and its entries
// again directly under /kaggle/input, where kernels before 2019 read them
// (../input/train.csv from /kaggle/working). A data folder holding anything
// but regular files and folders is refused: a bind mount would follow a
// link to wherever it points.
func InputBinds(inputs []Input) ([]Bind, error) {
	var bs []Bind
	taken := map[string]bool{}
	for _, in := range inputs {
		st, err := os.Lstat(in.Dir)
		if err != nil || !st.IsDir() {
			return nil, fmt.Errorf("%w: data folder %s is not a folder (a symbolic link is not accepted)", ErrUnrecoverable, in.Dir)
		}
		if err := onlyRegular(in.Dir); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnrecoverable, err)
		}
		taken[in.Slug] = true
		bs = append(bs, Bind{in.Dir, "/kaggle/input/" + in.Slug})
	}
	for _, in := range inputs {
		entries, _ := os.ReadDir(in.Dir)
		for _, e := range entries {
			if taken[e.Name()] {
				continue
			}
			taken[e.Name()] = true
			bs = append(bs, Bind{filepath.Join(in.Dir, e.Name()), "/kaggle/input/" + e.Name()})
		}
	}
	return bs, nil
}

func onlyRegular(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !d.Type().IsRegular() {
			return fmt.Errorf("data folder %s holds %s, which is not a regular file (symbolic links are not accepted in competition data)", dir, p)
		}
		return nil
	})
}

// WatchWorking calls exceeded once if what the run wrote to dirs grows past
// the limits (bytes or files), checking every interval until ctx ends:
// bind-mounted folders have no quota of their own. (The kernel's
// RLIMIT_FSIZE bounds any one file in between.)
func WatchWorking(ctx context.Context, dirs []string, lim Limits, interval time.Duration, exceeded func()) {
	if lim.WorkingCap <= 0 && lim.WorkingFiles <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			var bytes, files int64
			for _, dir := range dirs {
				b, f := Usage(dir, lim.WorkingFiles+1)
				bytes, files = bytes+b, files+f
			}
			if (lim.WorkingCap > 0 && bytes > lim.WorkingCap) || (lim.WorkingFiles > 0 && files > lim.WorkingFiles) {
				exceeded()
				return
			}
		}
	}
}

// Usage is the bytes of regular files and the number of entries under dir,
// counting stopped at stopAt entries (0: no stop).
func Usage(dir string, stopAt int64) (bytes, files int64) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		files++
		if stopAt > 0 && files >= stopAt {
			return filepath.SkipAll
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				bytes += info.Size()
			}
		}
		return nil
	})
	return bytes, files
}

// DirSize is the total size of the regular files under dir.
func DirSize(dir string) int64 {
	b, _ := Usage(dir, 0)
	return b
}

// Tail keeps the last Max bytes written to it.
type Tail struct {
	mu  sync.Mutex
	Max int
	buf []byte
}

func (t *Tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.Max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.Max:]...)
	}
	return len(p), nil
}

func (t *Tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
