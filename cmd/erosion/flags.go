package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/docker/go-units"

	"erosion/datasets"
	"erosion/harness"
	"erosion/harness/backends"
	"erosion/harness/envs"
	"erosion/results"
	"erosion/study"
)

// The flag groups commands are made of. A command embeds the groups it
// uses; no command embeds another command.

// BackendFlag selects the execution backend.
type BackendFlag struct {
	Backend string `default:"auto" enum:"auto,docker,sandbox" help:"Execution backend: docker, sandbox (bubblewrap over the environment's root filesystem), or auto (docker when a daemon answers, else sandbox)."`
}

func (f BackendFlag) open(ctx context.Context) (backends.Backend, func(), error) {
	b, err := backends.Open(ctx, f.Backend)
	if err != nil {
		return nil, nil, err
	}
	return b, func() { backends.Close(b) }, nil
}

// DatasetFlag names a dataset.
type DatasetFlag struct {
	Dataset string `required:"" type:"path" help:"Dataset folder (holds dataset.yaml)."`
}

func (f DatasetFlag) load() (*datasets.Dataset, error) {
	ds, err := datasets.Load(f.Dataset)
	if err != nil {
		return nil, usage(err)
	}
	return ds, nil
}

// SubsetFlags restrict a command to some notebooks of its dataset.
type SubsetFlags struct {
	Notebooks    []string `name:"notebooks" help:"Only these notebook ids (comma-separated)."`
	Competitions []string `name:"competition" help:"Only the notebooks of these competitions (comma-separated)."`
}

// ResultsFlag names a results folder that a command writes.
type ResultsFlag struct {
	Results string `default:"results" type:"path" help:"Results folder: Parquet tables, journals, artefacts."`
	Study   string `help:"Study name recorded in every row (default: the dataset's name)."`
}

// ExecFlags are how runs are executed: where, how many at once, and the
// limits of each.
type ExecFlags struct {
	BackendFlag
	Workers      int           `default:"1" help:"Runs at a time."`
	Timeout      time.Duration `help:"Wall-clock limit per run (default: the dataset's time_limit_s, else 600s)."`
	Memory       string        `default:"8GiB" help:"Memory limit per run."`
	Pids         int64         `default:"1024" help:"Process limit per run."`
	CPUs         float64       `default:"2" name:"cpus" help:"CPUs per run."`
	Retries      int           `default:"2" help:"Extra tries when the backend itself fails (not the notebook)."`
	GPUs         []string      `name:"gpus" help:"GPU device IDs (e.g. 0,1): one GPU worker each, for the notebooks that need a GPU; the others go to the --workers CPU workers."`
	WorkingCap   string        `default:"2GiB" help:"Most a run may write to /kaggle/working and /tmp together before it is stopped."`
	WorkingFiles int64         `default:"20000" help:"Most files a run may create in /kaggle/working and /tmp together."`
	StopOnError  bool          `help:"Stop each notebook at its first failing cell (default: go on, like nbconvert --allow-errors)."`
	Executed     bool          `default:"true" negatable:"" help:"Keep each run's executed notebook (executed.ipynb, with outputs) among its artefacts."`
}

// limits checks the flags' values: a bad one is a usage error naming the
// flag, found before a backend is contacted.
func (f ExecFlags) limits() (harness.Limits, error) {
	switch {
	case f.Workers < 1:
		return harness.Limits{}, usage(fmt.Errorf("--workers %d: give at least 1", f.Workers))
	case f.Timeout < 0 || (f.Timeout > 0 && f.Timeout < time.Second):
		return harness.Limits{}, usage(fmt.Errorf("--timeout %s: give a duration of at least 1s, e.g. 600s", f.Timeout))
	case f.Pids < 1:
		return harness.Limits{}, usage(fmt.Errorf("--pids %d: give at least 1", f.Pids))
	case math.IsNaN(f.CPUs) || math.IsInf(f.CPUs, 0) || f.CPUs <= 0:
		return harness.Limits{}, usage(fmt.Errorf("--cpus %v: give a positive number, e.g. 2", f.CPUs))
	case f.Retries < 0:
		return harness.Limits{}, usage(fmt.Errorf("--retries %d: give 0 or more", f.Retries))
	case f.WorkingFiles < 1:
		return harness.Limits{}, usage(fmt.Errorf("--working-files %d: give at least 1", f.WorkingFiles))
	}
	mem, err := units.RAMInBytes(f.Memory)
	if err != nil || mem < 64<<20 {
		return harness.Limits{}, usage(fmt.Errorf("--memory %q: give a size of at least 64MiB, e.g. 4GiB", f.Memory))
	}
	wcap, err := units.RAMInBytes(f.WorkingCap)
	if err != nil || wcap < 1<<20 {
		return harness.Limits{}, usage(fmt.Errorf("--working-cap %q: give a size of at least 1MiB, e.g. 2GiB", f.WorkingCap))
	}
	lim := harness.DefaultLimits
	lim.MemoryBytes, lim.Pids, lim.CPUs, lim.WorkingCap, lim.WorkingFiles = mem, f.Pids, f.CPUs, wcap, f.WorkingFiles
	return lim, nil
}

