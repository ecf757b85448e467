package datasets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"erosion/grading"
	"erosion/grading/external"
)

// Competition is competitions/<slug>/competition.yaml: how submissions of
// that competition are graded.
type Competition struct {
	Slug           string `yaml:"slug"`
	Title          string `yaml:"title"`
	Description    string `yaml:"description"`
	Metric         string `yaml:"metric"`
	HigherIsBetter bool   `yaml:"higher_is_better"`
	IDColumn       string `yaml:"id_column"`
	TargetColumn   string `yaml:"target_column"`
	SubmissionFile string `yaml:"submission_file"`
	K              int    `yaml:"k"` // for map@k
	ModelledOn     string `yaml:"modelled_on"`

	// The grading keys beyond one target column (grading/METRICS.md).
	TargetColumns   []string       `yaml:"target_columns"`
	AnswerColumn    string         `yaml:"answer_column"`
	Range           []float64      `yaml:"range"`
	SumTolerance    float64        `yaml:"sum_tolerance"`
	RequiredColumns []string       `yaml:"required_columns"`
	ExactColumns    bool           `yaml:"exact_columns"`
	ExtraIDs        bool           `yaml:"extra_ids"`
	Where           *grading.Where `yaml:"where"` // {column: …, equals: …}
	GroupColumn     string         `yaml:"group_column"`
	HeightColumn    string         `yaml:"height_column"`
	WidthColumn     string         `yaml:"width_column"`
	// Grader, when set, grades with an external command instead of a metric.
	Grader *external.Spec `yaml:"grader"`
	// Data, when set, references the competition's data where MLE-bench
	// prepared it instead of holding it in data/ and answers/ (reference.go).
	Data *DataRef `yaml:"data"`

	Dir string `yaml:"-"`
}

// Metrics a competition may name (the grading package implements them).
var Metrics = grading.Metrics()

// Spec is how the built-in metric grades the competition.
func (c *Competition) Spec() grading.Spec {
	return grading.Spec{Metric: c.Metric, HigherIsBetter: c.HigherIsBetter, IDColumn: c.IDColumn,
		TargetColumn: c.TargetColumn, TargetColumns: c.TargetColumns, AnswerColumn: c.AnswerColumn, K: c.K,
		Range: c.Range, SumTolerance: c.SumTolerance, RequiredColumns: c.RequiredColumns,
		ExactColumns: c.ExactColumns, ExtraIDs: c.ExtraIDs, Where: c.Where, GroupColumn: c.GroupColumn,
		HeightColumn: c.HeightColumn, WidthColumn: c.WidthColumn}
}

// CompetitionPath is where a competition's spec lives.
func (d *Dataset) CompetitionPath(slug string) string {
	return filepath.Join(d.Dir, "competitions", slug, "competition.yaml")
}

// AnswersPath is the hidden solution file: never mounted into a run.
func (d *Dataset) AnswersPath(slug string) string {
	if r := d.refs[slug]; r != nil {
		return r.AnswersFile()
	}
	return filepath.Join(d.Dir, "competitions", slug, "answers", "solution.csv")
}

// Competition reads and checks one competition's spec. A competition
// without competition.yaml is not graded (executability only): nil, nil.
func (d *Dataset) Competition(slug string) (*Competition, error) {
	path := d.CompetitionPath(slug)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var c Competition
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %s", path, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	c.Dir = filepath.Dir(path)
	if c.Slug == "" {
		c.Slug = slug
	}
	switch {
	case c.Slug != slug:
		return nil, fmt.Errorf("%s: field slug %q does not match its folder %q", path, c.Slug, slug)
	case c.Grader != nil:
		if err := c.Grader.Check(); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	case !slices.Contains(Metrics, c.Metric):
		return nil, fmt.Errorf("%s: field metric %q: use one of %s", path, c.Metric, strings.Join(Metrics, ", "))
	case c.IDColumn == "" || c.TargetColumn == "" && len(c.TargetColumns) == 0:
		return nil, fmt.Errorf("%s: fields id_column and target_column (or target_columns) are required", path)
	}
	if c.Grader == nil {
		if spec := c.Spec(); spec.Check() != nil {
			return nil, fmt.Errorf("%s: %v", path, spec.Check())
		}
	}
	if c.SubmissionFile == "" {
		c.SubmissionFile = "submission.csv"
	}
	if strings.Contains(c.SubmissionFile, "/") || strings.HasPrefix(c.SubmissionFile, ".") {
		return nil, fmt.Errorf("%s: field submission_file %q must be a plain file name in /kaggle/working", path, c.SubmissionFile)
	}
	if _, err := os.Stat(d.AnswersPath(slug)); err != nil {
		return nil, fmt.Errorf("%s: the competition has no hidden answers at %s", path, d.AnswersPath(slug))
	}
	return &c, nil
}
