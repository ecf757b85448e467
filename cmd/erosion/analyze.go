package main

import (
	"context"

	"erosion/study"
)

// AnalyzeCmd summarises a results folder.
type AnalyzeCmd struct {
	StudyFlags
	JSON bool `help:"Print the summary as JSON (report.json's format, see report/report-json.md) instead of tables."`
}

func (c *AnalyzeCmd) Run(_ context.Context, _ *Globals) error {
	s, ds, err := c.load()
	if err != nil {
		return err
	}
	return study.Analyze(stdout, s, ds, erosionVersion(), c.JSON)
}
