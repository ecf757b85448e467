package main

import (
	"context"
	"errors"

	"erosion/datasets"
	"erosion/study"
)

// GradeCmd grades submission files the way a run's submission is graded:
// the competition's built-in metric, or its external grader in a fresh
// sandbox of its grading environment.
type GradeCmd struct {
	DatasetFlag
	BackendFlag
	SpecsFlag
	CacheFlag
	Competition string   `help:"Competition the submissions are for (a slug of the dataset); not needed with --submissions."`
	Files       []string `arg:"" optional:"" type:"path" help:"Submission files, or folders whose *.csv files are graded."`
	Submissions string   `type:"path" placeholder:"FILE" help:"JSON Lines of submissions, as MLE-bench's grade takes: {\"competition_id\": ..., \"submission_path\": ...} a line ('#' lines skipped)."`
	JSON        bool     `name:"json" help:"Print one JSON object per submission instead of a table."`
}

func (c *GradeCmd) Run(ctx context.Context) error {
	ds, err := c.load()
	if err != nil {
		return err
	}
	jobs, err := c.jobs(ds)
	if err != nil {
		return usage(err)
	}
	out, err := study.GradeAll(ctx, ds, jobs, study.GradeOptions{Backend: c.Backend, EnvsDir: c.EnvsDir, CacheDir: c.CacheDir})
	if err != nil {
		return err
	}
	return study.WriteGraded(stdout, out, c.JSON)
}

// jobs are the submissions the flags name.
func (c *GradeCmd) jobs(ds *datasets.Dataset) ([]study.Submission, error) {
	if c.Submissions != "" {
		if c.Competition != "" || len(c.Files) > 0 {
			return nil, errors.New("--submissions lists the competition of every submission: give no --competition or files with it")
		}
		return study.ReadSubmissions(c.Submissions, ds)
	}
	if c.Competition == "" || len(c.Files) == 0 {
		return nil, errors.New("name the competition (--competition SLUG) and the submission files, or give --submissions FILE.jsonl")
	}
	return study.SubmissionFiles(ds, c.Competition, c.Files)
}

// DatasetGradersCmd prints, per competition, the grader that grades it.
type DatasetGradersCmd struct {
	datasetArg `embed:""`
	JSON       bool `name:"json" help:"Print JSON Lines."`
}

func (c *DatasetGradersCmd) Run(context.Context) error {
	ds, err := c.load()
	if err != nil {
		return err
	}
	rows, err := study.DescribeGraders(ds)
	if err != nil {
		return usage(err)
	}
	return study.WriteGraders(stdout, rows, c.JSON)
}
