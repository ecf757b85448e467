package main

import (
	"context"
	"fmt"
	"path/filepath"

	"erosion/agents"
	"erosion/results"
)

// BenchCmd runs several agents on the same non-reproducible notebooks and
// ranks them. Everything lands in one results folder, so the original runs
// are shared and a re-run reuses finished work.
type BenchCmd struct {
	DatasetFlag
	ResultsFlag
	SubsetFlags
	ExecFlags
	AgentFlags
	Env    string   `default:"trixie-slim" help:"The current environment, the one the agents modernize for."`
	Agent  []string `required:"" sep:"none" help:"Agents to compare (repeat the flag): rules, llm[:model], command:<program>[,args], predictions:<folder>."`
	Agents []string `name:"agents" sep:"none" hidden:"" help:"More agents (the same as repeating --agent)."`
}

func (c *BenchCmd) Run(ctx context.Context, g *Globals) error {
	if _, err := modernize(ctx, g, c.DatasetFlag, c.ResultsFlag, c.SubsetFlags, c.ExecFlags, c.AgentFlags, c.Env, append(c.Agent, c.Agents...), "erosion bench"); err != nil {
		return err
	}
	attempts, err := results.ReadAttempts(c.Results)
	if err != nil {
		return err
	}
	board := agents.Leaderboard(attempts)
	if err := agents.WriteLeaderboard(c.Results, board); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Leaderboard (%s)\n\n", filepath.Join(c.Results, "leaderboard.md"))
	return agents.WriteMarkdown(stdout, board)
}
