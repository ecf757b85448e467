// Package mlebench maps MLE-bench's competitions to erosion's graders: the
// built-in metric and spec that grade a competition the way MLE-bench's
// grade function does, or MLE-bench's own grade-sample run as an external
// grader where erosion has no equivalent.
//
// The facts (grader names, columns, validation rules, answers files) are
// read from MLE-bench's registry, mlebench/competitions/<id>/config.yaml and
// grade.py; METRICS.md describes each metric.
package mlebench

import (
	"fmt"
	"slices"
	"strings"

	"erosion/grading"
	"erosion/grading/external"
)

// Grader is how one MLE-bench competition is graded.
type Grader struct {
	ID      string        // the competition id (its Kaggle slug)
	Name    string        // MLE-bench's grader.name
	Answers string        // dataset.answers' file, under <id>/prepared/private/
	Spec    *grading.Spec // the built-in metric; nil: the external grader
	Note    string        // where erosion's grading differs from MLE-bench's, or why it is external
}

// Builtin says whether a built-in metric grades the competition.
func (g Grader) Builtin() bool { return g.Spec != nil }

// AnswersAt is the answers' path relative to an MLE-bench data folder.
func (g Grader) AnswersAt() string { return g.ID + "/prepared/private/" + g.Answers }

// External is the external grader that runs MLE-bench's own grade-sample
// in the environment env (one with MLE-bench installed): the fallback for
// every competition, and the only grader of those without a built-in one.
func (g Grader) External(env string) external.Spec {
	return external.Spec{
		Kind: external.Kind, Env: env, Report: external.ReportMLEBench,
		Command: []string{"mlebench", "grade-sample", external.PlaceholderSubmission, external.PlaceholderCompetition,
			"--data-dir", external.PlaceholderDataDir},
		AnswersAt: external.PlaceholderCompetition + "/prepared/private/" + g.Answers,
	}
}

// Lookup finds a competition's grader.
func Lookup(id string) (Grader, bool) {
	i, ok := slices.BinarySearchFunc(graders, id, func(g Grader, id string) int { return strings.Compare(g.ID, id) })
	if !ok {
		return Grader{}, false
	}
	return graders[i], true
}

// Graders lists every competition of MLE-bench's registry, sorted by id.
func Graders() []Grader { return slices.Clone(graders) }

// Row is one line of the table of graders.
type Row struct {
	Competition string // id
	MLEBench    string // MLE-bench's grader name, "" for an unknown competition
	Grader      string // "builtin", "external" or "unknown"
	Detail      string // the metric and columns, or why external
}

// Table says, for each competition id (all of MLE-bench's when ids is
// empty), which grader erosion uses.
func Table(ids []string) []Row {
	if len(ids) == 0 {
		for _, g := range graders {
			ids = append(ids, g.ID)
		}
	}
	rows := make([]Row, 0, len(ids))
	for _, id := range ids {
		g, ok := Lookup(id)
		switch {
		case !ok:
			rows = append(rows, Row{id, "", "unknown", "not in MLE-bench's registry"})
		case g.Builtin():
			d := Describe(*g.Spec)
			if g.Note != "" {
				d += "; " + g.Note
			}
			rows = append(rows, Row{id, g.Name, "builtin", d})
		default:
			rows = append(rows, Row{id, g.Name, "external", "mlebench grade-sample: " + g.Note})
		}
	}
	return rows
}

// Describe says in one line how a spec grades: metric, direction, columns
// and rules.
func Describe(s grading.Spec) string {
	targets := s.TargetColumns
	if s.TargetColumn != "" {
		targets = []string{s.TargetColumn}
	}
	col := strings.Join(targets, ", ")
	if len(targets) > 4 {
		col = fmt.Sprintf("%s, … (%d columns)", strings.Join(targets[:3], ", "), len(targets))
	}
	if slices.Equal(targets, []string{grading.AllColumns}) {
		col = "every answers column"
	}
	metric := s.Metric
	if s.Metric == grading.MAPK {
		metric = fmt.Sprintf("map@%d", max(s.K, 1))
	}
	if len(targets) > 1 && !slices.Contains([]string{grading.MulticlassLogLoss, grading.KLDivergence, grading.LWLRAP, grading.MeanAngularError}, s.Metric) {
		metric = "mean column-wise " + metric
	}
	dir := "lower is better"
	if s.HigherIsBetter {
		dir = "higher is better"
	}
	parts := []string{fmt.Sprintf("%s (%s), %s → %s", metric, dir, s.IDColumn, col)}
	if s.AnswerColumn != "" {
		parts = append(parts, "answers column "+s.AnswerColumn)
	}
	if len(s.Range) == 2 {
		parts = append(parts, fmt.Sprintf("range [%g, %g]", s.Range[0], s.Range[1]))
	}
	if s.SumTolerance > 0 {
		parts = append(parts, fmt.Sprintf("rows sum to 1 ± %g", s.SumTolerance))
	}
	if s.Where != nil {
		parts = append(parts, fmt.Sprintf("scored where %s = %s", s.Where.Column, s.Where.Equals))
	}
	if s.GroupColumn != "" {
		parts = append(parts, "grouped by "+s.GroupColumn)
	}
	if s.HeightColumn != "" {
		parts = append(parts, fmt.Sprintf("masks within %s × %s", s.HeightColumn, s.WidthColumn))
	}
	if len(s.RequiredColumns) > 0 {
		parts = append(parts, "also requires "+strings.Join(s.RequiredColumns, ", "))
	}
	if s.ExactColumns {
		parts = append(parts, "no other columns")
	}
	if s.ExtraIDs {
		parts = append(parts, "extra ids ignored")
	}
	return strings.Join(parts, "; ")
}
