package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"path/filepath"
	"slices"
	"time"

	"erosion/datasets"
	"erosion/grading"
	"erosion/harness"
	"erosion/harness/docker"
	"erosion/harness/envs"
	"erosion/notebook"
	"erosion/progress"
	"erosion/records"
	"erosion/verdict"
)

// RunCmd runs a dataset.
type RunCmd struct {
	BackendFlag
	SlurmFlags  `embed:""`
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
	Backported  string        `type:"path" placeholder:"ERAS" help:"Also run each notebook in its era environment, per this era table (e.g. configs/eras-slim.yaml), recorded as environment \"backported\"."`
	Confirm     int           `help:"Runs per notebook to confirm a reproduction (t-test); default: the dataset's confirm_runs, else 1."`
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
	if !c.Resume {
		if entries, _ := harness.ReadJournals(c.Results); len(entries) > 0 {
			return usage(fmt.Errorf("results folder %s already holds %d runs: pass --resume to continue it, or choose another --results", c.Results, len(entries)))
		}
	}
	study := c.Study
	if study == "" {
		study = ds.Name
	}
	plan, err := c.tasks(ds, study, func(datasets.Notebook) ([]*envs.Spec, string, error) { return specs, "", nil })
	if err != nil {
		return usage(err)
	}
	if c.Backported != "" {
		eras, err := envs.LoadEras(c.Backported, g.EnvsDir)
		if err != nil {
			return usage(err)
		}
		more, err := c.backportedTasks(ds, study, eras, g.EnvsDir)
		if err != nil {
			return usage(err)
		}
		plan = append(plan, more...)
	}
	confirm := c.Confirm
	if confirm == 0 {
		confirm = ds.ConfirmRuns
	}
	if c.Backend == "slurm" || c.ShardOf != "" {
		return c.runSlurm(ctx, g, &c.SlurmFlags, ds, plan, confirm)
	}
	return c.execute(ctx, g, ds, plan, confirm)
}

// planned is a task with the spec of the environment it runs in (the task's
// environment label may differ: "backported" runs each notebook in its era's).
type planned struct {
	task harness.Task
	spec *envs.Spec
}

// execute runs the plan: environments checked and inventoried, packages
// recorded, the runs made, then confirmation runs for the notebooks whose
// first run reproduced, and the verdicts written.
func (c *RunCmd) execute(ctx context.Context, g *Globals, ds *datasets.Dataset, plan []planned, confirm int) error {
	lim, timeout, err := c.limits(ds)
	if err != nil {
		return err
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
	invs := map[string]*envs.Inventory{}
	refs := map[string]string{}
	for _, p := range plan {
		s := p.spec
		if _, done := invs[s.Name]; done {
			continue
		}
		ref, ok, err := be.Lookup(ctx, s, g.CacheDir)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("environment %s is not built for the %s backend: run `erosion envs build --backend %s %s`", s.Name, be.Name(), be.Name(), s.Name)
		}
		if invs[s.Name], err = ensureInventoried(ctx, be, s, g.CacheDir, false); err != nil {
			return err
		}
		refs[s.Name] = ref
	}
	tasks := make([]harness.Task, len(plan))
	for i, p := range plan {
		tasks[i] = p.task
		tasks[i].Env.Image = refs[p.spec.Name]
		tasks[i].Env.Digest = invs[p.spec.Name].Digest
	}
	if err := recordPackages(c.Results, slices.Collect(maps.Values(invs))); err != nil {
		return err
	}

	h := &harness.Harness{
		Backend:     be,
		Results:     c.Results,
		Workers:     c.Workers,
		Timeout:     timeout,
		Limits:      lim,
		GPUs:        c.GPUs,
		StopOnError: c.StopOnError,
		NoExecuted:  !c.Executed,
		Version:     erosionVersion(),
		Retries:     c.Retries,
	}
	start := time.Now()
	sum, err := c.pass(ctx, h, tasks)
	if err == nil && confirm > 1 {
		var more harness.Summary
		more, err = c.pass(ctx, h, confirmations(c.Results, tasks, confirm))
		sum.Ran += more.Ran
		sum.Infra += more.Infra
	}
	slog.Info("run finished", "ran", sum.Ran, "skipped", sum.Skipped, "infra_failures", sum.Infra,
		"took", time.Since(start).Round(time.Second), "results", c.Results)
	if errors.Is(err, context.Canceled) {
		return &exitError{code: 130, err: fmt.Errorf("interrupted: %d runs recorded; `erosion run --resume` with the same flags finishes the rest", sum.Ran)}
	}
	if err != nil {
		return err
	}
	if err := writeVerdicts(c.Results, ds.Tolerance); err != nil {
		return err
	}
	if sum.Infra > 0 {
		return fmt.Errorf("%d runs could not be executed by the backend (see the log above); `erosion run --resume` retries them", sum.Infra)
	}
	return nil
}

