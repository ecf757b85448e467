package agents

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"erosion/records"
)

// MissingWarnings say, per agent, which notebooks it had nothing for (at
// most ten named): they count as attempted, not restored.
func MissingWarnings(attempts []records.Attempt) []string {
	missing := map[string][]string{}
	for _, a := range attempts {
		if a.Final && a.StopReason == "missing" {
			missing[a.Agent] = append(missing[a.Agent], a.NotebookID)
		}
	}
	var out []string
	for _, agent := range slices.Sorted(maps.Keys(missing)) {
		ids := missing[agent]
		slices.Sort(ids)
		show := ids[:min(10, len(ids))]
		more := ""
		if len(ids) > len(show) {
			more = fmt.Sprintf(" and %d more", len(ids)-len(show))
		}
		out = append(out, fmt.Sprintf("agent %s has no prediction for %d notebooks: %s%s; they count as missing (attempted, not restored)",
			agent, len(ids), strings.Join(show, ", "), more))
	}
	return out
}

// StandingJSON is one agent of bench --json; its field names are stable.
type StandingJSON struct {
	Agent                string                  `json:"agent"`
	Attempted            int32                   `json:"attempted"`
	Missing              int32                   `json:"missing"`
	WithTarget           int32                   `json:"with_target"`
	RestoredReproducible int32                   `json:"restored_reproducible"`
	ReproducibleRate     *RateJSON               `json:"restored_reproducible_rate"`
	RestoredExecutable   int32                   `json:"restored_executable"`
	ExecutableRate       *RateJSON               `json:"restored_executable_rate"`
	MeanFixes            float64                 `json:"mean_fixes"`
	TokensIn             int64                   `json:"tokens_in"`
	TokensOut            int64                   `json:"tokens_out"`
	CostUSD              float64                 `json:"cost_usd"`
	WallS                float64                 `json:"wall_s"`
	ByCategory           map[string]CategoryJSON `json:"by_start_category"`
}

// RateJSON is a proportion with its Wilson 95% interval; null when there
// is nothing to rate.
type RateJSON struct {
	Rate float64 `json:"rate"`
	Low  float64 `json:"ci_low"`
	High float64 `json:"ci_high"`
}

// CategoryJSON is one start category of StandingJSON.
type CategoryJSON struct {
	Attempted int32 `json:"attempted"`
	Restored  int32 `json:"restored"`
}

// LeaderboardJSON is the board as bench --json prints it.
func LeaderboardJSON(board []Standing) []StandingJSON {
	out := make([]StandingJSON, 0, len(board))
	for _, s := range board {
		j := StandingJSON{Agent: s.Agent, Attempted: s.Attempted, Missing: s.Missing, WithTarget: s.WithTarget,
			RestoredReproducible: s.RestoredReproducible, RestoredExecutable: s.RestoredExecutable, MeanFixes: s.MeanFixes,
			TokensIn: s.TokensIn, TokensOut: s.TokensOut, CostUSD: s.CostUSD, WallS: s.WallS, ByCategory: map[string]CategoryJSON{}}
		if r := s.ReproducibleRate(); r.N > 0 {
			j.ReproducibleRate = &RateJSON{r.P, r.Lo, r.Hi}
		}
		if r := s.ExecutableRate(); r.N > 0 {
			j.ExecutableRate = &RateJSON{r.P, r.Lo, r.Hi}
		}
		for c, n := range s.AttemptedByCategory {
			j.ByCategory[c] = CategoryJSON{Attempted: n, Restored: s.RestoredByCategory[c]}
		}
		out = append(out, j)
	}
	return out
}
