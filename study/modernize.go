package study

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"erosion/agents"
	"erosion/agents/agentspec"
	"erosion/datasets"
	"erosion/harness/backends"
	"erosion/harness/envs"
)

// ModernizeOptions are the agent loop's settings.
type ModernizeOptions struct {
	Mode       string // agents.FileLevel or agents.CellLevel
	MaxFixes   int    // 0: the study's 16
	HideTarget bool
	Snapshots  bool // try fixes on snapshot sessions first (agents.Loop.Snapshots)
}

// NewAgent makes the agent for the environment it modernizes for (the
// rules agent runs its rewriter inside that environment).
type NewAgent func(env *envs.Inventory) (agents.Agent, error)

// Modernize runs an agent on every notebook of the plan that does not
// reproduce in the plan's one environment (the current one): run → grade →
// fix → run, until it reproduces, the agent gives up or the fixes are
// spent. Iterations land in the attempts table, the modernized runs in
// runs with the agent's name, the notebooks under modernized/<agent>/.
func (x *Executor) Modernize(ctx context.Context, p *Plan, newAgent NewAgent, o ModernizeOptions) (agents.Summary, error) {
	var sum agents.Summary
	specs := p.Specs()
	if len(specs) != 1 || specs[0].Name != p.Tasks[0].Env.Name {
		return sum, fmt.Errorf("modernize: the plan must name the one current environment (it has %d)", len(specs))
	}
	if err := x.prepare(ctx, p); err != nil {
		return sum, err
	}
	h, err := x.harness(ctx, p)
	if err != nil {
		return sum, err
	}
	inv, err := backends.Ready(ctx, x.Backend, specs[0], x.CacheDir)
	if err != nil {
		return sum, err
	}
	agent, err := newAgent(inv)
	if err != nil {
		return sum, err
	}
	if c, ok := agent.(io.Closer); ok {
		defer c.Close() // the rules agent's warm rewriter
	}
	var items []agents.Item
	for _, t := range p.Tasks {
		it := agents.Item{Task: t.Task, DataFiles: DataFiles(p.Dataset, t.Competition)}
		if comp, err := p.Dataset.Competition(t.Competition); err == nil && comp != nil {
			it.Description, it.Metric, it.HigherIsBetter = comp.Description, comp.Metric, comp.HigherIsBetter
		}
		items = append(items, it)
	}
	pkgs := make([]agents.Package, len(inv.Packages))
	for i, pk := range inv.Packages {
		pkgs[i] = agents.Package{Name: pk.Name, Version: pk.Version}
	}
	if x.Progress != nil {
		p, done := x.Progress("modernize " + agent.Name())
		h.Progress = p
		defer done()
	}
	loop := &agents.Loop{Harness: h, Agent: agent, Mode: o.Mode, MaxFixes: o.MaxFixes, HideTarget: o.HideTarget, Snapshots: o.Snapshots,
		Workers: max(1, x.Workers), Python: inv.Python, Packages: pkgs, Log: x.Log}
	sum, err = loop.Run(ctx, items)
	if err != nil {
		return sum, err
	}
	return sum, x.WriteVerdicts(p)
}

// DataFiles lists what a notebook of competition slug sees under
// /kaggle/input.
func DataFiles(ds *datasets.Dataset, slug string) []string {
	var out []string
	root := ds.DataDir(slug)
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, "/kaggle/input/"+slug+"/"+filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out
}

// AgentOptions are how agents are made and run by ModernizeWith.
type AgentOptions struct {
	ModernizeOptions
	// CommandEnv are the variables a command agent may see (NAME, passed
	// through, or NAME=value); CommandTimeout its time limit per fix.
	CommandEnv     []string
	CommandTimeout time.Duration
}

// CheckAgents refuses agent specs that name no agent kind, as UsageErrors.
func CheckAgents(specs []string) error {
	for _, a := range specs {
		if err := agentspec.Check(a); err != nil {
			return usage(err)
		}
	}
	return nil
}

// ModernizeWith runs each agent of specs (rules, llm[:MODEL],
// command:PROGRAM[,ARG...], predictions:FOLDER; see agentspec) in turn over
// the plan on this machine, in one results folder so that the original
// runs are shared, and returns the summaries of those that finished. A bad
// agent spec is a UsageError; a cancelled one an InterruptedError.
func (s Setup) ModernizeWith(ctx context.Context, plan *Plan, specs []string, o AgentOptions) ([]agents.Summary, error) {
	if o.MaxFixes < 0 {
		return nil, usage(fmt.Errorf("--max-fixes %d: give at least 1", o.MaxFixes))
	}
	if err := CheckAgents(specs); err != nil {
		return nil, err
	}
	x, closeAll, err := Open(ctx, s)
	if err != nil {
		return nil, err
	}
	defer closeAll()
	var sums []agents.Summary
	for _, a := range specs {
		start := time.Now()
		newAgent := func(inv *envs.Inventory) (agents.Agent, error) {
			ag, err := agentspec.New(a, x.Backend, inv, agentspec.Options{CommandEnv: o.CommandEnv, CommandTimeout: o.CommandTimeout})
			return ag, usage(err)
		}
		sum, err := x.Modernize(ctx, plan, newAgent, o.ModernizeOptions)
		slog.Info("modernization finished", "agent", a, "candidates", sum.Candidates, "restored", sum.Restored,
			"took", time.Since(start).Round(time.Second), "results", s.Results)
		if err != nil {
			if Interrupted(err) {
				return sums, interrupted(err, x.Results.Count())
			}
			return sums, fmt.Errorf("agent %s: %w", a, err)
		}
		sums = append(sums, sum)
	}
	return sums, nil
}