// pass runs tasks with progress bars.
func (c *RunCmd) pass(ctx context.Context, h *harness.Harness, tasks []harness.Task) (harness.Summary, error) {
	if len(tasks) == 0 {
		return harness.Summary{}, nil
	}
	bars := progress.New(ctx, stderr)
	h.Progress = bars
	sum, err := h.Run(ctx, tasks)
	bars.Wait()
	return sum, err
}

// tasks crosses the dataset's notebooks with the environments. Every
// notebook is parsed before anything runs, so a malformed one stops the run
// before it starts. Notebooks of a graded competition get their grading,
// with the target score from the dataset's manifest.
// envFor names the environments a notebook runs in, and the label its runs
// are recorded under ("" = each environment's own name).
type envFor func(datasets.Notebook) (specs []*envs.Spec, label string, err error)

func (c *RunCmd) tasks(ds *datasets.Dataset, study string, envsOf envFor) ([]planned, error) {
	grades, err := gradings(ds)
	if err != nil {
		return nil, err
	}
	var tasks []planned
	for _, entry := range ds.Notebooks {
		nb, err := notebook.Read(ds.NotebookPath(entry))
		if err != nil {
			return nil, fmt.Errorf("dataset %s, notebook %s: %w", ds.Name, entry.ID, err)
		}
		dataDir, err := filepath.Abs(ds.DataDir(entry.Competition))
		if err != nil {
			return nil, err
		}
		specs, label, err := envsOf(entry)
		if err != nil {
			return nil, err
		}
		for _, s := range specs {
			name := s.Name
			if label != "" {
				name = label
			}
			tasks = append(tasks, planned{harness.Task{
				Study: study, Dataset: ds.Name, NotebookID: entry.ID, Competition: entry.Competition,
				Notebook: nb,
				Inputs:   []harness.Input{{Slug: entry.Competition, Dir: dataDir}},
				Env:      harness.Env{Name: name},
				NeedsGPU: nb.NeedsGPU(),
				Grading:  grades[entry.ID],
			}, s})
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

// backportedTasks runs each notebook in the era environment nearest its
// date, all under the one environment label "backported".
func (c *RunCmd) backportedTasks(ds *datasets.Dataset, study string, eras *envs.Eras, envsDir string) ([]planned, error) {
	byName := map[string]*envs.Spec{}
	return c.tasks(ds, study, func(entry datasets.Notebook) ([]*envs.Spec, string, error) {
		if entry.Date().IsZero() {
			return nil, "", fmt.Errorf("dataset %s, notebook %s: no submitted date to backport to", ds.Name, entry.ID)
		}
		name := eras.For(entry.Date())
		spec, ok := byName[name]
		if !ok {
			var err error
			if spec, err = envs.Find(envsDir, name); err != nil {
				return nil, "", err
			}
			byName[name] = spec
		}
		return []*envs.Spec{spec}, BackportedEnv, nil
	})
}

// BackportedEnv labels the runs made in each notebook's era environment.
const BackportedEnv = "backported"

// confirmations are the further attempts (1..k-1) of every run whose first
// attempt reproduced: the runs the t-test needs.
func confirmations(results string, tasks []harness.Task, k int) []harness.Task {
	entries, _ := harness.ReadJournals(results)
	first := map[string]records.Run{}
	for _, e := range entries {
		if e.Run.Attempt == 0 {
			first[e.Run.Key()] = e.Run
		}
	}
	var out []harness.Task
	for _, t := range tasks {
		r, ok := first[records.Run{Study: t.Study, Dataset: t.Dataset, NotebookID: t.NotebookID, Environment: t.Env.Name, Agent: t.Agent}.Key()]
		if !ok || !verdict.Reproducible(r.OutcomeClass) {
			continue
		}
		for a := 1; a < k; a++ {
			t.Attempt = a
			out = append(out, t)
		}
	}
	return out
}

// writeVerdicts rederives the verdicts table from every run in the folder.
func writeVerdicts(results string, tol float64) error {
	runs, err := records.Runs.Read(results)
	if err != nil {
		return err
	}
	return records.Verdicts.Replace(results, verdict.FromRuns(runs, tol))
}
