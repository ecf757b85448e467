package records

import (
	"slices"
	"testing"
)

// The rule ids of a fix survive the attempts table, as a list column.
func TestAttemptRulesRoundTrip(t *testing.T) {
	root := t.TempDir()
	rows := []Attempt{
		{Study: "s", NotebookID: "a", Environment: "trixie", Agent: "rules", Iteration: 1, Rules: []string{"pandas-ix", "numpy-float-alias"}},
		{Study: "s", NotebookID: "a", Environment: "trixie", Agent: "rules", Iteration: 2, Rules: []string{"pandas-numeric-only"}, MeaningChanging: true},
		{Study: "s", NotebookID: "b", Environment: "trixie", Agent: "llm", Iteration: 1},
	}
	if _, err := Attempts.Write(root, rows); err != nil {
		t.Fatal(err)
	}
	got, err := Attempts.Read(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("read %d rows, want %d", len(got), len(rows))
	}
	for i := range rows {
		if !slices.Equal(got[i].Rules, rows[i].Rules) || got[i].MeaningChanging != rows[i].MeaningChanging {
			t.Errorf("row %d: rules %q meaning %v, want %q %v", i, got[i].Rules, got[i].MeaningChanging, rows[i].Rules, rows[i].MeaningChanging)
		}
	}
}
