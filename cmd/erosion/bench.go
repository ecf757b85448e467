package main

import (
	"context"
	"slices"

	"erosion/agents"
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
	Env    string   `default:"trixie-slim" placeholder:"NAME" help:"The current environment, the one the agents modernize for."`
	Agent  []string `required:"" sep:"none" placeholder:"AGENT" help:"Agents to compare (repeat the flag): rules, llm[:MODEL], command:PROGRAM[,ARG...], predictions:FOLDER (see Agents above)."`
	Agents []string `name:"agents" sep:"none" hidden:"" help:"More agents (the same as repeating --agent)."`
	JSON   bool     `name:"json" help:"Print the leaderboard as JSON (fields in the README's \"JSON output\") instead of Markdown."`
}

func (c *BenchCmd) Run(ctx context.Context) error {
	all := append(slices.Clone(c.Agent), c.Agents...)
	if _, err := modernize(ctx, c.DatasetFlag, c.ResultsFlag, c.SubsetFlags, c.ExecFlags, c.AgentFlags, c.Env, all, "erosion bench"); err != nil {
		return err
	}
	return agents.PublishLeaderboard(stdout, c.Results, c.JSON)
}
