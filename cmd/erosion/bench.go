package main

import (
	"context"
	"fmt"
	"path/filepath"

	"erosion/agents"
)

// BenchCmd runs several agents on the same non-reproducible notebooks and
// ranks them. Everything lands in one results folder, so the original runs
// are shared and a re-run reuses finished work.
type BenchCmd struct {
	ModernizeCmd `embed:""`
	Agents       []string `name:"agents" sep:"none" help:"More agents to compare (repeat the flag); --agent is the first."`
}

func (c *BenchCmd) Run(ctx context.Context, g *Globals) error {
	for _, a := range append([]string{c.Agent}, c.Agents...) {
		if _, err := c.modernize(ctx, g, a); err != nil {
			return fmt.Errorf("agent %s: %w", a, err)
		}
	}
	attempts, err := agents.ReadAttempts(c.Results)
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
