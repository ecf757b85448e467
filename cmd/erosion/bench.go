package main

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"erosion/agents"
	"erosion/records"
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
	Env    string   `default:"trixie-slim" placeholder:"NAME" help:"The current environment, the one the agents modernize for."`
	Agent  []string `required:"" sep:"none" placeholder:"AGENT" help:"Agents to compare (repeat the flag): rules, llm[:MODEL], command:PROGRAM[,ARG...], predictions:FOLDER (see Agents above)."`
	Agents []string `name:"agents" sep:"none" hidden:"" help:"More agents (the same as repeating --agent)."`
	JSON   bool     `name:"json" help:"Print the leaderboard as JSON (fields in the README's \"JSON output\") instead of Markdown."`
}

func (c *BenchCmd) Help() string {
	return agentsHelp + `

The leaderboard (leaderboard.md, leaderboard.parquet in --results) counts, per agent, the notebooks
attempted, those it had nothing for (missing), and those restored to reproducible and to executable.

Examples:

    erosion bench --dataset datasets/mini --agent rules --agent predictions:my-fixes --workers 4
    erosion bench --dataset datasets/mini --agent rules --agent llm:gpt-4o-mini --json > board.json`
}

func (c *BenchCmd) Run(ctx context.Context) error {
	all := append(slices.Clone(c.Agent), c.Agents...)
	if _, err := modernize(ctx, c.DatasetFlag, c.ResultsFlag, c.SubsetFlags, c.ExecFlags, c.AgentFlags, c.Env, all, "erosion bench", "`erosion bench` with the same flags"); err != nil {
		return err
	}
	attempts, err := results.ReadAttempts(c.Results)
	if err != nil {
		return err
	}
	warnMissing(attempts)
	board := agents.Leaderboard(attempts)
	if err := agents.WriteLeaderboard(c.Results, board); err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(leaderboardJSON(board))
	}
	fmt.Fprintf(stdout, "Leaderboard (%s)\n\n", filepath.Join(c.Results, "leaderboard.md"))
	return agents.WriteMarkdown(stdout, board)
}

// warnMissing says, per agent, which notebooks it had nothing for.
func warnMissing(attempts []records.Attempt) {
	missing := map[string][]string{}
	for _, a := range attempts {
		if a.Final && a.StopReason == "missing" {
			missing[a.Agent] = append(missing[a.Agent], a.NotebookID)
		}
	}
	for _, agent := range slices.Sorted(maps.Keys(missing)) {
		ids := missing[agent]
		slices.Sort(ids)
		show := ids[:min(10, len(ids))]
		more := ""
		if len(ids) > len(show) {
			more = fmt.Sprintf(" and %d more", len(ids)-len(show))
		}
		slog.Warn(fmt.Sprintf("agent %s has no prediction for %d notebooks: %s%s; they count as missing (attempted, not restored)",
			agent, len(ids), strings.Join(show, ", "), more))
	}
}

// standingJSON is one agent of bench --json; field names are stable.
type standingJSON struct {
	Agent                string             `json:"agent"`
	Attempted            int32              `json:"attempted"`
	Missing              int32              `json:"missing"`
	WithTarget           int32              `json:"with_target"`
	RestoredReproducible int32              `json:"restored_reproducible"`
	ReproducibleRate     *rateJSON          `json:"restored_reproducible_rate"`
	RestoredExecutable   int32              `json:"restored_executable"`
	ExecutableRate       *rateJSON          `json:"restored_executable_rate"`
	MeanFixes            float64            `json:"mean_fixes"`
	TokensIn             int64              `json:"tokens_in"`
	TokensOut            int64              `json:"tokens_out"`
	CostUSD              float64            `json:"cost_usd"`
	WallS                float64            `json:"wall_s"`
	ByCategory           map[string]catJSON `json:"by_start_category"`
}

// rateJSON is a proportion with its Wilson 95% interval; null when there
// is nothing to rate.
type rateJSON struct {
	Rate float64 `json:"rate"`
	Low  float64 `json:"ci_low"`
	High float64 `json:"ci_high"`
}

type catJSON struct {
	Attempted int32 `json:"attempted"`
	Restored  int32 `json:"restored"`
}

func leaderboardJSON(board []agents.Standing) []standingJSON {
	out := make([]standingJSON, 0, len(board))
	for _, s := range board {
		j := standingJSON{Agent: s.Agent, Attempted: s.Attempted, Missing: s.Missing, WithTarget: s.WithTarget,
			RestoredReproducible: s.RestoredReproducible, RestoredExecutable: s.RestoredExecutable, MeanFixes: s.MeanFixes,
			TokensIn: s.TokensIn, TokensOut: s.TokensOut, CostUSD: s.CostUSD, WallS: s.WallS, ByCategory: map[string]catJSON{}}
		if r := s.ReproducibleRate(); r.N > 0 {
			j.ReproducibleRate = &rateJSON{r.P, r.Lo, r.Hi}
		}
		if r := s.ExecutableRate(); r.N > 0 {
			j.ExecutableRate = &rateJSON{r.P, r.Lo, r.Hi}
		}
		for c, n := range s.AttemptedByCategory {
			j.ByCategory[c] = catJSON{Attempted: n, Restored: s.RestoredByCategory[c]}
		}
		out = append(out, j)
	}
	return out
}
