package main

import (
	"context"
	"slices"

	"erosion/study"
)

// StudyCmd runs the stages a config names, in order: one config file drives
// a whole study.
type StudyCmd struct {
	PlanFlags
	SlurmFlags `embed:""`
	AgentFlags
	Confirm    int      `help:"Most runs per notebook to confirm a reproduction (t-test); default: the dataset's confirm_runs, else 1; confirmation stops once the verdict is decided."`
	ConfirmAll bool     `help:"Make all --confirm runs of every reproduced notebook (the published study's fixed rule)."`
	Stages     []string `default:"envs,run,analyze" enum:"envs,run,modernize,analyze,figures,report" help:"Stages to run, in order: envs, run, modernize, analyze, figures, report."`
	Agent      string   `default:"rules" placeholder:"AGENT" help:"Agent of the modernize stage (see erosion modernize --help)."`
}

func (c *StudyCmd) Run(ctx context.Context, g *Globals) error {
	if c.Backend == "slurm" {
		c.Slurm, c.Backend = true, "auto"
	}
	cfg, err := c.config()
	if err != nil {
		return err
	}
	cfg.Confirm, cfg.ConfirmAll = c.Confirm, c.ConfirmAll
	setup, err := c.setup(ctx, c.Results, "erosion study")
	if err != nil {
		return err
	}
	p := study.Pipeline{Config: cfg, Setup: setup, Stages: c.Stages, NodeBackend: c.NodeBackend, Agent: c.Agent}
	if slices.Contains(c.Stages, "modernize") {
		if p.Agents, err = c.AgentFlags.options(); err != nil {
			return err
		}
	}
	if c.Slurm {
		// The array tasks run `erosion run` with this study's flags.
		run := &RunCmd{PlanFlags: c.PlanFlags, SlurmFlags: c.SlurmFlags, Resume: true, Confirm: c.Confirm, ConfirmAll: c.ConfirmAll}
		o, err := c.SlurmFlags.options(g, run)
		if err != nil {
			return err
		}
		p.Slurm = &o
	}
	return interrupted(p.Run(ctx), "`erosion study` with the same flags")
}
