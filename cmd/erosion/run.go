package main

import (
	"context"

	"erosion/study"
)

// RunCmd runs a dataset's notebooks in environments.
type RunCmd struct {
	PlanFlags
	SlurmFlags `embed:""`
	Resume     bool `help:"Continue in a results folder that already holds runs, skipping finished ones."`
	Confirm    int  `help:"Most runs per notebook to confirm a reproduction (t-test); default: the dataset's confirm_runs, else 1. Confirmation stops as soon as more runs cannot change the verdict (see verdict/adaptive.md)."`
	ConfirmAll bool `help:"Make all --confirm runs of every reproduced notebook (the published study's fixed rule) instead of stopping once the verdict is decided."`
	DryRun     bool `help:"Print the plan (runs per environment, already done in --results, still to run) and stop; nothing is run or locked."`
}

func (c *RunCmd) Run(ctx context.Context, g *Globals) error {
	if c.Backend == "slurm" { // Slurm is where the runs are sent, not a backend of this machine
		c.Slurm, c.Backend = true, "auto"
	}
	cfg, err := c.config()
	if err != nil {
		return err
	}
	cfg.Confirm, cfg.ConfirmAll = c.Confirm, c.ConfirmAll
	plan, err := cfg.Plan()
	if err != nil {
		return err
	}
	if c.DryRun {
		return study.WriteDryRun(stdout, plan, c.Results, c.Resume)
	}
	setup, err := c.setup(ctx, c.Results, "erosion run")
	if err != nil {
		return err
	}
	switch {
	case c.ShardOf != "":
		return interrupted(setup.RunShard(ctx, plan, c.ShardOf, c.Shard), "`erosion run --backend slurm --resume` with the same flags")
	case c.Slurm:
		o, err := c.SlurmFlags.options(g, c)
		if err != nil {
			return err
		}
		o.Resume = c.Resume
		return setup.Submit(ctx, plan, o)
	}
	_, err = setup.Run(ctx, plan, c.Resume)
	return interrupted(err, "`erosion run --resume` with the same flags")
}
