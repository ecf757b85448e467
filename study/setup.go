package study

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"erosion/buildinfo"
	"erosion/harness"
	"erosion/harness/backends"
	"erosion/results"
)

// Setup is how plans are executed on this machine: the backend, the results
// folder and the settings of every run. Open makes an Executor of it; Run
// runs a plan with one.
type Setup struct {
	Backend  string // auto (the default), docker or sandbox
	Results  string // the results folder
	Command  string // who writes the folder, named to a second writer
	CacheDir string // where built environments and their inventories are cached (default: DefaultCacheDir)
	// Reuse are results folders whose finished runs are reused when nothing
	// that determines a run changed (results.Cache).
	Reuse       []string
	Workers     int
	GPUs        []string
	Timeout     time.Duration // 0: the dataset's time_limit_s, else DefaultTimeout
	Limits      harness.Limits
	Retries     int
	StopOnError bool
	NoExecuted  bool
	Version     string // recorded with every run (default: buildinfo.Version)
	Progress    func(stage string) (p harness.Progress, done func())
	Out         io.Writer // where Run prints its summary (nil: nowhere)
}

// Open takes the results folder's writer lock, opens the backend and
// returns an executor; close releases both. A folder another writer holds
// and an unreadable reuse folder are UsageErrors.
func Open(ctx context.Context, s Setup) (x *Executor, close func(), err error) {
	folder, err := results.Open(s.Results, s.Command)
	if err != nil {
		return nil, nil, usage(err)
	}
	b, err := backends.Open(ctx, cmp.Or(s.Backend, "auto"))
	if err != nil {
		folder.Close()
		return nil, nil, err
	}
	var cache *results.Cache
	if len(s.Reuse) > 0 {
		if cache, err = results.LoadCache(s.Reuse); err != nil {
			backends.Close(b)
			folder.Close()
			return nil, nil, usage(err)
		}
	}
	x = &Executor{Backend: b, Results: folder, CacheDir: s.cacheDir(), Workers: s.Workers, GPUs: s.GPUs,
		Timeout: s.Timeout, Limits: s.Limits, Retries: s.Retries, StopOnError: s.StopOnError, NoExecuted: s.NoExecuted,
		Version: cmp.Or(s.Version, buildinfo.Version()), Progress: s.Progress, Cache: cache}
	return x, func() { backends.Close(b); folder.Close() }, nil
}

// Run executes a plan on this machine, prints its summary to s.Out and
// returns what it did. A folder that already holds runs is continued only
// with resume (else a UsageError); a cancelled run is an InterruptedError
// saying how many runs were recorded; runs the backend could not execute
// are an InfraError after the summary.
func (s Setup) Run(ctx context.Context, plan *Plan, resume bool) (Summary, error) {
	x, closeAll, err := Open(ctx, s)
	if err != nil {
		return Summary{}, err
	}
	defer closeAll()
	if !resume && x.Results.Count() > 0 {
		return Summary{}, usage(fmt.Errorf("results folder %s already holds %d runs: pass --resume to continue it, or choose another --results", s.Results, x.Results.Count()))
	}
	sum, err := x.Run(ctx, plan)
	slog.Info("run finished", "ran", sum.Ran, "reused", sum.Reused, "skipped", sum.Skipped, "confirmations", sum.Confirmations, "infra_failures", sum.Infra,
		"took", sum.Took.Round(time.Second), "results", s.Results)
	if err != nil {
		return sum, interrupted(err, x.Results.Count())
	}
	if s.Out != nil {
		WriteSummary(s.Out, plan, x.Results.Runs(), s.Results)
	}
	if sum.Infra > 0 {
		return sum, &InfraError{N: sum.Infra}
	}
	return sum, nil
}

// DefaultCacheDir is where built environments are cached unless told
// otherwise: $XDG_CACHE_HOME/erosion, else ~/.cache/erosion.
func DefaultCacheDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "erosion")
	}
	return filepath.Join(os.TempDir(), "erosion-cache")
}

func (s Setup) cacheDir() string { return cmp.Or(s.CacheDir, DefaultCacheDir()) }
