package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"

	"erosion/harness/envs"
)

// StudyCmd runs the stages a config names, in order. Its flags are the run
// command's, so one config file drives the whole study.
type StudyCmd struct {
	RunCmd     `embed:""`
	AgentFlags `embed:""`
	Stages     []string `default:"envs,run,analyze" enum:"envs,run,modernize,analyze,figures,report" help:"Stages to run, in order: envs, run, modernize, analyze, figures, report."`
	Agent      string   `default:"rules" help:"Agent of the modernize stage (see erosion modernize)."`
	MaxFixes   int      `default:"16" help:"Most fixes per notebook in the modernize stage."`
}

var stageOrder = []string{"envs", "run", "modernize", "analyze", "figures", "report"}

func (c *StudyCmd) Run(ctx context.Context, g *Globals) error {
	for i := 1; i < len(c.Stages); i++ {
		if slices.Index(stageOrder, c.Stages[i]) <= slices.Index(stageOrder, c.Stages[i-1]) {
			return usage(fmt.Errorf("--stages %v: name each stage once, in the order %v", c.Stages, stageOrder))
		}
	}
	// analyze, figures and report render one Study, read once.
	sf := StudyFlags{Results: c.Results, Dataset: c.Dataset, loaded: &loadedStudy{}}
	for _, stage := range c.Stages {
		slog.Info("stage", "name", stage)
		var err error
		switch stage {
		case "envs":
			names := slices.Clone(c.Env)
			if c.Backported != "" {
				eras, lerr := envs.LoadEras(c.Backported, g.EnvsDir)
				if lerr != nil {
					return usage(lerr)
				}
				for _, e := range eras.Eras {
					if !slices.Contains(names, e.Env) {
						names = append(names, e.Env)
					}
				}
			}
			bf := c.BackendFlag
			if bf.Backend == "slurm" { // built here, for nodes that share the cache or load the images
				bf.Backend = c.NodeBackend
			}
			err = (&EnvsBuildCmd{BackendFlag: bf, Names: names}).Run(ctx, g)
		case "run":
			r := c.RunCmd
			r.Resume = true // a study picks up where it stopped
			r.Wait = true   // on Slurm: the next stage needs the shards merged
			err = r.Run(ctx, g)
		case "modernize":
			m := &ModernizeCmd{RunCmd: c.RunCmd, AgentFlags: c.AgentFlags, Agent: c.Agent, Mode: "file", MaxFixes: c.MaxFixes}
			m.Env = c.Env[:1] // the current environment
			if m.Backend == "slurm" {
				m.Backend = c.NodeBackend // the loop runs on this machine
			}
			_, err = m.modernize(ctx, g, c.Agent)
		case "analyze":
			err = (&AnalyzeCmd{StudyFlags: sf}).Run(ctx, g)
		case "figures":
			err = (&FiguresCmd{StudyFlags: sf}).Run(ctx, g)
		case "report":
			err = (&ReportCmd{StudyFlags: sf}).Run(ctx, g)
		}
		if err != nil {
			return fmt.Errorf("stage %s: %w", stage, err)
		}
	}
	return nil
}
