package agents_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"erosion/agents"
	"erosion/records"
	"erosion/results"
)

func TestLeaderboardWilsonIntervals(t *testing.T) {
	final := func(nb, start, stop, status string, target bool, it int32) records.Attempt {
		return records.Attempt{Agent: "rules", NotebookID: nb, StartCategory: start, StopReason: stop, Status: status,
			HasTarget: target, Iteration: it, Final: true}
	}
	attempts := []records.Attempt{
		{Agent: "rules", NotebookID: "a", StartCategory: "removed-api", Iteration: 1, Status: records.StatusError},
		final("a", "removed-api", "restored", records.StatusOK, true, 2),
		final("b", "removed-api", "max-fixes", records.StatusError, true, 16),
		final("c", "missing-module", "gave-up", "", false, 1),
		final("d", "missing-module", "restored", records.StatusOK, false, 1),
		final("e", "missing-module", "missing", "", false, 1), // another agent's, which had nothing for it
	}
	attempts[5].Agent = "llm"
	board := agents.Leaderboard(attempts)
	if len(board) != 2 || board[0].Agent != "rules" {
		t.Fatalf("board %+v", board)
	}
	s := board[0]
	// Wilson, z = 1.96: 1 of 2 → [0.0945, 0.9055]; 2 of 4 → [0.1500, 0.8500].
	if s.Attempted != 4 || s.WithTarget != 2 || s.RestoredReproducible != 1 || s.RestoredExecutable != 2 ||
		s.ReproducibleCILow == nil || int(1000**s.ReproducibleCILow) != 94 || int(1000**s.ReproducibleCIHigh) != 905 ||
		int(1000**s.ExecutableCILow) != 150 || int(1000**s.ExecutableCIHigh) != 849 {
		t.Errorf("standing %+v", s)
	}
	if s.AttemptedByCategory["missing-module"] != 2 || s.RestoredByCategory["missing-module"] != 1 {
		t.Errorf("by category %v of %v", s.RestoredByCategory, s.AttemptedByCategory)
	}
	// An agent with nothing graded has no interval to give.
	if board[1].WithTarget != 0 || board[1].ReproducibleCILow != nil || board[1].Missing != 1 || board[1].MeanFixes != 0 || s.Missing != 0 {
		t.Errorf("llm %+v", board[1])
	}

	var md bytes.Buffer
	if err := agents.WriteMarkdown(&md, board); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| rules | 4 | 0 | 1 / 2 (50%, 95% CI 9–91%) | 2 / 4 (50%, 95% CI 15–85%) |",
		"| llm | 1 | 1 | 0 / 0 | 0 / 1 (0%, 95% CI 0–79%) |",
		"| rules | 1 / 2 (50%, 95% CI 9–91%) | 1 / 2 (50%, 95% CI 9–91%) |", // by category: missing-module, removed-api
		"| llm | 0 / 1 (0%, 95% CI 0–79%) | – |",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("leaderboard.md lacks %q:\n%s", want, md.String())
		}
	}

	dir := t.TempDir()
	if err := agents.WriteLeaderboard(dir, board); err != nil {
		t.Fatal(err)
	}
	back, err := parquet.ReadFile[agents.Standing](filepath.Join(dir, "leaderboard.parquet"))
	if err != nil || len(back) != 2 || *back[0].ExecutableCIHigh != *s.ExecutableCIHigh || back[1].ReproducibleCILow != nil {
		t.Errorf("leaderboard.parquet: %v %+v", err, back)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "leaderboard.md")); !bytes.Equal(data, md.Bytes()) {
		t.Error("leaderboard.md differs from WriteMarkdown")
	}
}

// Restore rates per rule family and library count each notebook once under
// every family (library) a fix applied to it.
func TestLeaderboardByRuleFamily(t *testing.T) {
	atts := []records.Attempt{
		{Agent: "rules", NotebookID: "a", Iteration: 1, RuleFamilies: []string{"name-moved"}, RuleLibraries: []string{"pandas"}},
		{Agent: "rules", NotebookID: "a", Iteration: 2, RuleFamilies: []string{"keyword-renamed", "name-moved"}, RuleLibraries: []string{"scikit-learn"},
			Final: true, StopReason: "restored", Status: records.StatusOK},
		{Agent: "rules", NotebookID: "b", Iteration: 1, RuleFamilies: []string{"name-moved"}, RuleLibraries: []string{"pandas"},
			Final: true, StopReason: "max-fixes", Status: records.StatusError},
	}
	s := agents.Leaderboard(atts)[0]
	if s.AttemptedByFamily["name-moved"] != 2 || s.RestoredByFamily["name-moved"] != 1 ||
		s.AttemptedByFamily["keyword-renamed"] != 1 || s.RestoredByFamily["keyword-renamed"] != 1 ||
		s.AttemptedByLibrary["pandas"] != 2 || s.RestoredByLibrary["scikit-learn"] != 1 {
		t.Errorf("%+v", s)
	}
	var md bytes.Buffer
	agents.WriteMarkdown(&md, []agents.Standing{s})
	for _, want := range []string{"Restore rate by rule family", "| name-moved | 1 / 2", "Restore rate by library the rule is about", "| scikit-learn | 1 / 1"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("leaderboard lacks %q:\n%s", want, md.String())
		}
	}
}

// The board of a results folder's attempts is written beside them and
// printed as Markdown or JSON.
func TestPublishLeaderboard(t *testing.T) {
	dir := t.TempDir()
	f, err := results.Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []records.Attempt{
		{Agent: "rules", NotebookID: "a", StartCategory: "removed-api", StopReason: "restored", Status: records.StatusOK, HasTarget: true, Iteration: 1, Final: true},
		{Agent: "llm", NotebookID: "a", StartCategory: "removed-api", StopReason: "gave-up", Iteration: 1, Final: true},
	} {
		if err := f.AppendAttempt(a); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	var md, js bytes.Buffer
	if err := agents.PublishLeaderboard(&md, dir, false); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(md.String(), "Leaderboard ("+filepath.Join(dir, "leaderboard.md")+")") || !strings.Contains(md.String(), "rules") {
		t.Errorf("markdown:\n%s", md.String())
	}
	for _, name := range []string{"leaderboard.md", "leaderboard.parquet"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	if err := agents.PublishLeaderboard(&js, dir, true); err != nil {
		t.Fatal(err)
	}
	var board []agents.StandingJSON
	if err := json.Unmarshal(js.Bytes(), &board); err != nil || len(board) != 2 || board[0].Agent != "rules" {
		t.Errorf("JSON %s: %v", js.String(), err)
	}
}
