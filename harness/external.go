package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"

	"erosion/atomicfile"
	"erosion/grading"
	"erosion/grading/external"
)

// ExternalGrader grades a competition with an external grader (its
// competition.yaml's grader: block) instead of a built-in metric: a
// command run in its own grading environment that sees only the
// submission and the answers (grading/external, harness/grader).
type ExternalGrader struct {
	Spec external.Spec
	// Competition is the id the grader knows the competition by (its
	// MLE-bench id).
	Competition string
	// Sandbox runs the grader; the executor sets it once the grading
	// environment is found built.
	Sandbox external.Sandbox
}

// GraderReportFile is where a run's folder keeps the external grader's
// report (MLE-bench's medals and thresholds among it).
const GraderReportFile = "grader-report.json"

// Score grades submission bytes: the competition's built-in metric, or
// its external grader. A grader that fails wraps external.ErrGrader; an
// invalid submission is a *grading.Invalid. When reportDir is set, an
// external grader's report is written there.
func (g *Grading) Score(ctx context.Context, submission []byte, reportDir string) (float64, *external.Report, error) {
	if g.External == nil {
		score, err := grading.GradeData(g.Spec, submission, g.Answers)
		return score, nil, err
	}
	if g.External.Sandbox == nil {
		return 0, nil, fmt.Errorf("%w: no sandbox to run it in (its environment %s was not prepared)", external.ErrGrader, g.External.Spec.Env)
	}
	score, rep, err := external.Grade(ctx, g.External.Sandbox, g.External.Spec, g.External.Competition, submission, g.Answers)
	if rep != nil && reportDir != "" {
		if data, jerr := json.MarshalIndent(rep, "", "  "); jerr == nil {
			atomicfile.WriteFile(filepath.Join(reportDir, GraderReportFile), append(data, '\n'), 0o644)
		}
	}
	return score, rep, err
}

// graderFailed reports whether a grading error is the external grader's
// own failure (not a verdict on the submission).
func graderFailed(err error) bool { return errors.Is(err, external.ErrGrader) }
