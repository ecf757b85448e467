package main

import (
	"context"

	"erosion/study"
)

// ReportCmd writes the study report with its tables and figures.
type ReportCmd struct {
	StudyFlags
	Out string `type:"path" placeholder:"DIR" help:"Folder to write report.html, report.md, report.json, tables/ and figures/ (default: the results folder)."`
}

func (c *ReportCmd) Run(context.Context, *Globals) error {
	s, ds, err := c.load()
	if err != nil {
		return err
	}
	return study.Report(stdout, s, ds, c.Out, erosionVersion())
}
