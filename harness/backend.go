// Package harness executes notebooks: it turns (notebook, environment)
// pairs into jobs, hands them to an execution backend, classifies what
// happened, and journals one record per finished run.
package harness

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"erosion/harness/runner"
)

// Backend runs one job in an isolated environment. Implementations: Docker
// (harness/docker). An error means the backend could not run the job at all
// (infrastructure); whatever the notebook did is in the Execution.
type Backend interface {
	Name() string
	Run(ctx context.Context, job Job) (*Execution, error)
}

// Job is one notebook execution as a backend sees it.
type Job struct {
	ID      string   // unique per run; names the container
	Image   string   // environment image (Docker) or rootfs (sandbox)
	Cells   []string // code cells' sources, in order
	Inputs  []Input  // data folders mounted read-only under /kaggle/input
	Dir     string   // host folder for this run: in/, out/, working/ live here
	Timeout time.Duration
	Limits  Limits
	GPU     string // GPU device ID to expose ("" = none)
	// StopOnError stops at the first failing cell instead of going on.
	StopOnError bool
}

// Input is a folder of competition data, seen at /kaggle/input/<Slug> and,
// for old kernels that read ../input/train.csv, flattened into /kaggle/input.
type Input struct {
	Slug string
	Dir  string
}

// Limits bound what one run may use.
type Limits struct {
	MemoryBytes int64
	Pids        int64
	CPUs        float64
	OutputCap   int   // characters of stdout/stderr kept per cell
	WorkingCap  int64 // bytes a run may write to /kaggle/working
}

// DefaultLimits are generous enough for Kaggle-sized notebooks.
var DefaultLimits = Limits{MemoryBytes: 8 << 30, Pids: 1024, CPUs: 2, OutputCap: 64 << 10, WorkingCap: 2 << 30}

// Execution is what a backend observed.
type Execution struct {
	Result    *runner.Result // nil when the runner wrote nothing
	TimedOut  bool
	OOMKilled bool
	// OutputExceeded: the run wrote more than Limits.WorkingCap and was stopped.
	OutputExceeded bool
	ExitCode       int
	Duration       time.Duration
	Stderr         string // tail of the runner's own stderr (crash messages)
	Worker         string // host that ran it
}

// ErrUnrecoverable marks backend errors that every other job would hit too
// (no GPU runtime, a missing image): the harness stops instead of retrying.
var ErrUnrecoverable = errors.New("cannot run any notebook")

// RunnerArgs is the runner's command line inside the environment, the same
// for every backend.
func RunnerArgs(job Job) []string {
	args := []string{"python3", "/erosion/in/runner.py",
		"--cells", "/erosion/in/cells.json", "--out", "/erosion/out",
		"--workdir", "/kaggle/working", "--output-cap", strconv.Itoa(job.Limits.OutputCap)}
	if job.StopOnError {
		args = append(args, "--stop-on-error")
	}
	return args
}

// RunnerEnv is the runner's environment inside the sandbox, the same for
// every backend. Thread pools (OpenMP, BLAS) are sized to the run's CPU
// limit: a container sees every host core, and libraries that start one
// thread per core under a smaller CPU quota slow down many times over.
func RunnerEnv(job Job) []string {
	n := strconv.Itoa(max(1, int(job.Limits.CPUs)))
	return append(slices.Clone(runnerEnv), "OMP_NUM_THREADS="+n, "OPENBLAS_NUM_THREADS="+n, "MKL_NUM_THREADS="+n)
}

var runnerEnv = []string{"HOME=/tmp", "MPLBACKEND=Agg", "PYTHONUNBUFFERED=1", "LANG=C.UTF-8",
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"KAGGLE_KERNEL_RUN_TYPE=Batch", "KAGGLE_URL_BASE=https://www.kaggle.com"}

// RunDirs is a run's host folder layout: In (runner and cells, read-only
// inside), Out (what the runner writes), Working (/kaggle/working).
type RunDirs struct{ In, Out, Working string }

// Prepare lays out job.Dir for a run. open makes Out and Working writable by
// any user, for a container user that is not the folder's owner.
func Prepare(job Job, open bool) (RunDirs, error) {
	d := RunDirs{filepath.Join(job.Dir, "in"), filepath.Join(job.Dir, "out"), filepath.Join(job.Dir, "working")}
	for _, p := range []string{d.In, d.Out, d.Working} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			return d, err
		}
		if open && p != d.In {
			if err := os.Chmod(p, 0o777); err != nil {
				return d, err
			}
		}
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

// Bind is a read-only host folder or file seen at Target inside the run.
type Bind struct{ Source, Target string }

// InputBinds places each data folder at /kaggle/input/<slug> and its entries
// again directly under /kaggle/input, where kernels before 2019 read them
// (../input/train.csv from /kaggle/working).
func InputBinds(inputs []Input) []Bind {
	var bs []Bind
	taken := map[string]bool{}
	for _, in := range inputs {
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
	return bs
}

// WatchSize calls exceeded once if the files under dir grow past limit,
// checking every interval until ctx ends. It is how a run that fills the
// disk is stopped: bind-mounted folders have no quota of their own.
func WatchSize(ctx context.Context, dir string, limit int64, interval time.Duration, exceeded func()) {
	if limit <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if DirSize(dir) > limit {
				exceeded()
				return
			}
		}
	}
}

// DirSize is the total size of the regular files under dir.
func DirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
