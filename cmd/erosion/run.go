package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/docker/go-units"

	"erosion/datasets"
	"erosion/grading"
	"erosion/harness"
	"erosion/harness/docker"
	"erosion/harness/envs"
	"erosion/notebook"
	"erosion/progress"
)

// RunCmd runs a dataset.
type RunCmd struct {
	BackendFlag
	Dataset     string        `required:"" type:"path" help:"Dataset folder (holds dataset.yaml)."`
	Env         []string      `default:"trixie-slim" help:"Environments to run in (names in --envs-dir; trixie-slim is the current environment's slim profile)."`
	Results     string        `default:"results" type:"path" help:"Results folder: Parquet tables, journal, artefacts."`
	Study       string        `help:"Study name recorded in every row (default: the dataset's name)."`
	Resume      bool          `help:"Continue in a results folder that already holds runs, skipping finished ones."`
	Workers     int           `default:"1" help:"Runs at a time."`
	Timeout     time.Duration `help:"Wall-clock limit per run (default: the dataset's time_limit_s, else 600s)."`
	Memory      string        `default:"8GiB" help:"Memory limit per run."`
	Pids        int64         `default:"1024" help:"Process limit per run."`
	CPUs        float64       `default:"2" name:"cpus" help:"CPUs per run."`
	Retries     int           `default:"2" help:"Extra tries when the backend itself fails (not the notebook)."`
	GPUs        []string      `name:"gpus" help:"GPU device IDs (e.g. 0,1): one GPU worker each, for the notebooks that need a GPU; the others go to the --workers CPU workers."`
	WorkingCap  string        `default:"2GiB" help:"Most a run may write to /kaggle/working before it is stopped."`
	StopOnError bool          `help:"Stop each notebook at its first failing cell (default: go on, like nbconvert --allow-errors)."`
	Executed    bool          `default:"true" negatable:"" help:"Keep each run's executed notebook (executed.ipynb, with outputs) among its artefacts."`
}

func (c *RunCmd) Run(ctx context.Context, g *Globals) error {
	ds, err := datasets.Load(c.Dataset)
	if err != nil {
		return usage(err)
	}
	specs, err := selectSpecs(g.EnvsDir, c.Env)
	if err != nil {
		return usage(err)
	}
	if c.Workers < 1 {
		return usage(fmt.Errorf("--workers must be at least 1"))
	}
	mem, err := units.RAMInBytes(c.Memory)
	if err != nil || mem < 64<<20 {
		return usage(fmt.Errorf("--memory %q: give a size of at least 64MiB, e.g. 4GiB", c.Memory))
	}
	wcap, err := units.RAMInBytes(c.WorkingCap)
	if err != nil || wcap < 1<<20 {
		return usage(fmt.Errorf("--working-cap %q: give a size of at least 1MiB, e.g. 2GiB", c.WorkingCap))
	}
	if !c.Resume {
		if entries, _ := harness.ReadJournals(c.Results); len(entries) > 0 {
			return usage(fmt.Errorf("results folder %s already holds %d runs: pass --resume to continue it, or choose another --results", c.Results, len(entries)))
		}
	}
	timeout := c.Timeout
	if timeout == 0 && ds.TimeLimitS > 0 {
		timeout = time.Duration(ds.TimeLimitS) * time.Second
	}
	if timeout == 0 {
		timeout = 600 * time.Second
	}
	study := c.Study
	if study == "" {
		study = ds.Name
	}

	tasks, err := c.tasks(ds, study, specs)
	if err != nil {
		return usage(err)
	}
	be, release, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer release()
	if d, ok := be.(*docker.Backend); ok {
		if n, err := d.Reap(ctx); err != nil {
			slog.Warn("could not reap leftover containers", "err", err)
		} else if n > 0 {
			slog.Info("removed containers left by a killed erosion", "count", n)
		}
	}
	images, digests := map[string]string{}, map[string]string{}
	var invs []*envs.Inventory
	for _, s := range specs {
		ref, ok, err := be.Lookup(ctx, s, g.CacheDir)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("environment %s is not built for the %s backend: run `erosion envs build --backend %s %s`", s.Name, be.Name(), be.Name(), s.Name)
		}
		inv, err := ensureInventoried(ctx, be, s, g.CacheDir, false)
		if err != nil {
			return err
		}
		images[s.Name], digests[s.Name] = ref, inv.Digest
		invs = append(invs, inv)
	}
	for i := range tasks {
		tasks[i].Env.Image = images[tasks[i].Env.Name]
		tasks[i].Env.Digest = digests[tasks[i].Env.Name]
	}
	if err := recordPackages(c.Results, invs); err != nil {
		return err
	}

	bars := progress.New(ctx, stderr)
	h := &harness.Harness{
		Backend:     be,
		Results:     c.Results,
		Workers:     c.Workers,
		Timeout:     timeout,
		Limits:      harness.Limits{MemoryBytes: mem, Pids: c.Pids, CPUs: c.CPUs, OutputCap: harness.DefaultLimits.OutputCap, WorkingCap: wcap},
		GPUs:        c.GPUs,
		StopOnError: c.StopOnError,
		NoExecuted:  !c.Executed,
		Version:     erosionVersion(),
		Retries:     c.Retries,
		Progress:    bars,
	}
	start := time.Now()
	sum, err := h.Run(ctx, tasks)
	bars.Wait()
	slog.Info("run finished", "runs", sum.Total, "ran", sum.Ran, "skipped", sum.Skipped, "infra_failures", sum.Infra,
		"took", time.Since(start).Round(time.Second), "results", c.Results)
	if errors.Is(err, context.Canceled) {
		return &exitError{code: 130, err: fmt.Errorf("interrupted: %d runs recorded; `erosion run --resume` with the same flags finishes the rest", sum.Ran)}
	}
	if err != nil {
		return err
	}
	if sum.Infra > 0 {
		return fmt.Errorf("%d runs could not be executed by the backend (see the log above); `erosion run --resume` retries them", sum.Infra)
	}
	return nil
}

