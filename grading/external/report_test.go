package external

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"erosion/grading"
)

// mleLog is grade-sample's stderr around a report, as its logger writes it.
func mleLog(before, report string) []byte {
	return []byte(before + "[2024-10-01 12:00:00,000] [cli.py:202] Competition report:\n" +
		"[2024-10-01 12:00:00,001] [cli.py:203] " + report + "\n")
}

const validReport = `{
    "competition_id": "c1",
    "score": 0.83,
    "gold_threshold": 0.9,
    "silver_threshold": 0.85,
    "bronze_threshold": 0.8,
    "median_threshold": 0.7,
    "any_medal": true,
    "gold_medal": false,
    "silver_medal": false,
    "bronze_medal": true,
    "above_median": true,
    "submission_exists": true,
    "valid_submission": true,
    "is_lower_better": false,
    "created_at": "2024-10-01T12:00:00.000001",
    "submission_path": "/kaggle/input/submission.csv"
}`

func TestInterpret(t *testing.T) {
	invalidReport := strings.NewReplacer(`"score": 0.83`, `"score": null`, `"valid_submission": true`, `"valid_submission": false`).Replace(validReport)
	tests := []struct {
		name   string
		kind   string
		out    Output
		score  float64
		reason string // *grading.Invalid
		grader string // text of an ErrGrader
	}{
		{"mlebench report on stderr", ReportMLEBench, Output{Stderr: mleLog("[x] [y.py:1] Loading\n", validReport)}, 0.83, "", ""},
		{"mlebench invalid with its logged reason", ReportMLEBench,
			Output{Stderr: mleLog("[2024-10-01 12:00:00,000] [grade_helpers.py:43] Invalid submission: Submission must have the same length as the answers.\n", invalidReport)},
			0, grading.ReasonGraderReject, ""},
		{"NaN score from json.dumps", ReportMLEBench, Output{Stderr: mleLog("", strings.Replace(validReport, "0.83", "NaN", 1))}, 0, grading.ReasonUndefined, ""},
		{"-Infinity score", ReportMLEBench, Output{Stderr: mleLog("", strings.Replace(validReport, "0.83", "-Infinity", 1))}, 0, grading.ReasonUndefined, ""},
		{"the last report wins", ReportMLEBench, Output{Stderr: mleLog("", strings.Replace(validReport, "0.83", "0.1", 1)+"\n"+validReport)}, 0.83, "", ""},
		{"report after an exit code", ReportMLEBench, Output{Stderr: mleLog("", validReport), ExitCode: 1}, 0, "", "exit code 1"},
		{"submission not found by the grader", ReportMLEBench,
			Output{Stderr: mleLog("", strings.Replace(invalidReport, `"submission_exists": true`, `"submission_exists": false`, 1))}, 0, "", "did not find the submission"},
		{"a field of the wrong type", ReportMLEBench, Output{Stderr: mleLog("", strings.Replace(validReport, "0.83", `"high"`, 1))}, 0, "", "malformed report"},
		{"no report", ReportMLEBench, Output{Stdout: []byte("Traceback (most recent call last):\nKeyError: 'x'\n")}, 0, "", "no JSON report"},
		{"brace soup", ReportMLEBench, Output{Stdout: []byte(strings.Repeat(`{"competition_id":`, 100_000))}, 0, "", "no JSON report"},
		{"longer than the limit: only the tail is read", ReportMLEBench,
			Output{Stderr: mleLog("", validReport+strings.Repeat("x", 2000))}, 0, "", "no JSON report"},
		{"erosion valid", ReportErosion, Output{Stdout: []byte(`log line` + "\n" + `{"score": 12.5, "valid": true}`)}, 12.5, "", ""},
		{"erosion invalid", ReportErosion, Output{Stdout: []byte(`{"score": null, "valid": false, "reason": "no id column"}`)}, 0, grading.ReasonGraderReject, ""},
		{"erosion valid without a score", ReportErosion, Output{Stdout: []byte(`{"valid": true}`)}, 0, "", "no score"},
		{"erosion valid is null", ReportErosion, Output{Stdout: []byte(`{"valid": null, "score": 1}`)}, 0, "", "valid is null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			score, rep, err := interpret(tt.kind, "c1", tt.out, 1500)
			switch {
			case tt.grader != "":
				if !errors.Is(err, ErrGrader) || !strings.Contains(err.Error(), tt.grader) {
					t.Fatalf("interpret = %v, %v; want an ErrGrader mentioning %q", score, err, tt.grader)
				}
			case tt.reason != "":
				inv, ok := errors.AsType[*grading.Invalid](err)
				if !ok || inv.Reason != tt.reason {
					t.Fatalf("interpret = %v, %v; want an *Invalid %s", score, err, tt.reason)
				}
			default:
				if err != nil || score != tt.score {
					t.Fatalf("interpret = %v, %v; want %v", score, err, tt.score)
				}
				if rep == nil || rep.CompetitionID != "c1" {
					t.Errorf("report %+v", rep)
				}
			}
		})
	}
}

