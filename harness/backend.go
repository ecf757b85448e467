// Package harness executes notebooks: it turns (notebook, environment)
// pairs into jobs, hands them to an execution backend, classifies what
// happened, and journals one record per finished run.
package harness

import (
	"context"
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
	OutputCap   int // characters of stdout/stderr kept per cell
}

// DefaultLimits are generous enough for Kaggle-sized notebooks.
var DefaultLimits = Limits{MemoryBytes: 8 << 30, Pids: 1024, CPUs: 2, OutputCap: 64 << 10}

// Execution is what a backend observed.
type Execution struct {
	Result    *runner.Result // nil when the runner wrote nothing
	TimedOut  bool
	OOMKilled bool
	ExitCode  int
	Duration  time.Duration
	Stderr    string // tail of the runner's own stderr (crash messages)
	Worker    string // host that ran it
}
