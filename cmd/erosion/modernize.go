package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"erosion/agents"
	"erosion/agents/agentspec"
	"erosion/harness/envs"
	"erosion/study"
)

// AgentFlags choose and configure the agent of modernize, bench and study.
type AgentFlags struct {
	Mode         string        `default:"file" enum:"file,cell" help:"Fix the whole notebook (file) or the failing cell (cell)."`
	MaxFixes     int           `default:"16" help:"Most fixes per notebook (the study's budget is 16)."`
	HideTarget   bool          `help:"Do not show the agent the target score."`
	AgentEnv     []string      `name:"agent-env" help:"Variables a command agent may see: NAME (passed through) or NAME=value."`
	AgentTimeout time.Duration `name:"agent-timeout" default:"10m" help:"Time limit per fix for command agents."`
}

// ModernizeCmd runs an agent on every notebook that does not reproduce in
// the current environment.
type ModernizeCmd struct {
	DatasetFlag
	ResultsFlag
	SubsetFlags
	ExecFlags
	AgentFlags
	Env    string `default:"trixie-slim" help:"The current environment, the one the agent modernizes for."`
	Agent  string `required:"" help:"Agent: rules, llm[:model], command:<program>[,args], or predictions:<folder>."`
	Resume bool   `hidden:"" help:"Accepted for symmetry with run: modernize always resumes."`
}

func (c *ModernizeCmd) Run(ctx context.Context, g *Globals) error {
	_, err := modernize(ctx, g, c.DatasetFlag, c.ResultsFlag, c.SubsetFlags, c.ExecFlags, c.AgentFlags, c.Env, []string{c.Agent}, "erosion modernize")
	return err
}

// modernize runs each agent in turn over the dataset in env, in one results
// folder (so the original runs are shared), and returns their summaries.
func modernize(ctx context.Context, g *Globals, df DatasetFlag, rf ResultsFlag, sf SubsetFlags, ef ExecFlags, af AgentFlags, env string, agentSpecs []string, command string) ([]agents.Summary, error) {
	if af.MaxFixes < 1 {
		return nil, usage(fmt.Errorf("--max-fixes %d: give at least 1", af.MaxFixes))
	}
	ds, err := df.load()
	if err != nil {
		return nil, err
	}
	spec, err := envs.Find(g.EnvsDir, env)
	if err != nil {
		return nil, usage(err)
	}
	plan, err := study.NewPlan(ds, study.Options{Study: rf.Study, Envs: []*envs.Spec{spec}, Specs: finder(g), Confirm: 1,
		Notebooks: sf.Notebooks, Competitions: sf.Competitions})
	if err != nil {
		return nil, planError(err)
	}
	x, closeAll, err := ef.executor(ctx, g, rf, command)
	if err != nil {
		return nil, err
	}
	defer closeAll()
	var sums []agents.Summary
	for _, a := range agentSpecs {
		start := time.Now()
		newAgent := func(inv *envs.Inventory) (agents.Agent, error) {
			ag, err := agentspec.New(a, x.Backend, inv, agentspec.Options{CommandEnv: af.AgentEnv, CommandTimeout: af.AgentTimeout})
			return ag, usage(err)
		}
		sum, err := x.Modernize(ctx, plan, newAgent, study.ModernizeOptions{Mode: af.Mode, MaxFixes: af.MaxFixes, HideTarget: af.HideTarget})
		slog.Info("modernization finished", "agent", a, "candidates", sum.Candidates, "restored", sum.Restored,
			"took", time.Since(start).Round(time.Second), "results", rf.Results)
		if err != nil {
			return sums, interrupted(fmt.Errorf("agent %s: %w", a, err), x.Results.Count(), command+" with the same flags")
		}
		sums = append(sums, sum)
	}
	return sums, nil
}
