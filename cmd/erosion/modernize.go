package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/docker/go-units"

	"erosion/agents"
	"erosion/datasets"
	"erosion/harness"
	"erosion/harness/envs"
)

// ModernizeCmd runs an agent on every notebook that does not reproduce in
// the current environment.
type ModernizeCmd struct {
	RunCmd     `embed:""`
	AgentFlags `embed:""`
	Agent      string `required:"" help:"Agent: rules, llm, command:<program>[,args], or predictions:<folder>."`
	Mode       string `default:"file" enum:"file,cell" help:"Fix the whole notebook (file) or the failing cell (cell)."`
	MaxFixes   int    `default:"16" help:"Most fixes per notebook (the study's budget is 16)."`
	HideTarget bool   `help:"Do not show the agent the target score."`
}

func (c *ModernizeCmd) Run(ctx context.Context, g *Globals) error {
	_, err := c.modernize(ctx, g, c.Agent)
	return err
}

// modernize runs one agent over the dataset in the first --env environment
// and returns its loop summary.
func (c *ModernizeCmd) modernize(ctx context.Context, g *Globals, agentSpec string) (agents.Summary, error) {
	var sum agents.Summary
	ds, err := datasets.Load(c.Dataset)
	if err != nil {
		return sum, usage(err)
	}
	if len(c.Env) != 1 {
		return sum, usage(fmt.Errorf("--env: name the one current environment to modernize for (got %v)", c.Env))
	}
	spec, err := envs.Find(g.EnvsDir, c.Env[0])
	if err != nil {
		return sum, usage(err)
	}
	study := c.Study
	if study == "" {
		study = ds.Name
	}
	plan, err := c.tasks(ds, study, func(datasets.Notebook) ([]*envs.Spec, string, error) { return []*envs.Spec{spec}, "", nil })
	if err != nil {
		return sum, usage(err)
	}
	h, be, release, inv, err := c.harness(ctx, g, ds, spec)
	if err != nil {
		return sum, err
	}
	defer release()
	agent, err := c.newAgent(agentSpec, be, inv)
	if err != nil {
		return sum, usage(err)
	}
	var items []agents.Item
	for _, p := range plan {
		t := p.task
		t.Env.Image, t.Env.Digest = inv.Ref, inv.Digest
		it := agents.Item{Task: t, DataFiles: dataFiles(ds, t.Competition)}
		if comp, err := ds.Competition(t.Competition); err == nil && comp != nil {
			it.Description, it.Metric, it.HigherIsBetter = comp.Description, comp.Metric, comp.HigherIsBetter
		}
		items = append(items, it)
	}
	pkgs := make([]agents.Package, len(inv.Packages))
	for i, p := range inv.Packages {
		pkgs[i] = agents.Package{Name: p.Name, Version: p.Version}
	}
	loop := &agents.Loop{Harness: h, Agent: agent, Mode: c.Mode, MaxFixes: c.MaxFixes, HideTarget: c.HideTarget,
		Workers: c.Workers, Python: inv.Python, Packages: pkgs}
	start := time.Now()
	sum, err = loop.Run(ctx, items)
	slog.Info("modernization finished", "agent", agent.Name(), "candidates", sum.Candidates, "restored", sum.Restored,
		"took", time.Since(start).Round(time.Second), "results", c.Results)
	if err != nil {
		return sum, err
	}
	return sum, writeVerdicts(c.Results, ds.Tolerance)
}

// harness opens the backend and builds a harness for one environment,
// recording its inventory in the results folder.
func (c *RunCmd) harness(ctx context.Context, g *Globals, ds *datasets.Dataset, spec *envs.Spec) (*harness.Harness, envBackend, func(), *envs.Inventory, error) {
	lim, timeout, err := c.limits(ds)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	be, release, err := c.open(ctx)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	ref, ok, err := be.Lookup(ctx, spec, g.CacheDir)
	if err == nil && !ok {
		err = fmt.Errorf("environment %s is not built for the %s backend: run `erosion envs build --backend %s %s`", spec.Name, be.Name(), be.Name(), spec.Name)
	}
	var inv *envs.Inventory
	if err == nil {
		inv, err = ensureInventoried(ctx, be, spec, g.CacheDir, false)
	}
	if err == nil {
		inv.Ref = ref
		err = recordPackages(c.Results, []*envs.Inventory{inv})
	}
	if err != nil {
		release()
		return nil, nil, nil, nil, err
	}
	h := &harness.Harness{Backend: be, Results: c.Results, Workers: c.Workers, Timeout: timeout, Limits: lim,
		Version: erosionVersion(), Retries: c.Retries, StopOnError: c.StopOnError, NoExecuted: !c.Executed}
	return h, be, release, inv, nil
}

// limits turns the resource flags into harness limits and the timeout.
func (c *RunCmd) limits(ds *datasets.Dataset) (harness.Limits, time.Duration, error) {
	if c.Workers < 1 {
		return harness.Limits{}, 0, usage(fmt.Errorf("--workers must be at least 1"))
	}
	mem, err := units.RAMInBytes(c.Memory)
	if err != nil || mem < 64<<20 {
		return harness.Limits{}, 0, usage(fmt.Errorf("--memory %q: give a size of at least 64MiB, e.g. 4GiB", c.Memory))
	}
	wcap, err := units.RAMInBytes(c.WorkingCap)
	if err != nil || wcap < 1<<20 {
		return harness.Limits{}, 0, usage(fmt.Errorf("--working-cap %q: give a size of at least 1MiB, e.g. 2GiB", c.WorkingCap))
	}
	timeout := c.Timeout
	if timeout == 0 && ds.TimeLimitS > 0 {
		timeout = time.Duration(ds.TimeLimitS) * time.Second
	}
	if timeout == 0 {
		timeout = 600 * time.Second
	}
	return harness.Limits{MemoryBytes: mem, Pids: c.Pids, CPUs: c.CPUs, OutputCap: harness.DefaultLimits.OutputCap, WorkingCap: wcap}, timeout, nil
}

// dataFiles lists what a notebook sees under /kaggle/input.
func dataFiles(ds *datasets.Dataset, slug string) []string {
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
