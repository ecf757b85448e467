package main

import (
	"context"
	"fmt"
	"time"

	"erosion/agents"
	"erosion/study"
)

// AgentFlags configure the agent of modernize, bench and study.
type AgentFlags struct {
	Mode         string        `default:"file" enum:"file,cell" help:"Fix the whole notebook (file) or the failing cell (cell)."`
	MaxFixes     int           `default:"16" help:"Most fixes per notebook (the study's budget is 16)."`
	HideTarget   bool          `help:"Do not show the agent the target score."`
	Snapshots    bool          `help:"Try each fix first from a snapshot of the run just before the cells it changes; only the notebook the agent ends with gets a full run, which alone counts."`
	AgentEnv     []string      `name:"agent-env" placeholder:"NAME[=VALUE]" help:"Variables a command agent may see: NAME (passed through) or NAME=value; it sees no other but PATH, HOME and LANG."`
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
	Env    string `default:"trixie-slim" placeholder:"NAME" help:"The current environment, the one the agent modernizes for."`
	Agent  string `required:"" placeholder:"AGENT" help:"Agent: rules, llm[:MODEL], command:PROGRAM[,ARG...] or predictions:FOLDER (see Agents above)."`
	Resume bool   `hidden:"" help:"Accepted for symmetry with run: modernize always resumes."`
}

func (c *ModernizeCmd) Run(ctx context.Context) error {
	_, err := modernize(ctx, c.DatasetFlag, c.ResultsFlag, c.SubsetFlags, c.ExecFlags, c.AgentFlags, c.Env, []string{c.Agent}, "erosion modernize")
	return err
}

// modernize runs each agent in turn over the dataset in env, in one results
// folder (so the original runs are shared), and returns their summaries.
func modernize(ctx context.Context, df DatasetFlag, rf ResultsFlag, sf SubsetFlags, ef ExecFlags, af AgentFlags, env string, agentSpecs []string, command string) ([]agents.Summary, error) {
	ao, err := af.options()
	if err != nil {
		return nil, err
	}
	if err := study.CheckAgents(agentSpecs); err != nil {
		return nil, err
	}
	ids, err := sf.ids()
	if err != nil {
		return nil, err
	}
	cfg := study.Config{Dataset: df.Dataset, Study: rf.Study, EnvsDir: ef.EnvsDir, Notebooks: ids, Competitions: sf.Competitions}
	plan, err := cfg.ModernizePlan(env)
	if err != nil {
		return nil, err
	}
	setup, err := ef.setup(ctx, rf.Results, command)
	if err != nil {
		return nil, err
	}
	sums, err := setup.ModernizeWith(ctx, plan, agentSpecs, ao)
	return sums, interrupted(err, "`"+command+"` with the same flags")
}

// options are the agent loop's settings the flags give.
func (f AgentFlags) options() (study.AgentOptions, error) {
	if f.MaxFixes < 1 {
		return study.AgentOptions{}, usage(fmt.Errorf("--max-fixes %d: give at least 1", f.MaxFixes))
	}
	return study.AgentOptions{ModernizeOptions: study.ModernizeOptions{Mode: f.Mode, MaxFixes: f.MaxFixes, HideTarget: f.HideTarget, Snapshots: f.Snapshots},
		CommandEnv: f.AgentEnv, CommandTimeout: f.AgentTimeout}, nil
}
