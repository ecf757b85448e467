package main

import (
	"context"
	"errors"
	"strings"

	"erosion/mining/mlebench"
	"erosion/study"
)

// mlebenchFlags make a dataset's competitions reference MLE-bench's
// prepared data (not copied) and graders.
type mlebenchFlags struct {
	MLEBenchData     string   `name:"mlebench-data" type:"path" placeholder:"DIR" help:"MLE-bench data folder (<id>/prepared/public, <id>/prepared/private, as 'mlebench prepare' writes it): the competitions reference it by path, nothing is copied."`
	MLEBenchRegistry string   `name:"mlebench-registry" type:"path" placeholder:"DIR" help:"MLE-bench's repository (or its mlebench/competitions folder): each competition's config.yaml and description."`
	MLEBenchExternal []string `name:"mlebench-external" placeholder:"ID,...|all" help:"Competitions graded by MLE-bench's own grade-sample (an external grader) even where erosion has a built-in metric; 'all' for every one."`
	MLEBenchGrader   string   `name:"mlebench-grader-env" default:"mlebench" help:"Environment (in --envs-dir) the external graders run in: one with MLE-bench installed."`
	MLEBenchCommand  string   `name:"mlebench-grade-command" default:"mlebench grade-sample" help:"The external grader's command, before its arguments SUBMISSION COMPETITION_ID --data-dir DIR."`
}

// source is the competition source the flags describe; nil without
// --mlebench-data.
func (f mlebenchFlags) source() (*mlebench.Source, error) {
	switch {
	case f.MLEBenchData == "" && f.MLEBenchRegistry == "":
		return nil, nil
	case f.MLEBenchData == "" || f.MLEBenchRegistry == "":
		return nil, errors.New("--mlebench-data and --mlebench-registry go together: MLE-bench's data folder and its repository")
	}
	src, err := mlebench.Open(f.MLEBenchData, f.MLEBenchRegistry)
	if err != nil {
		return nil, err
	}
	src.External, src.GraderEnv, src.GradeCommand = f.MLEBenchExternal, f.MLEBenchGrader, strings.Fields(f.MLEBenchCommand)
	if len(src.GradeCommand) == 0 {
		return nil, errors.New("--mlebench-grade-command is empty")
	}
	return src, nil
}

// DatasetMLEBenchCmd points an existing dataset's competitions at MLE-bench's
// data and graders (or re-points them after the data moved).
type DatasetMLEBenchCmd struct {
	DatasetFlag
	mlebenchFlags `embed:""`
	Competitions  []string `name:"competition" help:"Only these competitions (default: every one of the dataset)."`
}

func (c *DatasetMLEBenchCmd) Run(context.Context) error {
	ds, err := c.load()
	if err != nil {
		return err
	}
	if c.MLEBenchData == "" {
		return usage(errors.New("--mlebench-data and --mlebench-registry are required"))
	}
	src, err := c.source()
	if err != nil {
		return usage(err)
	}
	return study.LinkMLEBench(stdout, ds, src, c.Competitions)
}