// executor opens the results folder for writing (its lock) and the
// backend, and returns an executor; close releases both.
func (f ExecFlags) executor(ctx context.Context, g *Globals, rf ResultsFlag, command string) (*study.Executor, func(), error) {
	lim, err := f.limits()
	if err != nil {
		return nil, nil, err
	}
	folder, err := openResults(rf.Results, command)
	if err != nil {
		return nil, nil, err
	}
	b, release, err := f.open(ctx)
	if err != nil {
		folder.Close()
		return nil, nil, err
	}
	x := &study.Executor{Backend: b, Results: folder, CacheDir: g.CacheDir, Workers: f.Workers, GPUs: f.GPUs,
		Timeout: f.Timeout, Limits: lim, Retries: f.Retries, StopOnError: f.StopOnError, NoExecuted: !f.Executed,
		Version: erosionVersion(), Progress: progressFor(ctx)}
	return x, func() { release(); folder.Close() }, nil
}

// openResults takes a results folder's writer lock: a second writer is a
// usage error that names the holder.
func openResults(dir, command string) (*results.Folder, error) {
	f, err := results.Open(dir, command)
	var le *results.LockedError
	if errors.As(err, &le) {
		return nil, usage(err)
	}
	if err != nil {
		return nil, usage(err)
	}
	return f, nil
}

// EnvFlags name the environments a study runs in.
type EnvFlags struct {
	Env        []string `default:"trixie-slim" help:"Environments to run in (names in --envs-dir; trixie-slim is the current environment's slim profile)."`
	Backported string   `type:"path" placeholder:"ERAS" help:"Also run each notebook in its era environment, per this era table (e.g. configs/eras-slim.yaml), recorded as environment \"backported\"."`
}

// specs resolves the environment names and the era table.
func (f EnvFlags) specs(g *Globals) ([]*envs.Spec, *envs.Eras, error) {
	specs, err := selectSpecs(g.EnvsDir, f.Env)
	if err != nil {
		return nil, nil, usage(err)
	}
	var eras *envs.Eras
	if f.Backported != "" {
		if eras, err = envs.LoadEras(f.Backported, g.EnvsDir); err != nil {
			return nil, nil, usage(err)
		}
	}
	return specs, eras, nil
}

func selectSpecs(dir string, names []string) ([]*envs.Spec, error) {
	if len(names) == 0 {
		return envs.LoadDir(dir)
	}
	var specs []*envs.Spec
	for _, n := range names {
		s, err := envs.Find(dir, n)
		if err != nil {
			return nil, err
		}
		specs = append(specs, s)
	}
	return specs, nil
}

// finder finds era environments by name in --envs-dir.
func finder(g *Globals) func(string) (*envs.Spec, error) {
	return func(name string) (*envs.Spec, error) { return envs.Find(g.EnvsDir, name) }
}

// planError is a plan's refusal: the dataset or the selection is wrong.
func planError(err error) error {
	if err == nil {
		return nil
	}
	return usage(err)
}

// interrupted turns a cancelled run into exit 130 with the resume hint.
func interrupted(err error, recorded int, resume string) error {
	if study.Interrupted(err) {
		return &exitError{code: 130, err: fmt.Errorf("interrupted: %d runs recorded; `%s` finishes the rest", recorded, resume)}
	}
	return err
}
