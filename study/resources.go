package study

import (
	"fmt"
	"math"
	"time"

	"github.com/docker/go-units"

	"erosion/harness"
)

// Resources are how runs are executed as a command line or config file
// spells them: how many at once, the retries, and each run's limits, with
// sizes as text (8GiB). Limits checks them.
type Resources struct {
	Workers      int
	Timeout      time.Duration // 0: the dataset's time limit
	Memory       string        // e.g. 8GiB
	Pids         int64
	CPUs         float64
	Retries      int
	WorkingCap   string // e.g. 2GiB
	WorkingFiles int64
}

// Limits are the runs' limits: harness.DefaultLimits with the sizes and
// counts of r. A bad value is a UsageError naming its flag, found before
// a backend is contacted.
func (r Resources) Limits() (harness.Limits, error) {
	switch {
	case r.Workers < 1:
		return harness.Limits{}, usage(fmt.Errorf("--workers %d: give at least 1", r.Workers))
	case r.Timeout < 0 || (r.Timeout > 0 && r.Timeout < time.Second):
		return harness.Limits{}, usage(fmt.Errorf("--timeout %s: give a duration of at least 1s, e.g. 600s", r.Timeout))
	case r.Pids < 1:
		return harness.Limits{}, usage(fmt.Errorf("--pids %d: give at least 1", r.Pids))
	case math.IsNaN(r.CPUs) || math.IsInf(r.CPUs, 0) || r.CPUs <= 0:
		return harness.Limits{}, usage(fmt.Errorf("--cpus %v: give a positive number, e.g. 2", r.CPUs))
	case r.Retries < 0:
		return harness.Limits{}, usage(fmt.Errorf("--retries %d: give 0 or more", r.Retries))
	case r.WorkingFiles < 1:
		return harness.Limits{}, usage(fmt.Errorf("--working-files %d: give at least 1", r.WorkingFiles))
	}
	mem, err := units.RAMInBytes(r.Memory)
	if err != nil || mem < 64<<20 {
		return harness.Limits{}, usage(fmt.Errorf("--memory %q: give a size of at least 64MiB, e.g. 4GiB", r.Memory))
	}
	wcap, err := units.RAMInBytes(r.WorkingCap)
	if err != nil || wcap < 1<<20 {
		return harness.Limits{}, usage(fmt.Errorf("--working-cap %q: give a size of at least 1MiB, e.g. 2GiB", r.WorkingCap))
	}
	lim := harness.DefaultLimits
	lim.MemoryBytes, lim.Pids, lim.CPUs, lim.WorkingCap, lim.WorkingFiles = mem, r.Pids, r.CPUs, wcap, r.WorkingFiles
	return lim, nil
}
