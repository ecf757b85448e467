package study_test

import (
	"bytes"
	"strings"
	"testing"

	"erosion/datasets"
	"erosion/harness"
	"erosion/harness/envs"
	"erosion/records"
	"erosion/study"
)

// The closing summary counts each planned notebook's first run by status
// and its confirmed verdict; agents' runs and unplanned runs are left out.
func TestWriteSummary(t *testing.T) {
	target, score := 0.8, 0.79
	runs := []records.Run{
		{NotebookID: "a", Environment: "trixie-slim", Status: records.StatusOK, OutcomeClass: records.ClassErrorFreeReproducible, TargetScore: &target, Score: &score},
		{NotebookID: "b", Environment: "trixie-slim", Status: records.StatusError, OutcomeClass: records.ClassErrorNonReproducible, TargetScore: &target},
		{NotebookID: "c", Environment: "trixie-slim", Status: records.StatusTimeout, OutcomeClass: records.ClassFailed},
		{NotebookID: "a", Environment: "trixie-slim", Agent: "rules", Status: records.StatusCrash},
		{NotebookID: "z", Environment: "trixie-slim", Status: records.StatusCrash},
	}
	plan := &study.Plan{Tolerance: 0.1}
	for _, nb := range []string{"a", "b", "c"} {
		plan.Tasks = append(plan.Tasks, study.Task{Task: harness.Task{NotebookID: nb, Env: harness.Env{Name: "trixie-slim"}}})
	}
	var buf bytes.Buffer
	study.WriteSummary(&buf, plan, runs, "res")
	fields := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if want := "trixie-slim 3 1 1 1 0 1 of 2"; !strings.Contains(fields(buf.String()), want) {
		t.Errorf("summary lacks %q:\n%s", want, buf.String())
	}
}

// A dry run counts the planned runs per environment and, for backported
// runs, the era environments they run in.
func TestWriteDryRun(t *testing.T) {
	plan := &study.Plan{Dataset: &datasets.Dataset{Name: "mini"}, Confirm: 3}
	for i, era := range []string{"bullseye-slim", "bookworm-slim", "bullseye-slim"} {
		nb := string(rune('a' + i))
		plan.Tasks = append(plan.Tasks,
			study.Task{Task: harness.Task{NotebookID: nb, Env: harness.Env{Name: "trixie-slim"}}, Spec: &envs.Spec{Name: "trixie-slim"}},
			study.Task{Task: harness.Task{NotebookID: nb, Env: harness.Env{Name: study.BackportedEnv}}, Spec: &envs.Spec{Name: era}})
	}
	var buf bytes.Buffer
	if err := study.WriteDryRun(&buf, plan, t.TempDir(), false); err != nil {
		t.Fatal(err)
	}
	out := strings.Join(strings.Fields(buf.String()), " ")
	for _, want := range []string{"dataset mini, 3 notebooks, 2 environments", "backported 3 0 3 (in bookworm-slim 1, bullseye-slim 2)",
		"total 6 0 6", "then 2 more runs", "dry run: nothing was run"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, buf.String())
		}
	}
}
