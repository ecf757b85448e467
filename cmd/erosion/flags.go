package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"erosion/cli"
	"erosion/datasets"
	"erosion/harness"
	"erosion/harness/backends"
	"erosion/harness/envs"
	"erosion/progress"
	"erosion/study"
)

// The flag groups commands are made of. A command embeds the groups it
// uses; no command embeds another command.

// BackendFlag selects the execution backend.
type BackendFlag struct {
	Backend string `default:"auto" placeholder:"auto|docker|sandbox" help:"Execution backend: docker, sandbox (bubblewrap over the environment's root filesystem), or auto (docker when a daemon answers, else sandbox)."`
}

// check refuses a backend this command cannot use (slurm is run's and
// study's alone: they turn it into --slurm).
func (f BackendFlag) check() error {
	switch f.Backend {
	case "auto", "docker", "sandbox":
		return nil
	case "slurm":
		return usage(errors.New("--backend slurm: only erosion run and erosion study hand runs to a Slurm cluster"))
	}
	return usage(fmt.Errorf("--backend %q: use auto, docker or sandbox", f.Backend))
}

func (f BackendFlag) openWith(ctx context.Context, o backends.Options) (backends.Backend, func(), error) {
	if err := f.check(); err != nil {
		return nil, nil, err
	}
	if o.FromRegistry && f.Backend != "docker" {
		return nil, nil, usage(fmt.Errorf("--from-registry builds Docker images: give --backend docker"))
	}
	b, err := backends.OpenWith(ctx, f.Backend, o)
	if err != nil {
		return nil, nil, err
	}
	return b, func() { backends.Close(b) }, nil
}

// SpecsFlag says where environment specs come from: the built-in ones,
// with a folder of the user's laid over them.
type SpecsFlag struct {
	EnvsDir string `type:"path" placeholder:"DIR" help:"Folder of your own environment specs (*.yaml), used beside the built-in ones (configs/envs of erosion's source); a spec there replaces the built-in spec of the same name (default: the built-in specs only)."`
}

// config is the study configuration of these specs.
func (f SpecsFlag) config() study.Config { return study.Config{EnvsDir: f.EnvsDir} }

// specs is every environment spec.
func (f SpecsFlag) specs() ([]*envs.Spec, error) { return f.config().Specs() }

// find is the spec called name.
func (f SpecsFlag) find(name string) (*envs.Spec, error) { return f.config().Find(name) }

// choose is the specs called names (all of them when names is empty).
func (f SpecsFlag) choose(names []string) ([]*envs.Spec, error) { return f.config().Choose(names) }

// eras reads an era table (a file or a built-in table's name).
func (f SpecsFlag) eras(table string) (*envs.Eras, error) { return f.config().EraTable(table) }

// CacheFlag says where built environments are kept.
type CacheFlag struct {
	CacheDir string `type:"path" placeholder:"DIR" help:"Where built environments and their inventories are cached (default: $XDG_CACHE_HOME/erosion, else ~/.cache/erosion)."`
}

func (f CacheFlag) cacheDir() string { return cmp.Or(f.CacheDir, study.DefaultCacheDir()) }

// DatasetFlag names a dataset.
type DatasetFlag struct {
	Dataset string `required:"" type:"path" placeholder:"DIR" help:"Dataset folder (holds dataset.yaml, notebooks/, competitions/)."`
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
	Notebooks     []string `placeholder:"ID" help:"Only these notebooks (ids, comma-separated)."`
	NotebooksFile string   `type:"path" placeholder:"FILE" help:"Only the notebooks listed in this file: one id a line; blank lines and # comments are skipped (adds to --notebooks)."`
	Competitions  []string `name:"competition" placeholder:"SLUG" help:"Only the notebooks of these competitions (comma-separated)."`
}

// ids is the notebooks of --notebooks and --notebooks-file.
func (f SubsetFlags) ids() ([]string, error) {
	ids := slices.Clone(f.Notebooks)
	if f.NotebooksFile == "" {
		return ids, nil
	}
	more, err := study.ReadNotebookList(f.NotebooksFile)
	return append(ids, more...), err
}

// ResultsFlag names a results folder that a command writes.
type ResultsFlag struct {
	Results string `default:"out" type:"path" placeholder:"DIR" help:"Results folder: Parquet tables, journals, artefacts."`
	Study   string `help:"Study name recorded in every row (default: the dataset's name)."`
}

