// Package targets measures each notebook's target score: the notebook run in
// its era environment (the newest Debian era before its date), graded, and
// written into the dataset's manifest.parquet.
package targets

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"erosion/datasets"
	"erosion/harness/envs"
	"erosion/records"
	"erosion/results"
	"erosion/study"
)

// Study is the study name target runs are recorded under.
const Study = "targets"

// Summary says what Measure found.
type Summary struct {
	Notebooks, Measured int
	Runs                study.Summary
}

// Subset restricts a measurement to some notebooks (empty: all of them).
type Subset struct {
	Notebooks, Competitions []string
}

// PlanError is a measurement refused before anything ran: the dataset or
// the subset is wrong.
type PlanError struct{ Err error }

func (e *PlanError) Error() string { return e.Err.Error() }
func (e *PlanError) Unwrap() error { return e.Err }

// Measure runs every notebook of ds (of the subset, when one is given) in its era environment (each recorded
// under the era's own name) with x, then writes manifest.parquet: per
// notebook its era, that environment's digest and the score it got there
// (measured_target), or a note saying why there is none. What mining
// recorded (the Kaggle target, runtime, accelerator, source, data paths)
// is kept; target_score is the target dataset.yaml's target: chooses. The old manifest stays in place until the
// new one is complete, so an interrupted measurement loses nothing; it
// resumes from x's results folder. Notebooks outside the subset keep the
// rows they had.
func Measure(ctx context.Context, x *study.Executor, ds *datasets.Dataset, eras *envs.Eras, specs func(string) (*envs.Spec, error), only Subset) (Summary, error) {
	var sum Summary
	old, err := ds.Manifest()
	if err != nil {
		return sum, err
	}
	prev := map[string]datasets.Entry{}
	for _, e := range old {
		prev[e.NotebookID] = e
	}
	plan, err := study.NewPlan(ds, study.Options{Study: Study, Eras: eras, Specs: specs, EraLabels: true, Confirm: 1,
		Notebooks: only.Notebooks, Competitions: only.Competitions})
	if err != nil {
		var ue *datasets.UnverifiedError
		if errors.As(err, &ue) {
			return sum, err
		}
		return sum, &PlanError{err}
	}
	selected := map[string]bool{}
	for _, t := range plan.Tasks {
		selected[t.NotebookID] = true
	}
	if sum.Runs, err = x.Run(ctx, plan); err != nil {
		return sum, err
	}
	byNB := map[string]records.Run{}
	for _, t := range plan.Tasks {
		if e, ok := x.Results.Finished(t.Key()); ok {
			byNB[t.NotebookID] = e.Run
		}
	}
	var rows []datasets.Entry
	for _, nb := range ds.Notebooks {
		if p, ok := prev[nb.ID]; ok && !selected[nb.ID] {
			if p.TargetScore != nil {
				sum.Measured++
			}
			rows = append(rows, p)
			continue
		}
		e, err := ds.Describe(nb)
		if err != nil {
			return sum, err
		}
		if p, ok := prev[nb.ID]; ok {
			e.KaggleRuntimeS, e.Accelerator, e.Source, e.SourceRef = p.KaggleRuntimeS, p.Accelerator, p.Source, p.SourceRef
			e.KaggleTarget, e.DataPaths = p.KaggleTarget, p.DataPaths
		}
		r, ok := byNB[nb.ID]
		e.EraEnv = eras.For(nb.Date())
		if ok {
			e.EraEnvDigest = r.EnvDigest
			e.MeasuredTarget = r.Score
		}
		// Both targets stay in the manifest; target_score is the one
		// dataset.yaml's target: makes verdicts use.
		ds.SetTarget(&e)
		switch {
		case !ok:
			e.TargetNote = "not run"
		case r.Score == nil && r.ExceptionType != "":
			e.TargetNote = fmt.Sprintf("no valid submission in %s: %s: %s", e.EraEnv, r.ExceptionType, firstLine(r.ExceptionMsg))
		case r.Score == nil:
			e.TargetNote = fmt.Sprintf("no valid submission in %s (%s %s)", e.EraEnv, r.Status, r.FailureCategory)
		default:
			sum.Measured++
		}
		rows = append(rows, e)
	}
	sum.Notebooks = len(rows)
	return sum, ds.WriteManifest(rows)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return results.Clip(s, 300)
}

// MeasureIn is Measure as one call from a configuration: the dataset
// c.Dataset (its subset c.Notebooks, c.Competitions) measured in the era
// environments of the era table eraTable, with runs made as s says, then
// sealed when seal is set. A dataset or subset that cannot be measured is a
// study.UsageError; an interruption a study.InterruptedError.
func MeasureIn(ctx context.Context, s study.Setup, c study.Config, eraTable string, seal bool) (Summary, error) {
	ds, err := datasets.Load(c.Dataset)
	if err != nil {
		return Summary{}, &study.UsageError{Err: err}
	}
	eras, err := c.EraTable(eraTable)
	if err != nil {
		return Summary{}, err
	}
	study.WarnEmptyData(ds, c.Competitions)
	x, closeAll, err := study.Open(ctx, s)
	if err != nil {
		return Summary{}, err
	}
	defer closeAll()
	sum, err := Measure(ctx, x, ds, eras, c.Find, Subset{Notebooks: c.Notebooks, Competitions: c.Competitions})
	if err != nil {
		var ue *datasets.UnverifiedError
		var pe *PlanError
		if errors.As(err, &ue) || errors.As(err, &pe) {
			return sum, &study.UsageError{Err: err}
		}
		if study.Interrupted(err) {
			return sum, &study.InterruptedError{Recorded: x.Results.Count(), Err: err}
		}
		return sum, err
	}
	slog.Info("targets measured", "notebooks", sum.Notebooks, "with_target", sum.Measured, "manifest", ds.ManifestPath())
	if seal {
		return sum, ds.Seal()
	}
	return sum, nil
}
