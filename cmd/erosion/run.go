package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"erosion/harness"
	"erosion/harness/slurm"
	"erosion/progress"
	"erosion/study"
)

// RunCmd runs a dataset's notebooks in environments.
type RunCmd struct {
	DatasetFlag
	EnvFlags
	ResultsFlag
	SubsetFlags
	ExecFlags
	SlurmFlags `embed:""`
	Resume     bool `help:"Continue in a results folder that already holds runs, skipping finished ones."`
	Confirm    int  `help:"Most runs per notebook to confirm a reproduction (t-test); default: the dataset's confirm_runs, else 1. Confirmation stops as soon as more runs cannot change the verdict (see verdict/adaptive.md)."`
	ConfirmAll bool `help:"Make all --confirm runs of every reproduced notebook (the published study's fixed rule) instead of stopping once the verdict is decided."`
	DryRun     bool `help:"Print the plan (runs per environment, already done in --results, still to run) and stop; nothing is run or locked."`
}

func (c *RunCmd) Help() string {
	return `Examples:

    erosion run --dataset datasets/starter --results out/starter
    erosion run --dataset datasets/mini --env trixie-slim --backported --eras eras-slim --confirm 3 --workers 4
    erosion run --dataset datasets/mini --competition titanic --dry-run --resume --results out/demo`
}

func (c *RunCmd) Run(ctx context.Context, g *Globals) error {
	c.slurmBackend()
	plan, err := c.plan()
	if err != nil {
		return err
	}
	if c.DryRun {
		return study.WriteDryRun(stdout, plan, c.Results, c.Resume)
	}
	if c.Slurm || c.ShardOf != "" {
		return c.runSlurm(ctx, g, plan)
	}
	return runPlan(ctx, plan, c.ExecFlags, c.ResultsFlag, c.Resume, "erosion run", "`erosion run --resume` with the same flags")
}

// slurmBackend turns --backend slurm into --slurm: Slurm is not an
// execution backend of this machine but where the runs are sent.
func (c *RunCmd) slurmBackend() {
	if c.Backend == "slurm" {
		c.Slurm, c.Backend = true, "auto"
	}
}

// plan is the study the flags describe.
func (c *RunCmd) plan() (*study.Plan, error) {
	ds, err := c.load()
	if err != nil {
		return nil, err
	}
	specs, eras, err := c.specs(c.SpecsFlag)
	if err != nil {
		return nil, err
	}
	if c.Confirm < 0 {
		return nil, usage(fmt.Errorf("--confirm %d: give 1 or more", c.Confirm))
	}
	ids, err := c.ids()
	if err != nil {
		return nil, err
	}
	p, err := study.NewPlan(ds, study.Options{Study: c.Study, Envs: specs, Eras: eras, Specs: c.finder(), Confirm: c.Confirm, FixedConfirm: c.ConfirmAll,
		Notebooks: ids, Competitions: c.Competitions})
	if err != nil {
		return nil, planError(err)
	}
	warnEmptyData(ds, planCompetitions(p))
	return p, nil
}

// planCompetitions are the competitions a plan's notebooks belong to.
func planCompetitions(p *study.Plan) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range p.Tasks {
		if !seen[t.Competition] {
			seen[t.Competition] = true
			out = append(out, t.Competition)
		}
	}
	return out
}

// runPlan executes a plan locally and reports it: again is how to finish
// an interrupted run.
func runPlan(ctx context.Context, plan *study.Plan, ef ExecFlags, rf ResultsFlag, resume bool, command, again string) error {
	x, closeAll, err := ef.executor(ctx, rf, command)
	if err != nil {
		return err
	}
	defer closeAll()
	if !resume && x.Results.Count() > 0 {
		return usage(fmt.Errorf("results folder %s already holds %d runs: pass --resume to continue it, or choose another --results", rf.Results, x.Results.Count()))
	}
	sum, err := x.Run(ctx, plan)
	slog.Info("run finished", "ran", sum.Ran, "reused", sum.Reused, "skipped", sum.Skipped, "confirmations", sum.Confirmations, "infra_failures", sum.Infra,
		"took", sum.Took.Round(1e9), "results", rf.Results)
	if err != nil {
		return interrupted(err, x.Results.Count(), again)
	}
	study.WriteSummary(stdout, plan, x.Results.Runs(), rf.Results)
	if sum.Infra > 0 {
		return &study.InfraError{N: sum.Infra}
	}
	return nil
}

// progressFor gives each pass of runs (stage "runs", "confirmations") its
// own labelled bar, or periodic lines when stderr is not a terminal.
func progressFor(ctx context.Context) func(string) (harness.Progress, func()) {
	return func(stage string) (harness.Progress, func()) {
		p := progress.New(ctx, stderr, progress.Options{Label: stage})
		return p, p.Wait
	}
}

// runSlurm submits the plan to Slurm or, inside an array task, runs one
// shard of it.
func (c *RunCmd) runSlurm(ctx context.Context, g *Globals, plan *study.Plan) error {
	runs := plan.SlurmRuns(c.Timeout)
	if c.ShardOf != "" {
		res, err := filepath.Abs(c.Results)
		if err != nil {
			return err
		}
		if filepath.Clean(c.ShardOf) != slurm.PlanPath(res) {
			return usage(fmt.Errorf("--shard-of %s: a shard runs with the --results its plan belongs to (%s)", c.ShardOf, slurm.PlanPath(res)))
		}
		err = slurm.RunShard(ctx, res, c.Shard, runs, func(ctx context.Context, root string, keep func(slurm.Run) bool, gpus []string) error {
			ef := c.ExecFlags
			ef.GPUs = gpus
			rf := c.ResultsFlag
			rf.Results = root
			err := runPlan(ctx, plan.SlurmShard(keep), ef, rf, true, "erosion run (Slurm shard)", "`erosion run --backend slurm --resume` with the same flags")
			return slurm.NodeError(err, c.cacheDir())
		})
		return slurmError(err)
	}
	sub, err := c.submission(g, plan)
	if err != nil {
		return err
	}
	sub.Runs = runs
	if plan.Dataset != nil {
		sub.Record = func(root string) error { return study.RecordTargets(root, plan.Dataset) }
	}
	return slurmError(slurm.Submit(ctx, sub))
}

func slurmError(err error) error {
	var ue *slurm.UsageError
	if errors.As(err, &ue) {
		return usage(ue.Err)
	}
	var sw *slurm.StoppedWaiting
	if errors.As(err, &sw) {
		return &exitError{code: 130, err: err}
	}
	return err
}