func TestInterpretReason(t *testing.T) {
	invalid := strings.NewReplacer(`"score": 0.83`, `"score": null`, `"valid_submission": true`, `"valid_submission": false`).Replace(validReport)
	out := Output{Stderr: mleLog("[t] [grade_helpers.py:43] Invalid submission: Submission and Answers `id`'s do not match\n", invalid)}
	_, rep, err := interpret(ReportMLEBench, "c1", out, DefaultOutputBytes)
	want := "invalid submission: grader-reject: Submission and Answers `id`'s do not match"
	if err == nil || err.Error() != want || rep.Reason != "Submission and Answers `id`'s do not match" {
		t.Errorf("error %v, reason %q; want %q", err, rep.Reason, want)
	}
}

func TestSpec(t *testing.T) {
	spec := mleSpec("normal")
	spec.Command = append(spec.Command, "{answers}")
	got := spec.Argv("spaceship-titanic", "/data/x/answers.csv")
	want := []string{"python3", "/opt/grader/grade_sample.py", "grade-sample", "/kaggle/input/submission.csv", "spaceship-titanic",
		"--data-dir", "/kaggle/input/data", "--mode", "normal", "/kaggle/input/data/spaceship-titanic/prepared/private/test.csv"}
	if !slices.Equal(got, want) {
		t.Errorf("Argv = %q\nwant   %q", got, want)
	}
	spec.AnswersAt = ""
	if got := spec.Argv("c", "/data/x/answers.csv"); got[len(got)-1] != "/kaggle/input/data/answers.csv" {
		t.Errorf("default answers path %q", got[len(got)-1])
	}
	l := spec.limits()
	if l.Timeout != DefaultTimeout || l.MemoryBytes != DefaultMemoryMB<<20 || l.OutputBytes != DefaultOutputBytes {
		t.Errorf("default limits %+v", l)
	}

	for _, tt := range []struct {
		change func(*Spec)
		text   string
	}{
		{func(s *Spec) { s.Kind = "builtin" }, `kind "builtin"`},
		{func(s *Spec) { s.Env = "" }, "env"},
		{func(s *Spec) { s.Command = nil }, "command is empty"},
		{func(s *Spec) { s.Report = "xml" }, `report "xml"`},
		{func(s *Spec) { s.AnswersAt = "../../etc/passwd" }, "relative path inside"},
		{func(s *Spec) { s.AnswersAt = "/etc/passwd" }, "relative path inside"},
		{func(s *Spec) { s.TimeoutS = -1 }, "negative"},
	} {
		s := mleSpec("normal")
		tt.change(&s)
		if err := s.Check(); err == nil || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("Check() = %v, want %q", err, tt.text)
		}
	}
}
