package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"erosion/harness/backends"
	"erosion/harness/envs"
	"erosion/harness/slurm"
	"erosion/study"
)

// StudyCmd runs the stages a config names, in order: one config file drives
// a whole study.
type StudyCmd struct {
	DatasetFlag
	EnvFlags
	ResultsFlag
	SubsetFlags
	ExecFlags
	SlurmFlags `embed:""`
	AgentFlags
	Confirm    int      `help:"Most runs per notebook to confirm a reproduction (t-test); default: the dataset's confirm_runs, else 1; confirmation stops once the verdict is decided."`
	ConfirmAll bool     `help:"Make all --confirm runs of every reproduced notebook (the published study's fixed rule)."`
	Stages     []string `default:"envs,run,analyze" enum:"envs,run,modernize,analyze,figures,report" help:"Stages to run, in order: envs, run, modernize, analyze, figures, report."`
	Agent      string   `default:"rules" placeholder:"AGENT" help:"Agent of the modernize stage (see erosion modernize --help)."`
}

func (c *StudyCmd) Help() string {
	return `Every path is checked before the first stage starts. In a --config file, relative paths (dataset,
results, eras, envs-dir, cache-dir, …) are relative to the file's folder. A study resumes: run it again
to finish an interrupted one.

Examples:

    erosion study --config configs/starter.yaml
    erosion study --config configs/demo.yaml --workers 4
    erosion study --dataset datasets/mini --backported --eras eras-slim --stages envs,run,analyze,report`
}

var stageOrder = []string{"envs", "run", "modernize", "analyze", "figures", "report"}

func (c *StudyCmd) Run(ctx context.Context, g *Globals) error {
	for i := 1; i < len(c.Stages); i++ {
		if slices.Index(stageOrder, c.Stages[i]) <= slices.Index(stageOrder, c.Stages[i-1]) {
			return usage(fmt.Errorf("--stages %v: name each stage once, in the order %v", c.Stages, stageOrder))
		}
	}
	// Everything the stages will need is checked before the first one
	// starts: a wrong path must not wait for environments to build.
	if c.Backend == "slurm" {
		c.Slurm, c.Backend = true, "auto"
	}
	run := &RunCmd{DatasetFlag: c.DatasetFlag, EnvFlags: c.EnvFlags, ResultsFlag: c.ResultsFlag, SubsetFlags: c.SubsetFlags,
		ExecFlags: c.ExecFlags, SlurmFlags: c.SlurmFlags, Resume: true, Confirm: c.Confirm, ConfirmAll: c.ConfirmAll}
	run.Wait = true // on Slurm: the next stage needs the shards merged
	plan, err := run.plan()
	if err != nil {
		return err
	}
	specs, eras, err := c.specs(c.SpecsFlag)
	if err != nil {
		return err
	}
	if _, err := c.limits(); err != nil {
		return err
	}
	if slices.Contains(c.Stages, "modernize") {
		if err := checkAgent(c.Agent); err != nil {
			return err
		}
		if _, err := c.find(c.Env[0]); err != nil {
			return err
		}
	}
	if c.Slurm {
		if _, err := slurm.Binary(c.Binary); err != nil {
			return usage(err)
		}
	}
	if err := checkWritable(c.Results, "--results"); err != nil {
		return err
	}
	if err := checkWritable(c.cacheDir(), "--cache-dir"); err != nil {
		return err
	}
	// analyze, figures and report render one Study, read once.
	sf := StudyFlags{Results: c.Results, Dataset: c.Dataset, loaded: &loadedStudy{}}
	for _, stage := range c.Stages {
		slog.Info("stage", "name", stage)
		var err error
		switch stage {
		case "envs":
			err = c.buildEnvs(ctx, specs, eras, plan.GraderEnvs())
		case "run":
			if c.Slurm {
				err = run.runSlurm(ctx, g, plan)
			} else {
				err = runPlan(ctx, plan, c.ExecFlags, c.ResultsFlag, true, "erosion study", "`erosion study` with the same flags")
			}
		case "modernize":
			_, err = modernize(ctx, c.DatasetFlag, c.ResultsFlag, c.SubsetFlags, c.ExecFlags, c.AgentFlags, c.Env[0], []string{c.Agent}, "erosion study", "`erosion study` with the same flags")
		case "analyze":
			err = (&AnalyzeCmd{StudyFlags: sf}).Run(ctx, nil)
		case "figures":
			err = (&FiguresCmd{StudyFlags: sf}).Run(ctx, nil)
		case "report":
			err = (&ReportCmd{StudyFlags: sf}).Run(ctx, nil)
		}
		if err != nil {
			if isInterrupt(err) {
				return err
			}
			return fmt.Errorf("stage %s: %w", stage, err)
		}
	}
	return nil
}

// checkWritable makes sure folder dir exists or can be made, as a usage
// error naming the flag.
func checkWritable(dir, flag string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usage(fmt.Errorf("%s %s: %v", flag, dir, err))
	}
	probe, err := os.CreateTemp(dir, ".erosion-probe-*")
	if err != nil {
		return usage(fmt.Errorf("%s %s is not writable: %v", flag, dir, err))
	}
	probe.Close()
	return os.Remove(filepath.Clean(probe.Name()))
}

// buildEnvs builds every environment the study runs in (the era
// environments too), on the backend the runs will use (with Slurm: the
// nodes' backend, here, for nodes that share the cache or load the images).
func (c *StudyCmd) buildEnvs(ctx context.Context, specs []*envs.Spec, eras *envs.Eras, graders []string) error {
	// The external graders' environments are built too: a run needs them.
	specs, err := study.EnvsToBuild(specs, eras, graders, c.find)
	if err != nil {
		return err
	}
	bf := c.BackendFlag
	if c.Slurm {
		bf.Backend = c.NodeBackend
	}
	be, release, err := bf.open(ctx)
	if err != nil {
		return err
	}
	defer release()
	for _, s := range specs {
		inv, err := backends.Ensure(ctx, be, s, c.cacheDir(), false)
		if err != nil {
			return err
		}
		slog.Info("environment ready", "env", s.Name, "python", inv.Python, "packages", len(inv.Packages), "digest", inv.Digest[:19])
	}
	return nil
}
