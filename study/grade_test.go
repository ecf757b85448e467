package study_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/datasets"
	"erosion/grading"
	"erosion/grading/external"
	"erosion/study"
)

// Graded on the host as a run's submission is: the answers themselves
// score 1, a missing file and a wrong column are invalid with a reason.
func TestGradeFile(t *testing.T) {
	ds, err := datasets.Load("../datasets/mini")
	if err != nil {
		t.Fatal(err)
	}
	g, comp, err := study.CompetitionGrading(ds, "titanic")
	if err != nil || comp == nil {
		t.Fatalf("titanic grading: %v", err)
	}
	dir := t.TempDir()
	answers, _ := os.ReadFile(ds.AnswersPath("titanic"))
	os.WriteFile(filepath.Join(dir, "good.csv"), answers, 0o644)
	os.WriteFile(filepath.Join(dir, "bad.csv"), []byte("PassengerId,Lived\n701,1\n"), 0o644)

	good := study.GradeFile(context.Background(), g, study.Submission{Competition: "titanic", Path: filepath.Join(dir, "good.csv")})
	if !good.Valid || good.Score == nil || *good.Score != 1 || !strings.HasPrefix(good.Grader, "builtin: ") {
		t.Errorf("the answers as a submission: %+v", good)
	}
	missing := study.GradeFile(context.Background(), g, study.Submission{Competition: "titanic", Path: filepath.Join(dir, "none.csv")})
	if missing.Valid || missing.Reason != grading.ReasonMissing {
		t.Errorf("a missing file: %+v", missing)
	}
	bad := study.GradeFile(context.Background(), g, study.Submission{Competition: "titanic", Path: filepath.Join(dir, "bad.csv")})
	if bad.Valid || bad.Reason == "" || bad.Score != nil {
		t.Errorf("a wrong column: %+v", bad)
	}
	var buf bytes.Buffer
	if err := study.WriteGraded(&buf, []study.Graded{good, bad}, false); err != nil {
		t.Errorf("no grader failed, yet: %v", err)
	}
	if err := study.WriteGraded(&buf, []study.Graded{{Competition: "titanic", Reason: study.GraderFailed}}, true); err == nil {
		t.Error("a failed grader is not an error")
	}
}

// A submissions list: paths relative to the list, competitions of the
// dataset only; folders give their *.csv files.
func TestReadSubmissions(t *testing.T) {
	ds, err := datasets.Load("../datasets/mini")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	list := filepath.Join(dir, "subs.jsonl")
	os.WriteFile(list, []byte("# mine\n{\"competition_id\": \"titanic\", \"submission_path\": \"a.csv\"}\n\n"), 0o644)
	subs, err := study.ReadSubmissions(list, ds)
	if err != nil || len(subs) != 1 || subs[0] != (study.Submission{Competition: "titanic", Path: filepath.Join(dir, "a.csv")}) {
		t.Errorf("got %v, %v", subs, err)
	}
	os.WriteFile(list, []byte("{\"competition_id\": \"nope\", \"submission_path\": \"a.csv\"}\n"), 0o644)
	if _, err := study.ReadSubmissions(list, ds); err == nil || !strings.Contains(err.Error(), `competition "nope" is not in dataset`) {
		t.Errorf("an unknown competition: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "b.csv"), nil, 0o644)
	subs, err = study.SubmissionFiles(ds, "titanic", []string{dir, "x.csv"})
	if err != nil || len(subs) != 2 || subs[0].Path != filepath.Join(dir, "b.csv") || subs[1].Path != "x.csv" {
		t.Errorf("got %v, %v", subs, err)
	}
	if _, err := study.SubmissionFiles(ds, "titanic", []string{t.TempDir()}); err == nil {
		t.Error("a folder without *.csv is accepted")
	}
	if _, err := study.SubmissionFiles(ds, "nope", []string{"x.csv"}); err == nil || !strings.Contains(err.Error(), "--competition nope is not in dataset "+ds.Dir+" (it has ") {
		t.Errorf("an unknown competition: %v", err)
	}
}

// Every competition of a dataset says what grades it.
func TestDescribeGraders(t *testing.T) {
	ds, err := datasets.Load("../datasets/mini")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := study.DescribeGraders(ds)
	if err != nil || len(rows) != len(ds.CompetitionSlugs()) {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	for _, r := range rows {
		if r.Kind != "builtin" || !strings.HasPrefix(r.Grader, "builtin: ") {
			t.Errorf("%s: %+v", r.Competition, r)
		}
	}
}

// A competition without competition.yaml cannot be graded; a built-in
// metric needs no sandbox.
func TestGrader(t *testing.T) {
	starter, err := datasets.Load("../datasets/starter")
	if err != nil {
		t.Fatal(err)
	}
	noSandbox := func(context.Context, string) (external.Sandbox, error) { return nil, errors.New("no sandbox here") }
	g := &study.Grader{Dataset: starter, Sandbox: noSandbox}
	_, err = g.Grade(context.Background(), study.Submission{Competition: "titanic-mini", Path: "x.csv"})
	var ce *datasets.CompetitionError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "has no competition.yaml") {
		t.Errorf("an ungraded competition: %v", err)
	}
	mini, err := datasets.Load("../datasets/mini")
	if err != nil {
		t.Fatal(err)
	}
	g = &study.Grader{Dataset: mini, Sandbox: noSandbox}
	for range 2 {
		r, err := g.Grade(context.Background(), study.Submission{Competition: "titanic", Path: mini.AnswersPath("titanic")})
		if err != nil || !r.Valid {
			t.Errorf("%+v, %v", r, err)
		}
	}
}

// GradeAll grades built-in metrics without a backend (a bogus one is never
// opened) and refuses an ungraded competition as a usage error.
func TestGradeAll(t *testing.T) {
	mini, err := datasets.Load("../datasets/mini")
	if err != nil {
		t.Fatal(err)
	}
	subs := []study.Submission{{Competition: "titanic", Path: mini.AnswersPath("titanic")}, {Competition: "titanic", Path: "missing.csv"}}
	out, err := study.GradeAll(t.Context(), mini, subs, study.GradeOptions{Backend: "no-such-backend"})
	if err != nil || len(out) != 2 || !out[0].Valid || out[1].Valid {
		t.Fatalf("%+v, %v", out, err)
	}
	starter, err := datasets.Load("../datasets/starter")
	if err != nil {
		t.Fatal(err)
	}
	_, err = study.GradeAll(t.Context(), starter, []study.Submission{{Competition: "titanic-mini", Path: "x.csv"}}, study.GradeOptions{})
	var ue *study.UsageError
	if !errors.As(err, &ue) {
		t.Errorf("an ungraded competition: %v, want a UsageError", err)
	}
}