// ExecFlags are how runs are executed: where, how many at once, and the
// limits of each.
type ExecFlags struct {
	BackendFlag
	SpecsFlag
	CacheFlag
	Workers      int           `default:"1" help:"Runs at a time."`
	Timeout      time.Duration `help:"Wall-clock limit per run (default: the dataset's time_limit_s, else 600s)."`
	Memory       string        `default:"8GiB" help:"Memory limit per run."`
	Pids         int64         `default:"1024" help:"Process limit per run."`
	CPUs         float64       `default:"2" name:"cpus" help:"CPUs per run."`
	Retries      int           `default:"2" help:"Extra tries when the backend itself fails (not the notebook)."`
	GPUs         []string      `name:"gpus" placeholder:"ID" help:"GPU device IDs (e.g. 0,1): one GPU worker each, for the notebooks that need a GPU; the others go to the --workers CPU workers."`
	WorkingCap   string        `default:"2GiB" help:"Most a run may write to /kaggle/working and /tmp together before it is stopped."`
	WorkingFiles int64         `default:"20000" help:"Most files a run may create in /kaggle/working and /tmp together."`
	StopOnError  bool          `help:"Stop each notebook at its first failing cell (default: go on, like nbconvert --allow-errors)."`
	Executed     bool          `default:"true" negatable:"" help:"Keep each run's executed notebook (executed.ipynb, with outputs and per-cell status and timing) among its artefacts."`
	Cache        []string      `type:"path" placeholder:"DIR" help:"Reuse finished runs of these results folders when nothing that determines a run changed (notebook, environment digest, data, grading, limits, runner); reused runs are recorded with where they ran. Off by default: a study's own numbers are its own runs."`
}

// limits checks the flags' values (study.Resources): a bad one is a usage
// error naming the flag, found before a backend is contacted.
func (f ExecFlags) limits() (harness.Limits, error) {
	if err := f.check(); err != nil {
		return harness.Limits{}, err
	}
	return study.Resources{Workers: f.Workers, Timeout: f.Timeout, Memory: f.Memory, Pids: f.Pids, CPUs: f.CPUs, Retries: f.Retries,
		WorkingCap: f.WorkingCap, WorkingFiles: f.WorkingFiles}.Limits()
}

// setup is how the runs of a command are made: into the results folder
// dir, held by command.
func (f ExecFlags) setup(ctx context.Context, dir, command string) (study.Setup, error) {
	lim, err := f.limits()
	if err != nil {
		return study.Setup{}, err
	}
	return study.Setup{Backend: f.Backend, Results: dir, Command: command, CacheDir: f.CacheDir, Reuse: f.Cache,
		Workers: f.Workers, GPUs: f.GPUs, Timeout: f.Timeout, Limits: lim, Retries: f.Retries, StopOnError: f.StopOnError,
		NoExecuted: !f.Executed, Version: erosionVersion(), Progress: progressFor(ctx), Out: stdout}, nil
}

// progressFor gives each pass of runs (stage "runs", "confirmations") its
// own labelled bar, or periodic lines when stderr is not a terminal.
func progressFor(ctx context.Context) func(string) (harness.Progress, func()) {
	return func(stage string) (harness.Progress, func()) {
		p := progress.New(ctx, stderr, progress.Options{Label: stage})
		return p, p.Wait
	}
}

// EnvFlags name the environments a study runs in.
type EnvFlags struct {
	Env        []string `default:"trixie-slim" placeholder:"NAME" help:"Environments to run in (see erosion envs list; trixie-slim is the current environment's slim profile)."`
	Backported bool     `help:"Also run each notebook in its era environment (the one of --eras nearest its date), recorded as environment \"backported\"."`
	Eras       string   `type:"erastable" placeholder:"FILE|NAME" help:"Era table of --backported: a file, or a built-in table: eras (the full Debian stacks) or eras-slim (their slim profiles) (default: eras)."`
}

// config is the study the flags name.
func (c PlanFlags) config() (study.Config, error) {
	if !c.Backported && c.Eras != "" {
		return study.Config{}, usage(fmt.Errorf("--eras %s is the era table of backported runs: add --backported, or leave --eras out", c.Eras))
	}
	ids, err := c.ids()
	return study.Config{Dataset: c.Dataset, Study: c.Study, Envs: c.Env, EnvsDir: c.EnvsDir, Backported: c.Backported, Eras: c.Eras,
		Notebooks: ids, Competitions: c.Competitions}, err
}

// PlanFlags are the flag groups that name a study's runs and how they are
// made (run and study take them).
type PlanFlags struct {
	DatasetFlag
	EnvFlags
	ResultsFlag
	SubsetFlags
	ExecFlags
}

// interrupted turns the library's interruption into exit 130 with the
// hint of how to finish (cli.Interrupted).
var interrupted = cli.Interrupted
