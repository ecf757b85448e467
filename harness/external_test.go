package harness_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/grading/external"
	"erosion/harness"
	"erosion/harness/grader"
	"erosion/records"
)

// progSandbox binds the stand-in of MLE-bench's grade-sample into each
// grading (a grading environment with MLE-bench installed, in effect).
type progSandbox struct{ *grader.Sandbox }

func (p progSandbox) RunGrader(ctx context.Context, env string, argv []string, files []external.File, l external.Limits) (external.Output, error) {
	prog, _ := filepath.Abs("../grading/external/testdata/grader/grade_sample.py")
	return p.Sandbox.RunGrader(ctx, env, argv, append(files, external.File{HostPath: prog, Path: "/kaggle/input/opt/grade_sample.py"}), l)
}

// A run of a competition with an external grader is graded by it; when the
// grader fails, the run is counted as failed for that reason, not as the
// notebook's failure or a non-reproduction.
func TestExternalGraderOutcome(t *testing.T) {
	b, img := realBackend(t)
	dir := t.TempDir()
	answers := filepath.Join(dir, "test.csv")
	os.WriteFile(answers, []byte("id,label\n1,cat\n2,dog\n"), 0o644)
	working := filepath.Join(dir, "run", "working")
	os.MkdirAll(working, 0o755)
	os.WriteFile(filepath.Join(working, "submission.csv"), []byte("id,label\n1,cat\n2,cat\n"), 0o644)
	sb := progSandbox{&grader.Sandbox{Driver: b, Image: func(context.Context, string) (string, error) { return img, nil }}}
	target := 0.5
	for mode, check := range map[string]func(r records.Run){
		"normal": func(r records.Run) {
			if r.Score == nil || *r.Score != 0.5 || r.OutcomeClass != records.ClassErrorFreeReproducible || r.FailureCategory != "" {
				t.Errorf("graded run: %+v", r)
			}
			if _, err := os.Stat(filepath.Join(dir, "run", harness.GraderReportFile)); err != nil {
				t.Errorf("the grader's report was not kept: %v", err)
			}
		},
		"crash": func(r records.Run) {
			if r.Score != nil || r.OutcomeClass != records.ClassFailed || r.FailureCategory != harness.FailGrader ||
				!strings.Contains(r.ExceptionMsg, "the grader has a bug") {
				t.Errorf("run whose grader crashed: %+v", r)
			}
		},
	} {
		g := &harness.Grading{Answers: answers, SubmissionFile: "submission.csv", Target: &target, Tolerance: 0.1,
			External: &harness.ExternalGrader{Competition: "toy", Sandbox: sb, Spec: external.Spec{Kind: external.Kind, Env: "trixie-slim",
				Command:   []string{"python3", "/kaggle/input/opt/grade_sample.py", "grade-sample", "{submission}", "{competition}", "--data-dir", "{data_dir}", "--mode", mode},
				AnswersAt: "{competition}/prepared/private/test.csv"}}}
		r := records.Run{Status: records.StatusOK}
		harness.Grade(t.Context(), &r, g, working)
		check(r)
	}
}
