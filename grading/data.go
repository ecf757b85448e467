package grading

import (
	"errors"
	"fmt"
)

// GradeData is Grade for a submission already read into memory (the
// harness reads it from the run's folder itself, with bounds, so that a
// run cannot point the grader at another file). A nil submission means the
// run wrote none.
func GradeData(spec Spec, submission []byte, answersPath string) (float64, error) {
	if !known(spec.Metric) {
		return 0, fmt.Errorf("grading: unknown metric %q", spec.Metric)
	}
	if spec.IDColumn == "" || spec.TargetColumn == "" {
		return 0, errors.New("grading: spec needs an id column and a target column")
	}
	answers, err := readAnswers(spec, answersPath)
	if err != nil {
		return 0, err
	}
	if submission == nil {
		return 0, &Invalid{ReasonMissing, "no submission file"}
	}
	sub, inv := readTable(submission, spec.IDColumn, spec.TargetColumn)
	if inv != nil {
		return 0, inv
	}
	preds, inv := align(spec.Metric, answers, sub)
	if inv != nil {
		return 0, inv
	}
	return Score(spec.Metric, spec.K, answers.values, preds)
}
