package grader_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"erosion/grading"
	"erosion/grading/external"
	"erosion/harness/backends"
	"erosion/harness/envs"
	"erosion/harness/grader"
)

const (
	competition = "toy-classification"
	answersCSV  = "id,label\n1,cat\n2,dog\n3,cat\n4,bird\n"
)

// withProgram is the sandbox of these tests: it binds the stand-in of
// MLE-bench's grade-sample (grading/external/testdata) into every grading,
// standing for a grading environment that has MLE-bench installed.
type withProgram struct {
	*grader.Sandbox
	program external.File
}

func (w withProgram) RunGrader(ctx context.Context, env string, argv []string, files []external.File, l external.Limits) (external.Output, error) {
	return w.Sandbox.RunGrader(ctx, env, argv, append(files, w.program), l)
}

const program = "/kaggle/input/opt/grade_sample.py"

// backend opens a backend and resolves trixie-slim on it; without the
// backend (no daemon, no bwrap) the test is skipped on a workstation and
// fails in CI.
func backend(t *testing.T, name string) withProgram {
	t.Helper()
	ctx := context.Background()
	b, err := backends.Open(ctx, name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	t.Cleanup(func() { backends.Close(b) })
	spec, err := envs.Load("../../configs/envs/trixie-slim.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cache, _ := os.UserCacheDir()
	inv, err := backends.Ready(ctx, b, spec, filepath.Join(cache, "erosion"))
	if err != nil {
		t.Fatalf("%v (make test builds it)", err)
	}
	prog, err := filepath.Abs("../../grading/external/testdata/grader/grade_sample.py")
	if err != nil {
		t.Fatal(err)
	}
	sb := &grader.Sandbox{Driver: b, Image: func(_ context.Context, env string) (string, error) {
		if env != "trixie-slim" {
			return "", &backends.NotBuiltError{Env: env, Backend: b.Name()}
		}
		return inv.Ref, nil
	}}
	return withProgram{sb, external.File{HostPath: prog, Path: program}}
}

func spec(mode string) external.Spec {
	return external.Spec{Kind: external.Kind, Env: "trixie-slim", Report: external.ReportMLEBench,
		Command:   []string{"python3", program, "grade-sample", "{submission}", "{competition}", "--data-dir", "{data_dir}", "--mode", mode},
		AnswersAt: "{competition}/prepared/private/test.csv"}
}

func answers(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "test.csv")
	if err := os.WriteFile(p, []byte(answersCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Dir(p), 0o755)
	return p
}

// The stand-in grade-sample runs in a fresh sandbox of each backend, and
// every way a grader can end is read the same.
func TestGradeOnBackends(t *testing.T) {
	for _, name := range []string{"docker", "sandbox"} {
		t.Run(name, func(t *testing.T) {
			sb := backend(t, name)
			ans := answers(t)
			good := []byte("id,label\n4,bird\n3,cat\n2,cat\n1,cat\n")
			cases := []struct {
				name    string
				spec    external.Spec
				sub     []byte
				score   float64
				invalid string
				failed  string // an ErrGrader mentioning this
			}{
				{"valid", spec("normal"), good, 0.75, "", ""},
				{"invalid", spec("normal"), []byte("id,species\n1,cat\n"), 0, "Submission must have a `label` column", ""},
				{"crash", spec("crash"), good, 0, "", "the grader has a bug"},
				{"timeout", withLimits(spec("sleep"), 3, 0), good, 0, "", "no report within 3s"},
				{"memory", withLimits(spec("hog"), 0, 128), good, 0, "", "exit code 137"},
				{"flood", spec("garbage"), good, 0, "", "no JSON report in the last"},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					score, _, err := external.Grade(t.Context(), sb, c.spec, competition, c.sub, ans)
					inv, isInv := errors.AsType[*grading.Invalid](err)
					switch {
					case c.failed != "":
						if !errors.Is(err, external.ErrGrader) || !strings.Contains(err.Error(), c.failed) {
							t.Errorf("Grade = %v, %v; want a grader failure mentioning %q", score, err, c.failed)
						}
					case c.invalid != "":
						if !isInv || inv.Reason != grading.ReasonGraderReject || !strings.Contains(inv.Detail, c.invalid) {
							t.Errorf("Grade = %v, %v; want invalid: %q", score, err, c.invalid)
						}
					case err != nil || score != c.score:
						t.Errorf("Grade = %v, %v; want %v", score, err, c.score)
					}
				})
			}
		})
	}
}

// The grader sees the submission and the answers (and, here, its program)
// under /kaggle/input, nothing else of the host; it cannot write them, has
// no network and is not root.
func TestGraderIsolation(t *testing.T) {
	for _, name := range []string{"docker", "sandbox"} {
		t.Run(name, func(t *testing.T) {
			sb := backend(t, name)
			s := external.Spec{Kind: external.Kind, Env: "trixie-slim", Report: external.ReportErosion,
				Command: []string{"python3", program, "erosion"}, AnswersAt: "{competition}/prepared/private/test.csv"}
			_, _, err := external.Grade(t.Context(), sb, s, competition, []byte("id,label\n1,cat\n"), answers(t))
			inv, ok := errors.AsType[*grading.Invalid](err)
			if !ok {
				t.Fatalf("Grade: %v", err)
			}
			want := "/kaggle/input/data/toy-classification/prepared/private/test.csv /kaggle/input/opt/grade_sample.py /kaggle/input/submission.csv net=unreachable write=no"
			if !strings.HasPrefix(inv.Detail, want) || strings.HasSuffix(inv.Detail, "uid=0") {
				t.Errorf("the grader reported %q, want %q and a uid other than 0", inv.Detail, want)
			}
		})
	}
}

// A grading environment that is not built stops the grading with the
// backend's instruction.
func TestGraderEnvNotBuilt(t *testing.T) {
	sb := backend(t, "docker")
	s := spec("normal")
	s.Env = "mlebench"
	_, _, err := external.Grade(t.Context(), sb, s, competition, []byte("id,label\n"), answers(t))
	if !errors.Is(err, external.ErrGrader) || !strings.Contains(err.Error(), "erosion envs build --backend docker mlebench") {
		t.Errorf("Grade = %v", err)
	}
}

// Files a grader should see outside /kaggle/input are refused: the sandbox
// backend could not mount them on its read-only root.
func TestFilesOutsideInputRoot(t *testing.T) {
	sb := &grader.Sandbox{Image: func(context.Context, string) (string, error) { return "x", nil }}
	_, err := sb.RunGrader(t.Context(), "e", []string{"true"}, []external.File{{HostPath: "/etc/hostname", Path: "/grader/x"}}, external.Limits{})
	if err == nil || !strings.Contains(err.Error(), "/kaggle/input/") {
		t.Errorf("RunGrader = %v", err)
	}
}

func withLimits(s external.Spec, timeoutS, memoryMB int) external.Spec {
	s.TimeoutS, s.MemoryMB = timeoutS, memoryMB
	return s
}
