// Package external grades a submission with a command run in its own
// grading environment: an erosion environment (for example one with
// MLE-bench installed) that sees only the submission and the answers, never
// the notebook's container, under a deadline and resource limits. The score,
// validity and reason come from the JSON report the command prints.
//
// The command runs through a Sandbox, which the execution backends
// implement; this package defines what it must do.
package external

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Spec is a competition.yaml grader: block of kind external:
//
//	grader:
//	  kind: external
//	  env: mlebench            # the erosion environment the grader runs in
//	  command: [mlebench, grade-sample, "{submission}", "{competition}", --data-dir, "{data_dir}"]
//	  report: mlebench         # grade-sample's report (default), or erosion
//	  answers_at: "{competition}/prepared/private/test.csv"
//	  timeout_s: 600
//	  memory_mb: 4096
//	  cpus: 1
type Spec struct {
	Kind      string   `yaml:"kind"`
	Env       string   `yaml:"env"`
	Command   []string `yaml:"command"`
	Report    string   `yaml:"report"`
	AnswersAt string   `yaml:"answers_at"`
	TimeoutS  int      `yaml:"timeout_s"`
	MemoryMB  int      `yaml:"memory_mb"`
	CPUs      float64  `yaml:"cpus"`
}

// Kind is Spec.Kind of an external grader.
const Kind = "external"

// Report formats.
const (
	ReportMLEBench = "mlebench" // MLE-bench's grade-sample competition report
	ReportErosion  = "erosion"  // {"score": 0.91, "valid": true, "reason": ""}
)

// Where the grader finds its inputs: under /kaggle/input, the one folder
// every backend can mount inputs in (the sandbox backend creates mount
// points only there, on a read-only root). The placeholders of
// Spec.Command are replaced by these paths and by the competition id.
const (
	SubmissionPath = "/kaggle/input/submission.csv"
	DataDir        = "/kaggle/input/data" // the answers are at DataDir/AnswersAt

	PlaceholderSubmission  = "{submission}"
	PlaceholderAnswers     = "{answers}"
	PlaceholderDataDir     = "{data_dir}"
	PlaceholderCompetition = "{competition}"
)

// Defaults of the limits a spec leaves out.
const (
	DefaultTimeout     = 600 * time.Second
	DefaultMemoryMB    = 4096
	DefaultCPUs        = 1
	DefaultPIDs        = 256
	DefaultOutputBytes = 1 << 20 // per stream
)

// File is a host file the grader sees, read-only, at Path.
type File struct {
	HostPath string
	Path     string
}

// Limits bound one grader run.
type Limits struct {
	Timeout     time.Duration
	MemoryBytes int64
	CPUs        float64
	PIDs        int
	OutputBytes int // per stream; the sandbox keeps the last OutputBytes of each
}

// Output is what a grader run left.
type Output struct {
	Stdout, Stderr []byte
	ExitCode       int
	Truncated      bool // a stream was longer than Limits.OutputBytes; its tail is kept
}

// Sandbox runs a grader command. An implementation starts a fresh,
// throw-away container (or sandbox) of the environment env with no
// network, all capabilities dropped, no new privileges, a read-only root, an
// unprivileged user, an empty writable /tmp, and each file bound read-only
// at its path (nothing else of the host), under the limits; it keeps at most
// Limits.OutputBytes of each stream (the tail, where reports are). It
// returns when the command exits, with its exit code; when ctx ends first it
// kills the command and returns ctx's error.
type Sandbox interface {
	RunGrader(ctx context.Context, env string, argv []string, files []File, limits Limits) (Output, error)
}

// ErrGrader is wrapped by every error that is the grader's failure rather
// than a verdict on the submission: a crash, a timeout, no report or a
// malformed one.
var ErrGrader = errors.New("external grader failed")

