package analysis_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"erosion/analysis"
	"erosion/analysis/analysistest"
	"erosion/records"
)

// modernizedResults is a study of five notebooks in trixie and two agents:
//
//	          a  b  c  d  e
//	trixie    R  n  n  E  F      (d has no target)
//	+rules    .  R  ·  ·  .      b: two fixes, the second reproduced;
//	                             c: gave up at the first fix; d: the agent
//	                             failed at the first fix; e: never reached
//	+llm      .  ·  ·  .  .      b, c: gave up at the first fix
//
// a reproduced in trixie, so neither agent had it to fix.
func modernizedResults(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	target := 0.8
	run := func(nb, agent string, attempt int32, status, class, fail string, graded bool) records.Run {
		at = at.Add(time.Minute)
		r := records.Run{Study: "s", Dataset: "d", NotebookID: nb, Competition: "titanic", Environment: "trixie", Agent: agent,
			EnvDigest: "sha256:77", Attempt: attempt, Status: status, OutcomeClass: class, FailureCategory: fail,
			DurationS: 10 + float64(attempt), StartedAt: at, FinishedAt: at.Add(10 * time.Second), Backend: "docker", ErosionVersion: "t"}
		if graded {
			r.TargetScore = &target
		}
		return r
	}
	runs := []records.Run{
		run("a", "", 0, records.StatusOK, records.ClassErrorFreeReproducible, "", true),
		run("b", "", 0, records.StatusError, records.ClassErrorNonReproducible, "removed-api", true),
		run("c", "", 0, records.StatusError, records.ClassErrorNonReproducible, "missing-module", true),
		run("d", "", 0, records.StatusError, records.ClassError, "value-dtype", false),
		run("e", "", 0, records.StatusTimeout, records.ClassFailed, "timeout", true),
		run("b", "rules", 1, records.StatusError, records.ClassErrorNonReproducible, "changed-signature", true),
		run("b", "rules", 2, records.StatusOK, records.ClassErrorFreeReproducible, "", true),
	}
	if _, err := records.Runs.Write(dir, runs); err != nil {
		t.Fatal(err)
	}
	att := func(nb, agent string, it int32, final bool, stop string) records.Attempt {
		return records.Attempt{Study: "s", Dataset: "d", NotebookID: nb, Competition: "titanic", Environment: "trixie", Agent: agent,
			Iteration: it, Final: final, StopReason: stop, HasTarget: nb != "d"}
	}
	attempts := []records.Attempt{
		att("b", "rules", 1, false, ""), att("b", "rules", 2, true, "restored"),
		att("c", "rules", 1, true, "gave-up"), att("d", "rules", 1, true, "agent-error"),
		att("b", "llm", 1, true, "gave-up"), att("c", "llm", 1, true, "gave-up"),
	}
	if _, err := records.Attempts.Write(dir, attempts); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestModernizedCountsEveryCandidate(t *testing.T) {
	s, err := analysis.Load(modernizedResults(t), analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"trixie", "trixie+llm", "trixie+rules"}; !slices.Equal(s.Envs, want) {
		t.Fatalf("environments %v, want %v", s.Envs, want)
	}
	want := []analysis.Modernization{
		{Env: "trixie+llm", Base: "trixie", Agent: "llm", Candidates: 4, Ran: 0, GaveUp: 2, NotAttempted: 2},
		{Env: "trixie+rules", Base: "trixie", Agent: "rules", Candidates: 4, Ran: 1, GaveUp: 2, NotAttempted: 1},
	}
	if !slices.Equal(s.Modernized, want) {
		t.Errorf("modernized\n%+v, want\n%+v", s.Modernized, want)
	}
	carried := map[string]string{}
	for _, u := range s.UnitsOf("trixie+rules") {
		carried[u.Notebook] = u.Carried + "/" + u.Class
	}
	if w := map[string]string{"b": "/" + records.ClassErrorFreeReproducible, "c": "gave up/" + records.ClassErrorNonReproducible,
		"d": "gave up/" + records.ClassError, "e": "not attempted/" + records.ClassFailed}; !maps(carried, w) {
		t.Errorf("trixie+rules units %v, want %v", carried, w)
	}
	rates := s.Rates()
	// trixie+rules: 1 of 4 candidates meets the criterion (b); graded: b,
	// c, e → 1 of 3 reproduced; executable: b only.
	r := rates[2]
	if r.Env != "trixie+rules" || r.Notebooks != 4 || r.Success.K != 1 || r.Success.N != 4 || r.Reproducible.K != 1 || r.Reproducible.N != 3 || r.Executable.K != 1 {
		t.Errorf("trixie+rules rates %+v", r)
	}
	if r := rates[1]; r.Env != "trixie+llm" || r.Notebooks != 4 || r.Success.K != 0 {
		t.Errorf("trixie+llm rates %+v", r)
	}
	// The transition from trixie pairs every candidate: one fixed, three
	// failing in both.
	for _, tr := range s.Transitions() {
		if tr.From == "trixie" && tr.To == "trixie+rules" && (tr.Paired != 4 || tr.Fixed != 1 || tr.Neither != 3) {
			t.Errorf("transition %+v", tr)
		}
	}
	// Runtimes time only the agent's own runs.
	for _, rt := range s.Runtimes() {
		if rt.Env == "trixie+rules" && (rt.N != 1 || rt.Max != 12) {
			t.Errorf("trixie+rules runtime %+v", rt)
		}
		if rt.Env == "trixie+llm" {
			t.Errorf("trixie+llm has no run to time: %+v", rt)
		}
	}
	var md bytes.Buffer
	s.EnvironmentsTable().Markdown(&md)
	if !strings.Contains(md.String(), "| trixie+rules | 4 | 1 | 25.0 | [4.6, 69.9] | 3 | 1 | 33.3 | [6.1, 79.2] | 25.0 | [4.6, 69.9] | 2 | 1 |") ||
		!strings.Contains(md.String(), "| trixie | 5 | 1 | 20.0 |") || !strings.Contains(md.String(), "| – | – |") {
		t.Errorf("environments table:\n%s", md.String())
	}
	head := strings.Join(s.Headline(), "\n")
	if !strings.Contains(head, "trixie+rules: 1 of 4 candidates (every notebook that failed in trixie) ran without an error") ||
		!strings.Contains(head, "the agent gave up on 2 before any fix ran and did not attempt 1 (these keep their outcome in trixie)") {
		t.Errorf("headline:\n%s", head)
	}
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// nullRun is a runs row as a writer that stores "none" as NULL (not "" or
// -1) writes it.
type nullRun struct {
	Dataset         string   `parquet:"dataset"`
	NotebookID      string   `parquet:"notebook_id"`
	Competition     *string  `parquet:"competition,optional"`
	Agent           *string  `parquet:"agent,optional"`
	Attempt         int32    `parquet:"attempt"`
	Status          string   `parquet:"status"`
	OutcomeClass    string   `parquet:"outcome_class"`
	FailureCategory *string  `parquet:"failure_category,optional"`
	FailingCell     *int32   `parquet:"failing_cell,optional"`
	DurationS       float64  `parquet:"duration_s"`
	TargetScore     *float64 `parquet:"target_score,optional"`
}

func TestNullAndEmptyMeanNone(t *testing.T) {
	// The same two outcomes, once with "" for none and once with NULL.
	empty, null := t.TempDir(), t.TempDir()
	tg := 0.5
	if _, err := records.Runs.Write(empty, []records.Run{
		{Dataset: "d", NotebookID: "a", Environment: "trixie", Status: records.StatusOK, OutcomeClass: records.ClassErrorFreeReproducible, TargetScore: &tg},
		{Dataset: "d", NotebookID: "a", Environment: "trixie", Agent: "rules", Attempt: 1, Status: records.StatusError, OutcomeClass: records.ClassError, FailureCategory: "removed-api", FailingCell: records.Cell32(2)},
	}); err != nil {
		t.Fatal(err)
	}
	rules, cat, cell := "rules", "removed-api", int32(2)
	part := filepath.Join(null, "runs", "environment=trixie", "part-0.parquet")
	if err := os.MkdirAll(filepath.Dir(part), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := parquet.WriteFile(part, []nullRun{
		{Dataset: "d", NotebookID: "a", Status: records.StatusOK, OutcomeClass: records.ClassErrorFreeReproducible, TargetScore: &tg},
		{Dataset: "d", NotebookID: "a", Agent: &rules, Attempt: 1, Status: records.StatusError, OutcomeClass: records.ClassError, FailureCategory: &cat, FailingCell: &cell},
	}); err != nil {
		t.Fatal(err)
	}
	a, err := analysis.Load(empty, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := analysis.Load(null, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Envs, []string{"trixie", "trixie+rules"}) || !slices.Equal(a.Envs, b.Envs) {
		t.Fatalf("environments %v and %v", a.Envs, b.Envs)
	}
	for i := range a.Units {
		x, y := a.Units[i], b.Units[i]
		if x.Env != y.Env || x.Status != y.Status || x.Class != y.Class || x.Failure != y.Failure || x.Graded != y.Graded || x.Competition != y.Competition {
			t.Errorf("\"\" and NULL read differently:\n%+v\n%+v", x, y)
		}
	}
}

func TestProgressAgainstThePlan(t *testing.T) {
	dir := t.TempDir()
	analysistest.Write(t, dir)
	s, err := analysis.Load(dir, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Planned from the runs: every notebook has an outcome in trixie,
	// bullseye and backported (trixie+llm counts candidates, not notebooks).
	if p := s.Progress(); !p.Complete() || p.Planned != 10 || p.Source != analysis.PlannedFromResults {
		t.Errorf("progress %+v", p)
	}
	// The dataset plans two more, never run.
	var ids []string
	for _, nb := range analysistest.Notebooks {
		ids = append(ids, nb.ID)
	}
	s.Plan(analysis.PlannedFromDataset, "fixture", append(ids, "n11", "n12"), nil)
	p := s.Progress()
	if p.Complete() || p.Planned != 12 || p.Done != 10 || p.Source != analysis.PlannedFromDataset {
		t.Errorf("progress %+v", p)
	}
	if got := p.Pending["bullseye"]; len(got) != 2 || got[0] != [2]string{"fixture", "n11"} {
		t.Errorf("pending in bullseye %v", got)
	}
	if _, ok := p.Pending["trixie+llm"]; ok {
		t.Error("a modernized environment does not make notebooks pending")
	}
	// A plan that names an environment nothing ran in yet: no notebook is
	// done.
	s.Plan(analysis.PlannedFromSlurm, "fixture", ids, []string{"trixie", "bookworm"})
	if p := s.Progress(); p.Done != 0 || len(p.Pending["bookworm"]) != 10 {
		t.Errorf("progress with bookworm planned: %+v", p)
	}
}

func TestTextTable(t *testing.T) {
	s := load(t)
	var b bytes.Buffer
	if err := s.EnvironmentsTable().Text(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if lines[0] != "Executability and reproducibility per environment" {
		t.Errorf("title %q", lines[0])
	}
	// Long heads wrap over up to three lines, bottom-aligned; numbers are
	// right-aligned under their heads.
	h := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "Environment") })
	if h != 4 || !strings.HasSuffix(lines[2], "  Reproducible") || !strings.HasSuffix(lines[3], "or                Gave") {
		t.Errorf("heads:\n%s", strings.Join(lines[:h+1], "\n"))
	}
	row := lines[h+1]
	if !strings.HasPrefix(row, "trixie      ") || !strings.Contains(row, "     10           4  40.0  [16.8, 68.7]") || !strings.HasSuffix(row, "[16.8, 68.7]     –") {
		t.Errorf("row %q", row)
	}
	for _, l := range lines[h+1 : h+5] {
		if len([]rune(l)) != len([]rune(lines[h])) {
			t.Errorf("line %q is not as wide as the header %q", l, lines[h])
		}
	}
}