// tasks crosses the dataset's notebooks with the environments. Every
// notebook is parsed before anything runs, so a malformed one stops the run
// before it starts. Notebooks of a graded competition get their grading,
// with the target score from the dataset's manifest.
func (c *RunCmd) tasks(ds *datasets.Dataset, study string, specs []*envs.Spec) ([]harness.Task, error) {
	grades, err := gradings(ds)
	if err != nil {
		return nil, err
	}
	var tasks []harness.Task
	for _, entry := range ds.Notebooks {
		nb, err := notebook.Read(ds.NotebookPath(entry))
		if err != nil {
			return nil, fmt.Errorf("dataset %s, notebook %s: %w", ds.Name, entry.ID, err)
		}
		dataDir, err := filepath.Abs(ds.DataDir(entry.Competition))
		if err != nil {
			return nil, err
		}
		for _, s := range specs {
			tasks = append(tasks, harness.Task{
				Study: study, Dataset: ds.Name, NotebookID: entry.ID, Competition: entry.Competition,
				Notebook: nb,
				Inputs:   []harness.Input{{Slug: entry.Competition, Dir: dataDir}},
				Env:      harness.Env{Name: s.Name},
				NeedsGPU: nb.NeedsGPU(),
				Grading:  grades[entry.ID],
			})
		}
	}
	return tasks, nil
}

// gradings is each notebook's grading: its competition's metric and hidden
// answers, and its target from manifest.parquet (nil target: executability).
func gradings(ds *datasets.Dataset) (map[string]*harness.Grading, error) {
	manifest, err := ds.Manifest()
	if err != nil {
		return nil, err
	}
	targets := map[string]*float64{}
	for _, e := range manifest {
		targets[e.NotebookID] = e.TargetScore
	}
	comps := map[string]*datasets.Competition{}
	out := map[string]*harness.Grading{}
	for _, entry := range ds.Notebooks {
		comp, ok := comps[entry.Competition]
		if !ok {
			if comp, err = ds.Competition(entry.Competition); err != nil {
				return nil, err
			}
			comps[entry.Competition] = comp
		}
		if comp == nil {
			continue
		}
		answers, err := filepath.Abs(ds.AnswersPath(entry.Competition))
		if err != nil {
			return nil, err
		}
		out[entry.ID] = &harness.Grading{
			Spec:           grading.Spec{Metric: comp.Metric, HigherIsBetter: comp.HigherIsBetter, IDColumn: comp.IDColumn, TargetColumn: comp.TargetColumn, K: comp.K},
			Answers:        answers,
			SubmissionFile: comp.SubmissionFile,
			Target:         targets[entry.ID],
			Tolerance:      ds.Tolerance,
		}
	}
	return out, nil
}