// Check says whether the spec is complete.
func (s *Spec) Check() error {
	switch {
	case s.Kind != Kind:
		return fmt.Errorf("grader kind %q: use %q (built-in metrics need no grader block)", s.Kind, Kind)
	case s.Env == "":
		return errors.New("grader: env names the environment the grader runs in")
	case len(s.Command) == 0:
		return errors.New("grader: command is empty")
	case s.Report != "" && s.Report != ReportMLEBench && s.Report != ReportErosion:
		return fmt.Errorf("grader: report %q: use %s or %s", s.Report, ReportMLEBench, ReportErosion)
	case s.TimeoutS < 0 || s.MemoryMB < 0 || s.CPUs < 0:
		return errors.New("grader: timeout_s, memory_mb and cpus must not be negative")
	}
	if s.AnswersAt != "" {
		clean := path.Clean(s.AnswersAt)
		if path.IsAbs(clean) || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
			return fmt.Errorf("grader: answers_at %q must be a relative path inside the data folder", s.AnswersAt)
		}
	}
	return nil
}

// limits are the spec's limits, defaults filled in.
func (s *Spec) limits() Limits {
	l := Limits{Timeout: DefaultTimeout, MemoryBytes: DefaultMemoryMB << 20, CPUs: DefaultCPUs, PIDs: DefaultPIDs, OutputBytes: DefaultOutputBytes}
	if s.TimeoutS > 0 {
		l.Timeout = time.Duration(s.TimeoutS) * time.Second
	}
	if s.MemoryMB > 0 {
		l.MemoryBytes = int64(s.MemoryMB) << 20
	}
	if s.CPUs > 0 {
		l.CPUs = s.CPUs
	}
	return l
}

// answersPath is where the grader finds the answers.
func (s *Spec) answersPath(competition, hostAnswers string) string {
	rel := filepath.Base(hostAnswers)
	if s.AnswersAt != "" {
		rel = strings.ReplaceAll(s.AnswersAt, PlaceholderCompetition, competition)
	}
	return path.Join(DataDir, path.Clean(rel))
}

// Argv is the command with its placeholders replaced.
func (s *Spec) Argv(competition, hostAnswers string) []string {
	r := strings.NewReplacer(
		PlaceholderSubmission, SubmissionPath,
		PlaceholderAnswers, s.answersPath(competition, hostAnswers),
		PlaceholderDataDir, DataDir,
		PlaceholderCompetition, competition,
	)
	argv := make([]string, len(s.Command))
	for i, a := range s.Command {
		argv[i] = r.Replace(a)
	}
	return argv
}

// Grade writes the submission bytes to a private temporary file, runs the
// grader over it and the answers in the sandbox, and reads its report.
// A submission the grader rejects is a *grading.Invalid with
// ReasonGraderReject and the grader's reason; a grader that fails wraps
// ErrGrader. The report is returned whenever one was read.
func Grade(ctx context.Context, sb Sandbox, spec Spec, competition string, submission []byte, answersPath string) (float64, *Report, error) {
	if err := spec.Check(); err != nil {
		return 0, nil, err
	}
	answers, err := filepath.Abs(answersPath)
	if err != nil {
		return 0, nil, err
	}
	if info, err := os.Stat(answers); err != nil || !info.Mode().IsRegular() {
		return 0, nil, fmt.Errorf("external grader: answers %s: not a regular file (%v)", answersPath, err)
	}
	dir, err := os.MkdirTemp("", "erosion-grade-")
	if err != nil {
		return 0, nil, err
	}
	defer os.RemoveAll(dir)
	sub := filepath.Join(dir, "submission.csv")
	// The folder is private (0700); the file itself is readable so that the
	// grader's unprivileged user can read it through its bind mount.
	if err := os.WriteFile(sub, submission, 0o444); err != nil {
		return 0, nil, err
	}

	limits := spec.limits()
	runCtx, cancel := context.WithTimeout(ctx, limits.Timeout)
	defer cancel()
	files := []File{{sub, SubmissionPath}, {answers, spec.answersPath(competition, answers)}}
	out, err := sb.RunGrader(runCtx, spec.Env, spec.Argv(competition, answers), files, limits)
	switch {
	case errors.Is(runCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil:
		return 0, nil, fmt.Errorf("%w: no report within %s (timeout_s)", ErrGrader, limits.Timeout)
	case err != nil:
		return 0, nil, fmt.Errorf("%w: %w", ErrGrader, err)
	}
	return interpret(spec.report(), competition, out, limits.OutputBytes)
}

func (s *Spec) report() string {
	if s.Report == "" {
		return ReportMLEBench
	}
	return s.Report
}
