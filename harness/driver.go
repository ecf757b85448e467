package harness

import (
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"time"
)

// Driver is an execution backend: how one run is started in a fresh,
// isolated sandbox, waited for, stopped and removed, and how a killed
// harness's leftovers are found. Docker (harness/docker) and bubblewrap
// (harness/sandbox) implement it. Everything else about a run — the
// deadline, the caps on what it writes, cancellation, reading its record
// stream, classifying and grading it — is Execute's, written once.
type Driver interface {
	Name() string
	// Start creates and starts the sandbox of one run. The sandbox's
	// stdout carries the runner's record stream.
	Start(ctx context.Context, s Spec) (Proc, error)
	// Reap removes what harness processes that are gone left behind.
	Reap(ctx context.Context) (int, error)
}

// Proc is one started sandbox.
type Proc interface {
	Stdout() io.Reader // the runner's record stream
	Stderr() io.Reader // the supervisor's own messages (Python's, before it runs)
	// Wait blocks until the sandbox has ended.
	Wait(ctx context.Context) (Exit, error)
	// Stop kills everything in the sandbox now; safe to call twice.
	Stop(ctx context.Context) error
	// Remove releases the sandbox (container, cgroup) after Wait.
	Remove(ctx context.Context) error
}

// Exit is how a sandbox ended.
type Exit struct {
	Code      int
	OOMKilled bool
}

// Spec is what a driver needs to start one run.
type Spec struct {
	ID      string   // unique per run; names the container or cgroup
	Image   string   // environment image (Docker) or rootfs folder (sandbox)
	In      string   // host folder seen read-only at /erosion/in (runner, cells)
	Working string   // host folder seen at /kaggle/working
	Scratch string   // host folder whose tmp/ and var-tmp/ are /tmp and /var/tmp (watched like Working)
	Binds   []Bind   // read-only inputs
	Args    []string // the runner's command line
	Env     []string // the runner's environment
	Limits  Limits
	GPU     string // GPU device ID to expose ("" = none)
}

// Job is one notebook execution as the harness hands it to Execute.
type Job struct {
	ID      string   // unique per run
	Image   string   // environment image (Docker) or rootfs (sandbox)
	Cells   []string // code cells' sources, in order
	Inputs  []Input  // data folders mounted read-only under /kaggle/input
	Dir     string   // host folder for this run: in/ and working/ live here
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

// Bind is a read-only host folder or file seen at Target inside the run.
type Bind struct{ Source, Target string }

// Limits bound what one run may use.
type Limits struct {
	MemoryBytes  int64
	Pids         int64
	CPUs         float64
	OutputCap    int   // characters of stdout/stderr kept per cell
	WorkingCap   int64 // bytes a run may write to /kaggle/working (and the size of /tmp)
	WorkingFiles int64 // files a run may create in /kaggle/working (and in /tmp)
	OpenFiles    int   // file descriptors the kernel may hold
}

// DefaultLimits are generous enough for Kaggle-sized notebooks.
var DefaultLimits = Limits{MemoryBytes: 8 << 30, Pids: 1024, CPUs: 2, OutputCap: 64 << 10,
	WorkingCap: 2 << 30, WorkingFiles: 20_000, OpenFiles: 4096}

// Validate says which limit makes no sense.
func (l Limits) Validate() error {
	switch {
	case l.MemoryBytes < 64<<20:
		return errors.New("memory limit below 64 MiB")
	case l.Pids < 1:
		return errors.New("pids limit must be at least 1")
	case !(l.CPUs > 0) || l.CPUs > 4096:
		return errors.New("CPUs must be a positive number")
	case l.WorkingCap < 1<<20:
		return errors.New("working-folder cap below 1 MiB")
	case l.WorkingFiles < 1:
		return errors.New("working-folder file cap must be at least 1")
	}
	return nil
}

// ErrUnrecoverable marks backend errors that every other job would hit too
// (no GPU runtime, a missing image): the harness stops instead of retrying.
var ErrUnrecoverable = errors.New("cannot run any notebook")

// RunnerEnv is the runner's environment inside the sandbox, the same for
// every backend. Thread pools (OpenMP, BLAS) are sized to the run's CPU
// limit: a container sees every host core, and libraries that start one
// thread per core under a smaller CPU quota slow down many times over.
func RunnerEnv(l Limits) []string {
	n := strconv.Itoa(max(1, int(l.CPUs)))
	return append(slices.Clone(runnerEnv), "OMP_NUM_THREADS="+n, "OPENBLAS_NUM_THREADS="+n, "MKL_NUM_THREADS="+n)
}

// PATH is left to the environment: an image's own (Kaggle's puts its conda
// first) or the container default; the sandbox, which clears the
// environment, sets SandboxPath.
var runnerEnv = []string{"HOME=/tmp", "MPLBACKEND=Agg", "PYTHONUNBUFFERED=1", "PYTHONDONTWRITEBYTECODE=1", "LANG=C.UTF-8",
	"KAGGLE_KERNEL_RUN_TYPE=Batch", "KAGGLE_URL_BASE=https://www.kaggle.com"}

// SandboxPath is PATH in a sandbox that starts from an empty environment:
// the Debian default, after the conda of a root filesystem exported from
// Kaggle's image.
const SandboxPath = "/opt/conda/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
