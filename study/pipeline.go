package study

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"erosion/analysis"
	"erosion/buildinfo"
	"erosion/datasets"
	"erosion/harness/backends"
	"erosion/harness/envs"
	"erosion/harness/slurm"
)

// Stages are a pipeline's stages, in the order they run.
var Stages = []string{"envs", "run", "modernize", "analyze", "figures", "report"}

// Pipeline is a whole study as one call: the stages it names, in order —
// envs (build every environment the study runs in), run (here, or on a
// Slurm cluster), modernize (an agent on what does not reproduce), analyze,
// figures and report (rendering one analysis of the results folder, read
// once).
type Pipeline struct {
	Config
	Setup  Setup    // how runs are made here (Setup.Results is the results folder)
	Stages []string // default: envs, run, analyze
	// Slurm, when set, hands the run stage to a Slurm cluster and waits
	// for its shards; the envs stage then builds on NodeBackend.
	Slurm       *SlurmOptions
	NodeBackend string
	Agent       string // of the modernize stage (default: rules)
	Agents      AgentOptions
}

// Run checks everything the stages need (the stage order, the plan, the
// environments, the agent, the folders) before the first one starts, then
// runs them. It resumes: run it again to finish an interrupted study. A
// stage's error names the stage; an interrupted one is returned as it is.
func (p Pipeline) Run(ctx context.Context) error {
	stages := p.Stages
	if len(stages) == 0 {
		stages = []string{"envs", "run", "analyze"}
	}
	for _, s := range stages {
		if !slices.Contains(Stages, s) {
			return usage(fmt.Errorf("--stages %v: %q is no stage; choose from %v", stages, s, Stages))
		}
	}
	for i := 1; i < len(stages); i++ {
		if slices.Index(Stages, stages[i]) <= slices.Index(Stages, stages[i-1]) {
			return usage(fmt.Errorf("--stages %v: name each stage once, in the order %v", stages, Stages))
		}
	}
	// A wrong path must not wait for environments to build.
	plan, err := p.Plan()
	if err != nil {
		return err
	}
	toBuild, err := p.envsToBuild(plan)
	if err != nil {
		return err
	}
	agent := cmp.Or(p.Agent, "rules")
	if slices.Contains(stages, "modernize") {
		if err := CheckAgents([]string{agent}); err != nil {
			return err
		}
		if _, err := p.Find(p.currentEnv()); err != nil {
			return err
		}
	}
	if p.Slurm != nil {
		if _, err := slurm.Binary(p.Slurm.Binary); err != nil {
			return usage(err)
		}
	}
	if err := checkWritable(p.Setup.Results, "--results"); err != nil {
		return err
	}
	if err := checkWritable(p.Setup.cacheDir(), "--cache-dir"); err != nil {
		return err
	}
	var loaded *analysis.Study
	var ds *datasets.Dataset
	out := p.Setup.Out
	if out == nil {
		out = io.Discard
	}
	for _, stage := range stages {
		slog.Info("stage", "name", stage)
		if loaded == nil && slices.Contains([]string{"analyze", "figures", "report"}, stage) {
			if loaded, ds, err = LoadResults(p.Setup.Results, p.Dataset, nil); err != nil {
				return fmt.Errorf("stage %s: %w", stage, err)
			}
		}
		switch stage {
		case "envs":
			err = p.buildEnvs(ctx, toBuild)
		case "run":
			if p.Slurm != nil {
				o := *p.Slurm
				o.Resume, o.Wait = true, true // the next stage needs the shards merged
				err = p.Setup.Submit(ctx, plan, o)
			} else {
				_, err = p.Setup.Run(ctx, plan, true)
			}
		case "modernize":
			var mp *Plan
			if mp, err = p.ModernizePlan(p.currentEnv()); err == nil {
				_, err = p.Setup.ModernizeWith(ctx, mp, []string{agent}, p.Agents)
			}
		case "analyze":
			err = Analyze(out, loaded, ds, cmp.Or(p.Setup.Version, buildinfo.Version()), false)
		case "figures":
			err = Figures(out, loaded, ds, "")
		case "report":
			err = Report(out, loaded, ds, "", cmp.Or(p.Setup.Version, buildinfo.Version()))
		}
		if err != nil {
			if Interrupted(err) {
				return err
			}
			return fmt.Errorf("stage %s: %w", stage, err)
		}
	}
	return nil
}

// currentEnv is the environment the modernize stage modernizes for: the
// first the study names.
func (p Pipeline) currentEnv() string {
	if len(p.Envs) == 0 {
		return ""
	}
	return p.Envs[0]
}

// envsToBuild is every environment the study runs in: the ones it names,
// every environment of its era table, and its external graders'.
func (p Pipeline) envsToBuild(plan *Plan) ([]*envs.Spec, error) {
	var specs []*envs.Spec
	for _, name := range p.Envs {
		s, err := p.Find(name)
		if err != nil {
			return nil, err
		}
		specs = append(specs, s)
	}
	var eras *envs.Eras
	if p.Backported {
		var err error
		if eras, err = p.EraTable(cmp.Or(p.Eras, "eras")); err != nil {
			return nil, err
		}
	}
	return EnvsToBuild(specs, eras, plan.GraderEnvs(), p.Find)
}

// EnvsToBuild are specs and, after them, the other environments a study
// runs in: its external graders' (graders) and the era environments of
// backported runs (eras, nil without them); find finds a spec by name.
func EnvsToBuild(specs []*envs.Spec, eras *envs.Eras, graders []string, find func(string) (*envs.Spec, error)) ([]*envs.Spec, error) {
	names := slices.Clone(graders)
	if eras != nil {
		for _, e := range eras.Eras {
			names = append(names, e.Env)
		}
	}
	out := slices.Clone(specs)
	for _, name := range names {
		if !slices.ContainsFunc(out, func(s *envs.Spec) bool { return s.Name == name }) {
			s, err := find(name)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// buildEnvs builds specs on the backend the runs will use (with Slurm: the
// nodes' backend, here, for nodes that share the cache or load the images).
func (p Pipeline) buildEnvs(ctx context.Context, specs []*envs.Spec) error {
	name := p.Setup.Backend
	if p.Slurm != nil {
		name = p.NodeBackend
	}
	be, err := backends.Open(ctx, cmp.Or(name, "auto"))
	if err != nil {
		return err
	}
	defer backends.Close(be)
	_, err = backends.EnsureAll(ctx, be, specs, p.Setup.cacheDir(), false)
	return err
}

// checkWritable makes sure folder dir exists or can be made, as a
// UsageError naming what it is.
func checkWritable(dir, what string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usage(fmt.Errorf("%s %s: %v", what, dir, err))
	}
	probe, err := os.CreateTemp(dir, ".erosion-probe-*")
	if err != nil {
		return usage(fmt.Errorf("%s %s is not writable: %v", what, dir, err))
	}
	probe.Close()
	return os.Remove(filepath.Clean(probe.Name()))
}
