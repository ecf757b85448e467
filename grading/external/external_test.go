package external

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"erosion/grading"
)

const (
	competition = "toy-classification"
	answersCSV  = "id,label\n1,cat\n2,dog\n3,cat\n4,bird\n"
)

func writeAnswers(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "test.csv")
	if err := os.WriteFile(p, []byte(answersCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGradeInEnvironment runs the stand-in grade-sample in the trixie-slim
// environment through a real `docker run` sandbox, once per behaviour a
// grader can show.
func TestGradeInEnvironment(t *testing.T) {
	sb := dockerSandbox{t: t, extra: []File{graderProgram(t)}}
	answers := writeAnswers(t)
	good := []byte("id,label\n4,bird\n3,cat\n2,cat\n1,cat\n")
	tests := []struct {
		name    string
		spec    Spec
		sub     []byte
		score   float64
		reason  string // *grading.Invalid reason
		grader  bool   // wraps ErrGrader
		text    string
		medal   bool
		checkFn func(t *testing.T, rep *Report)
	}{
		{name: "valid", spec: mleSpec("normal"), sub: good, score: 0.75,
			checkFn: func(t *testing.T, rep *Report) {
				if rep.CompetitionID != competition || rep.IsLowerBetter || !rep.AboveMedian || rep.AnyMedal || rep.GoldThreshold != 0.95 {
					t.Errorf("report %+v", rep)
				}
				if rep.SubmissionPath != SubmissionPath {
					t.Errorf("the grader saw the submission at %q, want %q", rep.SubmissionPath, SubmissionPath)
				}
			}},
		{name: "invalid, with MLE-bench's logged reason", spec: mleSpec("normal"), sub: []byte("id,species\n1,cat\n"),
			reason: grading.ReasonGraderReject, text: "Submission must have a `label` column"},
		{name: "unexpected error in grade_fn", spec: mleSpec("normal"), sub: []byte("id,label\n1,cat\n2,dog\n3,cat\n4,bird,x,y\n"),
			reason: grading.ReasonGraderReject, text: "Unexpected error"},
		{name: "crash", spec: mleSpec("crash"), sub: good, grader: true, text: "the grader has a bug"},
		{name: "missing fields", spec: mleSpec("missing-field"), sub: good, grader: true, text: "lacks valid_submission, is_lower_better"},
		{name: "report for another competition", spec: mleSpec("wrong-competition"), sub: good, grader: true, text: `"another-competition"`},
		{name: "NaN score", spec: mleSpec("nan"), sub: good, reason: grading.ReasonUndefined},
		{name: "huge garbage output, no report", spec: mleSpec("garbage"), sub: good, grader: true, text: "no JSON report in the last 1048576 bytes"},
		{name: "megabytes of noise, then the report", spec: mleSpec("noisy"), sub: good, score: 0.75},
		{name: "over its memory limit", spec: withLimits(mleSpec("hog"), 0, 128), sub: good, grader: true, text: "exit code 137"},
		{name: "timeout", spec: withLimits(mleSpec("sleep"), 3, 0), sub: good, grader: true, text: "no report within 3s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			score, rep, err := Grade(t.Context(), sb, tt.spec, competition, tt.sub, answers)
			switch {
			case tt.grader:
				if !errors.Is(err, ErrGrader) {
					t.Fatalf("Grade = %v, %v; want an ErrGrader", score, err)
				}
			case tt.reason != "":
				inv, ok := errors.AsType[*grading.Invalid](err)
				if !ok || inv.Reason != tt.reason {
					t.Fatalf("Grade = %v, %v; want an *Invalid %s", score, err, tt.reason)
				}
				if rep == nil {
					t.Error("no report returned with the verdict")
				}
			default:
				if err != nil || score != tt.score {
					t.Fatalf("Grade = %v, %v; want %v", score, err, tt.score)
				}
			}
			if tt.text != "" && (err == nil || !strings.Contains(err.Error(), tt.text)) {
				t.Errorf("error %v does not mention %q", err, tt.text)
			}
			if tt.checkFn != nil {
				tt.checkFn(t, rep)
			}
		})
	}
	waitGone(t)
}

func withLimits(s Spec, timeoutS, memoryMB int) Spec {
	s.TimeoutS, s.MemoryMB = timeoutS, memoryMB
	return s
}

// The grader sees the submission and the answers and nothing else of the
// host, cannot write them, and has no network.
func TestGraderSeesOnlyItsInputs(t *testing.T) {
	sb := dockerSandbox{t: t, extra: []File{graderProgram(t)}}
	spec := Spec{Kind: Kind, Env: "trixie-slim", Report: ReportErosion,
		Command:   []string{"python3", "/opt/grader/grade_sample.py", "erosion"},
		AnswersAt: "{competition}/prepared/private/test.csv"}
	_, rep, err := Grade(t.Context(), sb, spec, competition, []byte("id,label\n1,cat\n"), writeAnswers(t))
	inv, ok := errors.AsType[*grading.Invalid](err)
	if !ok {
		t.Fatalf("Grade: %v", err)
	}
	want := "/kaggle/input/data/toy-classification/prepared/private/test.csv /kaggle/input/submission.csv net=unreachable write=no uid=65534"
	if inv.Detail != want || rep.Reason != want {
		t.Errorf("the grader reported %q, want %q", inv.Detail, want)
	}
}

// A caller's cancellation is not a timeout, and the container goes away.
func TestGradeCancelled(t *testing.T) {
	sb := dockerSandbox{t: t, extra: []File{graderProgram(t)}}
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() {
		_, _, err := Grade(ctx, sb, mleSpec("sleep"), competition, []byte("id,label\n"), writeAnswers(t))
		errc <- err
	}()
	for running(t) == 0 {
		select {
		case err := <-errc:
			t.Fatalf("Grade returned before it was cancelled: %v", err)
		case <-time.After(200 * time.Millisecond):
		}
	}
	cancel()
	err := <-errc
	if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "timeout_s") {
		t.Errorf("Grade = %v; want a cancellation, not a timeout", err)
	}
	waitGone(t)
}
