package agents_test

import (
	"fmt"
	"strings"
	"testing"

	"erosion/agents"
	"erosion/records"
)

// bench --json: a rate only where there is something to rate, and the
// restored notebooks per start category.
func TestLeaderboardJSON(t *testing.T) {
	attempts := []records.Attempt{
		{Agent: "rules", NotebookID: "a", StartCategory: "removed-api", StopReason: "restored", Status: records.StatusOK, HasTarget: true, Iteration: 1, Final: true},
		{Agent: "rules", NotebookID: "b", StartCategory: "removed-api", StopReason: "gave-up", Status: records.StatusError, Iteration: 1, Final: true},
		{Agent: "llm", NotebookID: "a", StartCategory: "removed-api", StopReason: "missing", Iteration: 1, Final: true},
	}
	board := agents.LeaderboardJSON(agents.Leaderboard(attempts))
	if len(board) != 2 {
		t.Fatalf("board %+v", board)
	}
	rules, llm := board[0], board[1]
	if rules.Agent != "rules" || rules.ReproducibleRate == nil || rules.ReproducibleRate.Rate != 1 || rules.ExecutableRate.Rate != 0.5 ||
		rules.ByCategory["removed-api"] != (agents.CategoryJSON{Attempted: 2, Restored: 1}) {
		t.Errorf("rules: %+v", rules)
	}
	if llm.ReproducibleRate != nil || llm.Missing != 1 {
		t.Errorf("llm: %+v", llm)
	}
}

// An agent without predictions is named with the notebooks it lacks, at
// most ten of them.
func TestMissingWarnings(t *testing.T) {
	var attempts []records.Attempt
	for i := range 12 {
		attempts = append(attempts, records.Attempt{Agent: "p", NotebookID: fmt.Sprintf("nb%02d", i), StopReason: "missing", Final: true})
	}
	attempts = append(attempts, records.Attempt{Agent: "rules", NotebookID: "x", StopReason: "restored", Final: true})
	w := agents.MissingWarnings(attempts)
	if len(w) != 1 || !strings.Contains(w[0], "agent p has no prediction for 12 notebooks: nb00, nb01,") || !strings.Contains(w[0], "nb09 and 2 more") {
		t.Errorf("warnings: %q", w)
	}
}
