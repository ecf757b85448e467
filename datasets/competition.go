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

	Dir string `yaml:"-"`
}

// Metrics a competition may name (the grading package implements them).
var Metrics = []string{"accuracy", "macro_f1", "roc_auc", "log_loss", "rmse", "log_rmse", "rmsle", "mae", "map@k"}

// CompetitionPath is where a competition's spec lives.
func (d *Dataset) CompetitionPath(slug string) string {
	return filepath.Join(d.Dir, "competitions", slug, "competition.yaml")
}

// AnswersPath is the hidden solution file: never mounted into a run.
func (d *Dataset) AnswersPath(slug string) string {
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
	case !slices.Contains(Metrics, c.Metric):
		return nil, fmt.Errorf("%s: field metric %q: use one of %s", path, c.Metric, strings.Join(Metrics, ", "))
	case c.IDColumn == "" || c.TargetColumn == "":
		return nil, fmt.Errorf("%s: fields id_column and target_column are required", path)
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
